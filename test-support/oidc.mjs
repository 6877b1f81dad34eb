// For the mock vendors: an emulation of GitHub's OIDC ID token endpoint, and the checks a real
// authorization server makes of the tokens and client assertions the action sends. Verification
// uses `jose`, an implementation independent of the action's own node:crypto signing code.
// Every key here is a throwaway test key (test-support/oidc/README.md).
//
// GitHub's endpoint, as @actions/core's getIDToken calls it: GET $ACTIONS_ID_TOKEN_REQUEST_URL
// (which already has ?api-version=...) &audience=<aud>, Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answer {"value": <JWT>}; without an audience the token's aud is the repository owner's URL.
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SignJWT, createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'

const KEY_DIR = join(dirname(fileURLToPath(import.meta.url)), 'oidc')
const ISSUER_KID = 'mock-github-oidc'
const ID_TOKEN_LIFETIME_SECONDS = 300
// What a strict server allows a client assertion: at most 5 minutes of life, a little clock skew.
const MAX_ASSERTION_LIFETIME_SECONDS = 300
const CLOCK_SKEW_SECONDS = 5

/** The demo client's private_key_jwt keys (PEM text), by the name the tests and the demo use. */
export const CLIENT_KEYS = {
  rsa: readFileSync(join(KEY_DIR, 'client-rsa.pem'), 'utf8'),
  'rsa-pkcs1': readFileSync(join(KEY_DIR, 'client-rsa-pkcs1.pem'), 'utf8'),
  ec: readFileSync(join(KEY_DIR, 'client-ec.pem'), 'utf8')
}
/** The demo client's certificate of its RSA key, for Entra ID's certificate credentials (x5t#S256). */
export const CLIENT_CERTIFICATES = { rsa: readFileSync(join(KEY_DIR, 'client-rsa-cert.pem'), 'utf8') }
/** The kid of each of the demo client's public keys. */
export const CLIENT_KEY_IDS = { rsa: 'demo-rsa', ec: 'demo-ec' }

/** What the emulated GitHub endpoint accepts and puts in its tokens. */
export const GITHUB_OIDC_DEMO = {
  requestToken: 'demo-id-token-request-token',
  owner: 'demo-org',
  subject: 'repo:demo-org/demo-repo:ref:refs/heads/main'
}

/** The environment the runner gives a job with `permissions: id-token: write`, pointing at the mock. */
export function githubIdTokenEnv(mockUrl) {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${mockUrl}/github-oidc/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_OIDC_DEMO.requestToken
  }
}

/** The demo client's public keys as a JWKS (no alg on the RSA key: it signs RS256 and PS256). */
function clientJwks() {
  const jwk = (pem, kid) => ({ ...createPublicKey(pem).export({ format: 'jwk' }), kid, use: 'sig' })
  return { keys: [jwk(CLIENT_KEYS.rsa, CLIENT_KEY_IDS.rsa), jwk(CLIENT_KEYS.ec, CLIENT_KEY_IDS.ec)] }
}

/**
 * The emulated GitHub OIDC issuer at `issuer` (the mock's /github-oidc URL) and the verifiers.
 * `seen` collects every ID token issued and every assertion received, so tests can prove none is logged.
 */
export function createOidc(issuer) {
  const signingKey = createPrivateKey(readFileSync(join(KEY_DIR, 'issuer-rsa.pem'), 'utf8'))
  const jwks = {
    keys: [{ ...createPublicKey(signingKey).export({ format: 'jwk' }), kid: ISSUER_KID, alg: 'RS256', use: 'sig' }]
  }
  const issuerKeys = createLocalJWKSet(jwks)
  const clientKeys = createLocalJWKSet(clientJwks())
  const usedJtis = new Set()
  const seen = { idTokens: [], assertions: [] }

  async function issueIdToken(audience) {
    const now = Math.floor(Date.now() / 1000)
    const token = await new SignJWT({
      repository: 'demo-org/demo-repo',
      repository_owner: GITHUB_OIDC_DEMO.owner,
      ref: 'refs/heads/main',
      event_name: 'push',
      workflow: 'E2E',
      run_id: '1'
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ISSUER_KID })
      .setIssuer(issuer)
      .setSubject(GITHUB_OIDC_DEMO.subject)
      .setAudience(audience || `https://github.com/${GITHUB_OIDC_DEMO.owner}`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ID_TOKEN_LIFETIME_SECONDS)
      .sign(signingKey)
    seen.idTokens.push(token)
    return token
  }

  return {
    issuer,
    jwks,
    seen,

    /** GET /github-oidc/idtoken?api-version=...&audience=...: {"value": <JWT>} for the demo request token. */
    async idTokenEndpoint(request, url) {
      if (request.headers.authorization !== `Bearer ${GITHUB_OIDC_DEMO.requestToken}`) {
        return [401, { message: 'Bad credentials' }]
      }
      if (!url.searchParams.get('api-version')) return [400, { message: 'api-version is required' }]
      return [200, { count: 1, value: await issueIdToken(url.searchParams.get('audience') ?? '') }]
    },

    /** undefined when `token` is a GitHub ID token of this issuer for `audience`, else why not. */
    async idTokenProblem(token, audience) {
      if (typeof token === 'string') seen.assertions.push(token)
      try {
        await jwtVerify(token, issuerKeys, {
          issuer,
          audience,
          subject: GITHUB_OIDC_DEMO.subject,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'iat', 'jti']
        })
        return undefined
      } catch (error) {
        return `ID token rejected: ${error.code ?? error.message}`
      }
    },

    /**
     * undefined when `assertion` is a valid RFC 7523 client assertion of the demo client for
     * `audience`, else why not: bad signature, wrong iss/sub/aud, expired, too long-lived, or a replayed jti.
     */
    async clientAssertionProblem(assertion, clientId, audience) {
      if (typeof assertion === 'string') seen.assertions.push(assertion)
      let payload
      try {
        ;({ payload } = await jwtVerify(assertion, clientKeys, {
          issuer: clientId,
          subject: clientId,
          audience,
          algorithms: ['RS256', 'PS256', 'ES256'],
          requiredClaims: ['exp', 'iat', 'jti'],
          clockTolerance: CLOCK_SKEW_SECONDS
        }))
      } catch (error) {
        return `client assertion rejected: ${error.code ?? error.message}`
      }
      const now = Math.floor(Date.now() / 1000)
      if (
        payload.exp - payload.iat > MAX_ASSERTION_LIFETIME_SECONDS ||
        payload.exp - now > MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS
      ) {
        return 'client assertion rejected: it lives longer than 5 minutes'
      }
      if (usedJtis.has(payload.jti)) return 'client assertion rejected: jti already used (replay)'
      usedJtis.add(payload.jti)
      return undefined
    },

    /** The issuer of an unverified JWT, to pick how to verify it ('' when it is no JWT). */
    issuerOf(token) {
      try {
        return decodeJwt(token).iss ?? ''
      } catch {
        return ''
      }
    }
  }
}
