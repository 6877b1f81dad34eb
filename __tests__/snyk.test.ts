// Snyk through the action's inputs and outputs: the client secret and private_key_jwt wire formats,
// every region's host, the checks made before any request, refusals and the post step.
// Assertions are verified with jose, an implementation independent of the action's signing.
import nock from 'nock'
import { createPublicKey } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { createJob, expectOnlyMasked, type Job, useVirtualClock } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

useVirtualClock()

const US_01 = 'https://api.snyk.io'
const SECRET = 'snyk secret&more'
const formSecret = 'snyk+secret%26more'
const inputs = { vendor: 'snyk', 'client-id': 'snyk-client', 'client-secret': SECRET }
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const keyJwt = {
  vendor: 'snyk',
  'client-id': 'snyk-key-client',
  'auth-method': 'private_key_jwt',
  'private-key': CLIENT_KEYS.rsa,
  'key-id': 'snyk-kid-1'
}
const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))
const form = (body: unknown) => new URLSearchParams(body as string)
// As oauth-api-spec.yaml shows a client_credentials answer.
const answer = (token: string) => ({
  access_token: token,
  expires_in: 3599,
  token_type: 'bearer',
  scope: 'org.read org.project.read',
  bot_id: '95233fa3-33cf-4dd3-a6ac-e040985e1a4f'
})

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('snyk with a client secret', () => {
  it('posts grant_type and the client in the form body, and exports SNYK_OAUTH_TOKEN as the CLI reads it', async () => {
    const api = nock(US_01, { badheaders: ['authorization'] })
      .post('/oauth2/token', `grant_type=client_credentials&client_id=snyk-client&client_secret=${formSecret}`)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'application/json')
      .reply(200, answer('snyk-opaque-token'))

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: 'snyk-opaque-token',
      'token-type': 'Bearer',
      'expires-in': '3599',
      scope: 'org.read org.project.read'
    })
    expect(result.env).toEqual({ SNYK_OAUTH_TOKEN: 'snyk-opaque-token' })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET, formSecret, 'snyk-opaque-token'])
  })

  it.each([
    ['us-01', 'https://api.snyk.io'],
    ['us-02', 'https://api.us.snyk.io'],
    ['eu-01', 'https://api.eu.snyk.io'],
    ['EU-01', 'https://api.eu.snyk.io'],
    ['au-01', 'https://api.au.snyk.io'],
    ['gov-01', 'https://api.snykgov.io']
  ])('region %s asks %s', async (region, host) => {
    const api = nock(host)
      .post('/oauth2/token')
      .reply(200, answer(`token-${region}`))
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe(`token-${region}`)
  })

  it('an unknown region is refused before any request, listing the regions', async () => {
    const result = await job.main({ ...inputs, region: 'SNYK-EU-01' })
    expect(result.error).toBe(
      "Input 'region': 'SNYK-EU-01' is not a Snyk region. Use one of: us-01, us-02, eu-01, au-01, gov-01, or set base-url."
    )
    expectNoUnexpectedRequest()
  })

  it('the post step clears the variable and says Snyk documents no revocation', async () => {
    nock(US_01).post('/oauth2/token').reply(200, answer('snyk-token'))
    const main = await job.main(inputs)
    const post = await job.post(main, inputs)
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Snyk documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ SNYK_OAUTH_TOKEN: '' })
  })
})

describe('snyk with private_key_jwt', () => {
  it('signs an RS256 assertion with kid and aud = the region token URL, and sends no secret', async () => {
    let sent = new URLSearchParams()
    const api = nock('https://api.eu.snyk.io', { badheaders: ['authorization'] })
      .post('/oauth2/token', (body) => {
        sent = form(body)
        return true
      })
      .reply(200, answer('snyk-jwt-token'))

    const result = await job.main({ ...keyJwt, region: 'eu-01' })

    expect(result.error).toBe('')
    api.done()
    expect([...sent.keys()]).toEqual(['grant_type', 'client_id', 'client_assertion_type', 'client_assertion'])
    expect(sent.get('grant_type')).toBe('client_credentials')
    expect(sent.get('client_id')).toBe('snyk-key-client')
    expect(sent.get('client_assertion_type')).toBe(JWT_BEARER)
    const assertion = sent.get('client_assertion')!
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'snyk-kid-1' })
    const { payload } = await jwtVerify(assertion, createPublicKey(CLIENT_KEYS.rsa), {
      algorithms: ['RS256'],
      issuer: 'snyk-key-client',
      subject: 'snyk-key-client',
      audience: 'https://api.eu.snyk.io/oauth2/token'
    })
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.env).toEqual({ SNYK_OAUTH_TOKEN: 'snyk-jwt-token' })
    expectOnlyMasked(result, [CLIENT_KEYS.rsa.trim(), ...keyLines(CLIENT_KEYS.rsa), assertion, 'snyk-jwt-token'])
  })

  it('assertion-audience replaces the aud claim, for a base-url that is not the token URL Snyk expects', async () => {
    let assertion = ''
    nock('https://snyk-proxy.example.com')
      .post('/oauth2/token', (body) => {
        assertion = form(body).get('client_assertion')!
        return true
      })
      .reply(200, answer('proxied-token'))
    const result = await job.main({
      ...keyJwt,
      'base-url': 'https://snyk-proxy.example.com',
      'assertion-audience': 'https://api.snyk.io/oauth2/token'
    })
    expect(result.error).toBe('')
    await jwtVerify(assertion, createPublicKey(CLIENT_KEYS.rsa), { audience: 'https://api.snyk.io/oauth2/token' })
  })

  it('a retry signs a new assertion: a new jti, so that it is no replay', async () => {
    const assertions: string[] = []
    const record = (body: unknown) => {
      assertions.push(form(body).get('client_assertion')!)
      return true
    }
    const api = nock(US_01)
      .post('/oauth2/token', record)
      .reply(503, { error: 'temporarily_unavailable' }, { 'Retry-After': '0' })
      .post('/oauth2/token', record)
      .reply(200, answer('second-token'))

    const result = await job.main(keyJwt)

    api.done()
    expect(result.error).toBe('')
    expect(assertions).toHaveLength(2)
    const [first, second] = await Promise.all(
      assertions.map(async (jwt) => (await jwtVerify(jwt, createPublicKey(CLIENT_KEYS.rsa))).payload.jti)
    )
    expect(first).not.toBe(second)
    expectOnlyMasked(result, assertions)
  })
})

describe('snyk inputs, refused before any request', () => {
  it.each([
    [
      'a private-key without auth-method',
      { ...inputs, 'private-key': CLIENT_KEYS.rsa },
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key " +
        '(auth-method is client_secret_post, the default, which sends client-secret). Or remove private-key.'
    ],
    [
      'a client-secret with private_key_jwt',
      { ...keyJwt, 'client-secret': SECRET },
      "Inputs 'client-secret' and 'auth-method': auth-method private_key_jwt sends no client secret. Remove client-secret, or use auth-method client_secret_post."
    ],
    [
      'private_key_jwt without private-key',
      { ...keyJwt, 'private-key': '' },
      "Input 'private-key': is required for vendor 'snyk' with auth-method 'private_key_jwt', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
    ],
    [
      'private_key_jwt without key-id',
      { ...keyJwt, 'key-id': '' },
      "Input 'key-id': is required for vendor 'snyk' with auth-method 'private_key_jwt', e.g. key-id: signing-key-1."
    ],
    [
      'an EC key, which RS256 cannot sign with',
      { ...keyJwt, 'private-key': CLIENT_KEYS.ec },
      "Input 'private-key': Snyk accepts assertions signed RS256 only, which needs an RSA private key (2048 bits or more). " +
        "Pass the RSA key whose public key the service account's JWKS URL serves."
    ],
    [
      'an encrypted private-key: the key problem itself, not the RSA advice',
      {
        ...keyJwt,
        'private-key': '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBO\n-----END ENCRYPTED PRIVATE KEY-----'
      },
      "Input 'private-key': is encrypted; pass the key unencrypted (from a secret), e.g. `openssl pkcs8 -topk8 -nocrypt`."
    ],
    [
      'client_secret_basic, which Snyk does not document',
      { ...inputs, 'auth-method': 'client_secret_basic' },
      "Input 'auth-method': 'client_secret_basic' is not valid for vendor 'snyk'. Use one of: client_secret_post, private_key_jwt."
    ],
    [
      'no client-secret',
      { vendor: 'snyk', 'client-id': 'snyk-client' },
      "Input 'client-secret': is required for vendor 'snyk' with auth-method 'client_secret_post', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
    ]
  ])('%s', async (_case, stepInputs, error) => {
    const result = await job.main(stepInputs)
    expect(result.error).toBe(error)
    expectNoUnexpectedRequest()
  })
})

describe('snyk refusals', () => {
  const regions =
    'us-01 api.snyk.io, us-02 api.us.snyk.io, eu-01 api.eu.snyk.io, au-01 api.au.snyk.io, gov-01 api.snykgov.io.'

  it.each([400, 401, 403])('%i with a client secret names the service account and the regions', async (status) => {
    const api = nock(US_01)
      .post('/oauth2/token')
      .once()
      .reply(status, { error: 'invalid_client', error_description: 'client authentication failed' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `Snyk refused the token request (POST api.snyk.io/oauth2/token): HTTP ${status} (invalid_client: client authentication failed). ` +
        'Check client-id and client-secret (an OAuth 2.0 client credentials service account). A service account belongs ' +
        `to one region: check region or base-url (now api.snyk.io): ${regions}`
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it('401 with private_key_jwt names the JWKS key, key-id and the audience sent', async () => {
    nock('https://api.au.snyk.io').post('/oauth2/token').reply(401, { error: 'invalid_client' })
    const result = await job.main({ ...keyJwt, region: 'au-01' })
    expect(result.error).toBe(
      'Snyk refused the token request (POST api.au.snyk.io/oauth2/token): HTTP 401 (invalid_client). ' +
        "Check client-id, that the service account's JWKS URL serves the public key of private-key under key-id, and " +
        'assertion-audience (now https://api.au.snyk.io/oauth2/token: the token URL of your region). A service account ' +
        `belongs to one region: check region or base-url (now api.au.snyk.io): ${regions}`
    )
  })
})
