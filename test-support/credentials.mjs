// Test oracles for credentials: what a Basic header and a JWT look like on the wire.
// One copy, used by the tests, the mock vendors and the proxy.

/**
 * RFC 7617 Basic credentials as the server receives them: Base64 of the raw `user:password`.
 * @param {string} user
 * @param {string} password
 */
export function basicHeader(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`
}

/**
 * A JWT-shaped token with the given claims and a fake signature (nothing here verifies it).
 * @param {Record<string, unknown>} claims
 */
export function unsignedJwt(claims) {
  const encode = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`
}

/** The current time in whole seconds, as JWT claims count it. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000)
}
