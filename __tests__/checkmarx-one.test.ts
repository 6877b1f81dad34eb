// Checkmarx One's wire format, refusals, retries and post step, through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const EU_IAM = 'https://eu.iam.checkmarx.net'
const TOKEN_PATH = '/auth/realms/acme/protocol/openid-connect/token'
const apiKeyInputs = { vendor: 'checkmarx-one', region: 'EU', tenant: 'acme', 'refresh-token': 'cx-api-key' }
const clientInputs = {
  vendor: 'checkmarx-one',
  region: 'EU',
  tenant: 'acme',
  'client-id': 'cx-client',
  'client-secret': 'cx s&cret'
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

/** What Keycloak answers: a 30-minute access token and a new refresh token. */
function answer(accessToken: string, refreshToken = 'rotated-refresh-token') {
  return {
    access_token: accessToken,
    expires_in: 1800,
    refresh_expires_in: 0,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    'not-before-policy': 0,
    session_state: 'a1b2',
    scope: 'email profile'
  }
}

describe('checkmarx-one wire format', () => {
  it('exchanges an API key that is not a readable JWT (refresh_token grant, client_id ast-app) and masks the new refresh token', async () => {
    const accessToken = unsignedJwt({ exp: nowSeconds() + 1800 })
    const iam = nock(EU_IAM, { badheaders: ['authorization'] })
      .post(TOKEN_PATH, 'grant_type=refresh_token&client_id=ast-app&refresh_token=cx-api-key')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'application/json')
      .reply(200, answer(accessToken, 'rotated-refresh-token'))

    const result = await job.main(apiKeyInputs)

    expect(result.error).toBe('')
    iam.done()
    expect(result.outputs).toMatchObject({
      token: accessToken,
      'token-type': 'Bearer',
      'expires-in': '1800',
      scope: 'email profile'
    })
    expect(result.env).toEqual({ CHECKMARX_ONE_ACCESS_TOKEN: accessToken })
    expectOnlyMasked(result, ['cx-api-key', accessToken, 'rotated-refresh-token'])
    // The refresh token is only masked: never an output, a variable, state or summary text.
    const published = JSON.stringify([result.outputs, result.env, result.state, result.summary])
    expect(published).not.toContain('rotated-refresh-token')
    expect(result.summary).toContain('Checkmarx One')
  })

  it('uses an OAuth client (client_credentials, id and secret in the form) and the lower-cased tenant', async () => {
    const iam = nock('https://us.iam.checkmarx.net', { badheaders: ['authorization'] })
      .post(
        '/auth/realms/acme/protocol/openid-connect/token',
        'grant_type=client_credentials&client_id=cx-client&client_secret=cx+s%26cret'
      )
      .reply(200, answer('client-token'))

    const result = await job.main({ ...clientInputs, region: 'us2', tenant: 'ACME' })

    expect(result.error).toBe('')
    iam.done()
    expect(result.outputs.token).toBe('client-token')
    expectOnlyMasked(result, ['cx s&cret', 'cx+s%26cret', 'client-token', 'rotated-refresh-token'])
  })

  it.each([
    ['US', 'https://iam.checkmarx.net'],
    ['US2', 'https://us.iam.checkmarx.net'],
    ['EU', 'https://eu.iam.checkmarx.net'],
    ['EU2', 'https://eu-2.iam.checkmarx.net'],
    ['DEU', 'https://deu.iam.checkmarx.net'],
    ['ANZ', 'https://anz.iam.checkmarx.net'],
    ['IND', 'https://ind.iam.checkmarx.net'],
    ['SNG', 'https://sng.iam.checkmarx.net'],
    ['UAE', 'https://mea.iam.checkmarx.net']
  ])('region %s is the IAM host %s', async (region, host) => {
    const iam = nock(host).post(TOKEN_PATH).reply(200, answer('regional-token'))
    const result = await job.main({ ...apiKeyInputs, region })
    expect(result.error).toBe('')
    iam.done()
  })

  it('base-url wins over region (a single-tenant IAM host) and keeps the tenant one path segment', async () => {
    const iam = nock('https://iam.acme-st.example')
      .post('/auth/realms/team%20a%3Fx%23y/protocol/openid-connect/token')
      .reply(200, answer('single-tenant-token'))
    const result = await job.main({
      ...apiKeyInputs,
      region: 'EU',
      'base-url': 'https://iam.acme-st.example/',
      tenant: 'Team A?x#y'
    })
    expect(result.error).toBe('')
    iam.done()
  })

  it('answers without a refresh token are fine too', async () => {
    nock(EU_IAM).post(TOKEN_PATH).reply(200, { access_token: 'plain', expires_in: 1800, token_type: 'Bearer' })
    const result = await job.main(clientInputs)
    expect(result.error).toBe('')
    expect(result.outputs['expires-in']).toBe('1800')
  })
})

const REGIONS_TEXT = 'US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE'
const realmOf = (host: string, realm = 'acme') => `https://${host}/auth/realms/${realm}`
/** An API key as Checkmarx issues it: a Keycloak offline token naming its realm (aud) and client (azp). */
const apiKey = (claims: Record<string, unknown>) =>
  unsignedJwt({ iss: claims.aud, typ: 'Offline', sub: 'user-1', iat: 1767225600, ...claims })
const keyFor = (host: string, realm = 'acme') => apiKey({ aud: realmOf(host, realm), azp: 'ast-app' })
const formFor = (key: string, clientId = 'ast-app') =>
  `grant_type=refresh_token&client_id=${clientId}&refresh_token=${key}`

/** A key whose payload has '/' and '+' in its middle (standard base64), which Node decodes as base64url too. */
function standardBase64Key(): string {
  const [header, payload, signature] = apiKey({ aud: realmOf('eu.iam.checkmarx.net'), note: '???>>>' }).split('.')
  const standard = payload.replaceAll('_', '/').replaceAll('-', '+')
  expect(standard).toMatch(/^[\w-]+[+/][\w+/-]*[\w-]$/)
  return `${header}.${standard}.${signature}`
}

describe('checkmarx-one API keys name their realm and client, as ast-cli reads them', () => {
  it('the API key alone is enough: IAM host and tenant from its aud, client_id from its azp', async () => {
    const key = apiKey({ aud: realmOf('eu.iam.checkmarx.net', 'acme'), azp: 'ast-app' })
    const iam = nock(EU_IAM).post(TOKEN_PATH, formFor(key)).reply(200, answer('from-key-token'))

    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })

    expect(result.error).toBe('')
    iam.done()
    expect(result.outputs.token).toBe('from-key-token')
    expectOnlyMasked(result, [key, 'from-key-token', 'rotated-refresh-token'])
  })

  it.each([
    ['a string', 'cx-vscode', 'cx-vscode'],
    ['an array (its first string)', ['first-client', 'second'], 'first-client'],
    ['absent', undefined, 'ast-app'],
    ['a number', 42, 'ast-app'],
    ['empty', '', 'ast-app'],
    ['with a space', 'has space', 'ast-app'],
    ['of 256 characters', 'x'.repeat(256), 'ast-app']
  ])('azp %s: client_id %s', async (_case, azp, clientId) => {
    const key = apiKey({ aud: realmOf('eu.iam.checkmarx.net'), azp })
    const iam = nock(EU_IAM).post(TOKEN_PATH, formFor(key, clientId)).reply(200, answer('azp-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    iam.done()
  })

  it('azp of 255 characters (the longest read) is the client_id', async () => {
    const key = apiKey({ aud: realmOf('eu.iam.checkmarx.net'), azp: 'c'.repeat(255) })
    const iam = nock(EU_IAM)
      .post(TOKEN_PATH, formFor(key, 'c'.repeat(255)))
      .reply(200, answer('azp-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    iam.done()
  })

  it.each([
    'iam.checkmarx.net',
    'us.iam.checkmarx.net',
    'eu.iam.checkmarx.net',
    'eu-2.iam.checkmarx.net',
    'deu.iam.checkmarx.net',
    'anz.iam.checkmarx.net',
    'ind.iam.checkmarx.net',
    'sng.iam.checkmarx.net',
    'mea.iam.checkmarx.net',
    'gov-il.iam.checkmarx.net'
  ])('aud at the Checkmarx IAM host %s is used', async (host) => {
    const key = keyFor(host)
    const iam = nock(`https://${host}`).post(TOKEN_PATH, formFor(key)).reply(200, answer('host-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    iam.done()
  })

  it.each([
    ['in upper case, with a final slash', 'https://EU.IAM.Checkmarx.NET/auth/realms/acme/'],
    ['in an array after an empty string', ['', realmOf('eu.iam.checkmarx.net')]],
    ['in an array after a blank string', ['  ', realmOf('eu.iam.checkmarx.net')]],
    ['with spaces around it', ` ${realmOf('eu.iam.checkmarx.net')} `]
  ])('aud %s is read', async (_case, aud) => {
    const key = apiKey({ aud, azp: 'ast-app' })
    const iam = nock(EU_IAM).post(TOKEN_PATH, formFor(key)).reply(200, answer('aud-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    iam.done()
  })

  it('a key of exactly 8 KiB is read', async () => {
    let pad = ''
    let key = apiKey({ aud: realmOf('eu.iam.checkmarx.net'), azp: 'ast-app', pad })
    while (key.length < 8192) {
      pad += 'x'
      key = apiKey({ aud: realmOf('eu.iam.checkmarx.net'), azp: 'ast-app', pad })
    }
    expect(key).toHaveLength(8192)
    const iam = nock(EU_IAM).post(TOKEN_PATH, formFor(key)).reply(200, answer('large-key-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    iam.done()
  })

  it('the realm the key names is used as written (GetRealmURL), not lower-cased', async () => {
    const key = keyFor('eu.iam.checkmarx.net', 'Acme-Corp')
    const fromKey = nock(EU_IAM)
      .post('/auth/realms/Acme-Corp/protocol/openid-connect/token', formFor(key))
      .reply(200, answer('realm-token'))
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe('')
    fromKey.done()
  })

  describe('inputs that are given win over the claims', () => {
    const key = keyFor('eu.iam.checkmarx.net', 'key-realm')

    it('tenant: the given tenant, at the host the key names', async () => {
      const iam = nock(EU_IAM).post(TOKEN_PATH, formFor(key)).reply(200, answer('t'))
      const result = await job.main({ vendor: 'checkmarx-one', tenant: 'ACME', 'refresh-token': key })
      expect(result.error).toBe('')
      iam.done()
    })

    it("region: the region's host, with the realm the key names", async () => {
      const iam = nock('https://anz.iam.checkmarx.net')
        .post('/auth/realms/key-realm/protocol/openid-connect/token', formFor(key))
        .reply(200, answer('t'))
      const result = await job.main({ vendor: 'checkmarx-one', region: 'anz', 'refresh-token': key })
      expect(result.error).toBe('')
      iam.done()
    })

    it('base-url: a key naming a foreign host is sent only to base-url, with its realm', async () => {
      const foreign = keyFor('iam.attacker.example', 'key-realm')
      const iam = nock('https://iam.acme-st.example')
        .post('/auth/realms/key-realm/protocol/openid-connect/token', formFor(foreign))
        .reply(200, answer('t'))
      const result = await job.main({
        vendor: 'checkmarx-one',
        'base-url': 'https://iam.acme-st.example',
        'refresh-token': foreign
      })
      expect(result.error).toBe('')
      iam.done()
    })

    it('tenant and region: both inputs, nothing from the key', async () => {
      const iam = nock('https://us.iam.checkmarx.net').post(TOKEN_PATH, formFor(key)).reply(200, answer('t'))
      const result = await job.main({ vendor: 'checkmarx-one', region: 'us2', tenant: 'acme', 'refresh-token': key })
      expect(result.error).toBe('')
      iam.done()
    })
  })

  const refusedHost =
    "Input 'region': or 'base-url' is required for vendor 'checkmarx-one': the API key in refresh-token names an IAM " +
    "host that is not Checkmarx One's (a region's host or a name under iam.checkmarx.net), so the key is not sent " +
    `there. Set tenant to your tenant account name, and region to your account's region (${REGIONS_TEXT}) or ` +
    'base-url to your IAM URL.'
  const noRealm =
    "Input 'tenant': is required for vendor 'checkmarx-one': the API key in refresh-token does not name its realm " +
    "(its aud claim). Set tenant to your tenant account name, and region or base-url to your account's region " +
    `(${REGIONS_TEXT}).`

  it.each([
    ['a look-alike ending in .attacker.com', realmOf('evil-iam.checkmarx.net.attacker.com'), refusedHost],
    ['a region host followed by another domain', realmOf('eu.iam.checkmarx.net.attacker.com'), refusedHost],
    ['a name that only ends in iam.checkmarx.net', realmOf('xiam.checkmarx.net'), refusedHost],
    ['a name under checkmarx.net but not iam', realmOf('ast.checkmarx.net'), refusedHost],
    ['another host', realmOf('iam.attacker.example'), refusedHost],
    ['user info', 'https://iam.checkmarx.net@attacker.example/auth/realms/acme', noRealm],
    ['user info before a Checkmarx host', 'https://attacker.example@iam.checkmarx.net/auth/realms/acme', noRealm],
    ['a port', 'https://iam.checkmarx.net:8443/auth/realms/acme', noRealm],
    ['http:', 'http://iam.checkmarx.net/auth/realms/acme', noRealm],
    ['a longer path', 'https://iam.checkmarx.net/auth/realms/acme/extra', noRealm],
    ['another path', 'https://iam.checkmarx.net/realms/acme', noRealm],
    ['a query', 'https://iam.checkmarx.net/auth/realms/acme?x=1', noRealm],
    ["a realm of '..'", 'https://iam.checkmarx.net/auth/realms/..', noRealm],
    ['an encoded realm', 'https://iam.checkmarx.net/auth/realms/a%2Fb', noRealm],
    ['a trailing dot', 'https://iam.checkmarx.net./auth/realms/acme', noRealm],
    ['a number', 12345, noRealm],
    ['an object', { url: realmOf('iam.checkmarx.net') }, noRealm],
    ['no aud', undefined, noRealm],
    ['a huge aud', realmOf('iam.checkmarx.net', 'a'.repeat(300)), noRealm]
  ])('aud with %s is refused before any request', async (_case, aud, message) => {
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': apiKey({ aud, azp: 'ast-app' }) })
    expect(result.error).toBe(message)
    expectNoUnexpectedRequest()
  })

  it.each([
    ['not a JWT', 'cx-api-key'],
    ['a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln'],
    ['a payload that is a JSON array', `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('["x"]').toString('base64url')}.c2ln`],
    ['a key past 8 KiB', apiKey({ aud: realmOf('eu.iam.checkmarx.net'), pad: 'x'.repeat(8192) })],
    ['a payload in standard base64, not base64url', standardBase64Key()]
  ])('a key (%s) names no realm: tenant is asked for', async (_case, key) => {
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': key })
    expect(result.error).toBe(noRealm)
    expectNoUnexpectedRequest()
  })

  it.each([
    [
      'a key with a foreign host and a tenant',
      { tenant: 'acme', 'refresh-token': keyFor('iam.attacker.example') },
      "Input 'region': or 'base-url' is required for vendor 'checkmarx-one': the API key in refresh-token names an IAM " +
        "host that is not Checkmarx One's (a region's host or a name under iam.checkmarx.net), so the key is not sent " +
        `there. Set region to your account's region (${REGIONS_TEXT}) or base-url to your IAM URL.`
    ],
    [
      'a key that is not a JWT, with a tenant',
      { tenant: 'acme', 'refresh-token': 'cx-api-key' },
      "Input 'region': or 'base-url' is required for vendor 'checkmarx-one': the API key in refresh-token does not " +
        `name its IAM host. Set region to your account's region (${REGIONS_TEXT}) or base-url to your IAM URL.`
    ],
    [
      'an OAuth client without tenant',
      { region: 'eu', 'client-id': 'i', 'client-secret': 's' },
      "Input 'tenant': is required for vendor 'checkmarx-one' with an OAuth client (client-id and client-secret): " +
        'your tenant account name, e.g. acme.'
    ],
    [
      'an OAuth client without region or base-url',
      { tenant: 'acme', 'client-id': 'i', 'client-secret': 's' },
      "Input 'region': or 'base-url' is required for vendor 'checkmarx-one' with an OAuth client (client-id and " +
        `client-secret). Set region to your account's region (${REGIONS_TEXT}) or base-url to your IAM URL.`
    ]
  ])('%s: the error names the inputs to set, before any request', async (_case, given, message) => {
    const result = await job.main({ vendor: 'checkmarx-one', ...given })
    expect(result.error).toBe(message)
    expectNoUnexpectedRequest()
  })
})

describe('checkmarx-one refusals are explained and not retried', () => {
  it('400 invalid_grant for an API key says how API keys stop working', async () => {
    const iam = nock(EU_IAM)
      .post(TOKEN_PATH)
      .once()
      .reply(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' })
    const result = await job.main(apiKeyInputs)
    iam.done()
    expect(result.error).toBe(
      'Checkmarx One refused the token request (POST eu.iam.checkmarx.net/auth/realms/acme/protocol/openid-connect/token): HTTP 400 (invalid_grant: Invalid refresh token). ' +
        'Check the API key in refresh-token, and that tenant and region (or base-url) are those of its account ' +
        '(US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE). API keys expire after the period set in the IAM settings and stop ' +
        'working when the license changes: generate a new one under Identity and Access Management > API Keys.'
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
  })

  const account =
    'that tenant and region (or base-url) are those of its account (US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE)'
  const apiKeyHint =
    `Check the API key in refresh-token, and ${account}. API keys expire after the period set in the IAM settings ` +
    'and stop working when the license changes: generate a new one under Identity and Access Management > API Keys.'
  const clientHint = `Check client-id and client-secret (an OAuth client, whose secret expires after the period set in the IAM settings), and ${account}.`

  it.each([
    [400, 'an API key', apiKeyInputs, apiKeyHint],
    [401, 'an API key', apiKeyInputs, apiKeyHint],
    [400, 'an OAuth client', clientInputs, clientHint],
    [401, 'an OAuth client', clientInputs, clientHint]
  ])('%d for %s names what to check', async (status, _credential, given, hint) => {
    nock(EU_IAM).post(TOKEN_PATH).reply(status, { error: 'unauthorized_client' })
    const result = await job.main(given)
    expect(result.error).toBe(
      `Checkmarx One refused the token request (POST eu.iam.checkmarx.net/auth/realms/acme/protocol/openid-connect/token): HTTP ${status} (unauthorized_client). ${hint}`
    )
  })

  it('404 (no such realm) points at tenant and region', async () => {
    nock(EU_IAM).post(TOKEN_PATH).reply(404, { error: 'Realm does not exist' })
    const result = await job.main(apiKeyInputs)
    expect(result.error).toBe(
      "Checkmarx One refused the token request (POST eu.iam.checkmarx.net/auth/realms/acme/protocol/openid-connect/token): HTTP 404 (Realm does not exist). No such tenant at this IAM host (eu.iam.checkmarx.net): check 'tenant' " +
        "(your tenant account name) and that region or base-url is your account's region (US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE)."
    )
  })

  it('404 for a realm the API key names says so and names region, base-url and tenant', async () => {
    nock(EU_IAM).post(TOKEN_PATH).reply(404, { error: 'Realm does not exist' })
    const result = await job.main({ vendor: 'checkmarx-one', 'refresh-token': keyFor('eu.iam.checkmarx.net') })
    expect(result.error).toBe(
      'Checkmarx One refused the token request (POST eu.iam.checkmarx.net/auth/realms/acme/protocol/openid-connect/token): HTTP 404 (Realm does not exist). No such tenant at this IAM host ' +
        "(eu.iam.checkmarx.net): the API key names a realm this host does not know. Check that region or base-url is your account's region " +
        "(US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE), or set 'tenant' to your tenant account name."
    )
  })

  it('scrubs the API key when the server echoes it in its error', async () => {
    nock(EU_IAM)
      .post(TOKEN_PATH)
      .reply(400, { error: 'invalid_grant', error_description: 'Token cx-api-key is not active' })
    const result = await job.main(apiKeyInputs)
    expect(result.error).toContain('HTTP 400 (invalid_grant: Token *** is not active)')
    expectOnlyMasked(result, ['cx-api-key'])
  })
})

describe('checkmarx-one transient failures are retried', () => {
  it('retries a 503 and a rate limit, then succeeds', async () => {
    const iam = nock(EU_IAM)
      .post(TOKEN_PATH)
      .reply(503, 'unavailable', { 'Retry-After': '0' })
      .post(TOKEN_PATH)
      .reply(429, { error: 'too_many_requests' }, { 'Retry-After': '0' })
      .post(TOKEN_PATH)
      .reply(200, answer('after-retries', 'refresh-after-retries'))

    const result = await job.main(apiKeyInputs)

    iam.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('after-retries')
    expect(result.stdout).toContain('Checkmarx One at eu.iam.checkmarx.net: HTTP 503; retrying')
    expectOnlyMasked(result, ['cx-api-key', 'after-retries', 'refresh-after-retries'])
  })
})

describe('checkmarx-one post step', () => {
  it('never revokes: it says so, sends nothing, and still clears the variable', async () => {
    nock(EU_IAM).post(TOKEN_PATH).reply(200, answer('keep-valid'))
    const main = await job.main({ ...apiKeyInputs, 'write-token-file': 'true' })
    expect(main.state['revoke-token']).toBeUndefined()

    const post = await job.post(main, apiKeyInputs)

    expectNoUnexpectedRequest()
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain(
      'Checkmarx One documents no token revocation; the token stays valid until it expires.'
    )
    expect(post.env).toEqual({ CHECKMARX_ONE_ACCESS_TOKEN: '' })
    expectOnlyMasked(post, ['cx-api-key'])
  })
})
