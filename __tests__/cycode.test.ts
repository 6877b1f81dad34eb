// Cycode's two exchanges (client secret and keyless with the job's GitHub ID token), regions, refusals and
// post step, through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, maskedValues, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const US = 'https://api.cycode.com'
const EU = 'https://api.eu.cycode.com'
const SECRET_PATH = '/api/v1/auth/api-token'
const OIDC_PATH = '/api/v1/auth/oidc/api-token'
const CLIENT_ID = '0f1e2d3c-4b5a-6978-8a9b-cdef01234567'
const inputs = { vendor: 'cycode', 'client-id': CLIENT_ID, 'client-secret': 'cy\\secret-0123' }
const keyless = { vendor: 'cycode', 'client-id': CLIENT_ID, 'auth-method': 'github-oidc' }

const GITHUB = 'https://token.actions.test'
const githubEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: `${GITHUB}/idtoken?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-token'
}
const ID_TOKEN = unsignedJwt({
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'cycode',
  sub: 'repo:acme/app:ref:refs/heads/main',
  exp: nowSeconds() + 300
})

function githubIssuesIdToken(audience?: string) {
  const query = { 'api-version': '2.0', ...(audience ? { audience } : {}) }
  return nock(GITHUB).get('/idtoken').query(query).reply(200, { count: 1, value: ID_TOKEN })
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('cycode with a client secret', () => {
  it('sends {clientId, secret} as JSON to api.cycode.com and reads token + expires_in seconds', async () => {
    const api = nock(US, { badheaders: ['authorization'] })
      .post(SECRET_PATH, (body) => JSON.stringify(body) === `{"clientId":"${CLIENT_ID}","secret":"cy\\\\secret-0123"}`)
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(200, { token: 'cycode-token-0123', expires_in: 2100 })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: 'cycode-token-0123', 'token-type': 'Bearer', scope: '' })
    expectExpiry(result.outputs, 2100)
    expect(result.env).toEqual({ CYCODE_ACCESS_TOKEN: 'cycode-token-0123' })
    expectOnlyMasked(result, ['cy\\secret-0123', 'cycode-token-0123'])
    // The secret (also URL-encoded, and JSON-escaped as the body carries it) and the token, nothing else.
    expect(maskedValues(result)).toEqual([
      'cy\\secret-0123',
      'cy%5Csecret-0123',
      'cy\\\\secret-0123',
      'cycode-token-0123'
    ])
    // The answer has no token_type: the token is a Bearer one, without a warning.
    expect(result.warnings).toEqual([])
    expect(result.stdout).toContain('::debug::Requesting a Cycode token from api.cycode.com.')
  })

  it.each([
    ['us', US],
    ['eu', EU]
  ])('region %s asks %s', async (region, host) => {
    const api = nock(host)
      .post(SECRET_PATH, { clientId: CLIENT_ID, secret: 'cy\\secret-0123' })
      .reply(200, { token: `from-${region}`, expires_in: 2100 })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
  })

  it('base-url wins (an on-premises Cycode)', async () => {
    const api = nock('https://cycode-api.acme.example')
      .post(SECRET_PATH)
      .reply(200, { token: 'on-prem', expires_in: '2100' })
    const result = await job.main({ ...inputs, region: 'eu', 'base-url': 'https://cycode-api.acme.example' })
    expect(result.error).toBe('')
    api.done()
    expectExpiry(result.outputs, 2100)
  })

  it('refuses an answer without a token string', async () => {
    nock(US).post(SECRET_PATH).reply(200, { access_token: 'elsewhere', expires_in: 2100 })
    const result = await job.main(inputs)
    expect(result.error).toBe("Cycode answered without a token: the response has no 'token' string.")
    expect(result.outputs).toEqual({})
  })

  it('without client-secret it names the input and sends nothing', async () => {
    const result = await job.main({ ...inputs, 'client-secret': '' })
    expect(result.error).toContain("Input 'client-secret'")
    expect(result.error).toContain("vendor 'cycode'")
    expectNoUnexpectedRequest()
  })

  it('without client-id it names the input and sends nothing', async () => {
    const result = await job.main({ ...inputs, 'client-id': '' })
    expect(result.error).toContain("Input 'client-id'")
    expectNoUnexpectedRequest()
  })
})

describe('cycode keyless, with the job GitHub ID token', () => {
  it('sends {client_id, id_token} as JSON to the OIDC path, with no secret', async () => {
    const github = githubIssuesIdToken()
    const api = nock(EU, { badheaders: ['authorization'] })
      .post(OIDC_PATH, (body) => JSON.stringify(body) === JSON.stringify({ client_id: CLIENT_ID, id_token: ID_TOKEN }))
      .matchHeader('content-type', 'application/json')
      .reply(200, { token: 'keyless-token', expires_in: 2100 })

    const result = await job.main({ ...keyless, region: 'eu' }, githubEnv)

    expect(result.error).toBe('')
    github.done()
    api.done()
    expect(result.outputs.token).toBe('keyless-token')
    expectExpiry(result.outputs, 2100)
    expectOnlyMasked(result, [ID_TOKEN, 'keyless-token'])
  })

  it('asks GitHub for oidc-audience when given', async () => {
    const github = githubIssuesIdToken('cycode')
    const api = nock(US).post(OIDC_PATH).reply(200, { token: 'for-audience', expires_in: 2100 })
    const result = await job.main({ ...keyless, 'oidc-audience': 'cycode' }, githubEnv)
    expect(result.error).toBe('')
    github.done()
    api.done()
  })

  it('without id-token permission it says how to get one, and asks Cycode nothing', async () => {
    const result = await job.main(keyless)
    expect(result.error).toContain(
      'This job cannot get a GitHub OIDC ID token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.'
    )
    expect(result.error).toContain('permissions: id-token: write')
    expectNoUnexpectedRequest()
  })

  it('refuses a client-secret with github-oidc before any request', async () => {
    const result = await job.main({ ...keyless, 'client-secret': 'unused-secret' }, githubEnv)
    expect(result.error).toBe(
      "Inputs 'client-secret' and 'auth-method': auth-method github-oidc sends the job's GitHub ID token, no client " +
        'secret. Remove client-secret, or remove auth-method to use the secret.'
    )
    expectNoUnexpectedRequest()
  })

  it('refuses an unknown auth-method before any request', async () => {
    const result = await job.main({ ...inputs, 'auth-method': 'private_key_jwt' })
    expect(result.error).toContain("Input 'auth-method'")
    expect(result.error).toContain('client_secret, github-oidc')
    expectNoUnexpectedRequest()
  })
})

describe('cycode refusals name what to check for the method used', () => {
  const secretHint =
    'Check client-id and client-secret (the Client ID and secret of a Cycode service account or personal access ' +
    'token), that they were not deleted, and region eu (api.eu.cycode.com) for an EU tenant.'
  const oidcHint =
    "Check client-id (the Client ID Cycode gave for OIDC sign-in), that Cycode trusts this repository's GitHub " +
    'ID tokens, and oidc-audience (the audience Cycode expects); and region eu (api.eu.cycode.com) for an EU tenant.'

  it.each([400, 401, 403])('HTTP %i with a client secret', async (status) => {
    const api = nock(US).post(SECRET_PATH).once().reply(status, { error: 'Unauthorized' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `Cycode refused the token request (POST api.cycode.com/api/v1/auth/api-token): HTTP ${status} (Unauthorized). ${secretHint}`
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it.each([400, 401, 403])('HTTP %i keyless', async (status) => {
    githubIssuesIdToken()
    nock(US).post(OIDC_PATH).reply(status, { error: 'Unauthorized' })
    const result = await job.main(keyless, githubEnv)
    expect(result.error).toBe(
      `Cycode refused the token request (POST api.cycode.com/api/v1/auth/oidc/api-token): HTTP ${status} (Unauthorized). ${oidcHint}`
    )
  })

  it('never shows the ID token a refusal echoes', async () => {
    githubIssuesIdToken()
    nock(US)
      .post(OIDC_PATH)
      .reply(401, { error: `bad id_token ${ID_TOKEN}` })
    const result = await job.main(keyless, githubEnv)
    expect(result.error).toContain('HTTP 401 (bad id_token ***)')
    expect(result.error).not.toContain(ID_TOKEN.slice(0, 20))
  })
})

describe('cycode post step', () => {
  it('documents no revocation: it says so, sends nothing and clears the variable', async () => {
    nock(US).post(SECRET_PATH).reply(200, { token: 'stays-valid', expires_in: 2100 })
    const main = await job.main(inputs)
    expect(main.error).toBe('')

    const post = await job.post(main, inputs)

    expectNoUnexpectedRequest()
    expect(post.failed).toBe(false)
    expect(post.stdout).toContain('Cycode documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ CYCODE_ACCESS_TOKEN: '' })
  })
})
