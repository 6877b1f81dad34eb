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
  it('exchanges an API key (refresh_token grant, client_id ast-app) and masks the new refresh token', async () => {
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

describe('checkmarx-one refusals are explained and not retried', () => {
  it('400 invalid_grant for an API key says how API keys stop working', async () => {
    const iam = nock(EU_IAM)
      .post(TOKEN_PATH)
      .once()
      .reply(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' })
    const result = await job.main(apiKeyInputs)
    iam.done()
    expect(result.error).toBe(
      'Checkmarx One refused the token request: HTTP 400 (invalid_grant: Invalid refresh token). ' +
        'Check the API key in refresh-token, and that tenant and region (or base-url) are those of its account ' +
        '(US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE). API keys expire after the period set in the IAM settings and stop ' +
        'working when the license changes: generate a new one under Identity and Access Management > API Keys.'
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
  })

  it('401 for an OAuth client names client-id and client-secret', async () => {
    nock(EU_IAM)
      .post(TOKEN_PATH)
      .reply(401, { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' })
    const result = await job.main(clientInputs)
    expect(result.error).toMatch(
      /^Checkmarx One refused the token request: HTTP 401 \(unauthorized_client: Invalid client or Invalid client credentials\)\. Check client-id and client-secret \(an OAuth client, whose secret expires/
    )
  })

  it('404 (no such realm) points at tenant and region', async () => {
    nock(EU_IAM).post(TOKEN_PATH).reply(404, { error: 'Realm does not exist' })
    const result = await job.main(apiKeyInputs)
    expect(result.error).toBe(
      "Checkmarx One refused the token request: HTTP 404 (Realm does not exist). No such tenant at this IAM host: check 'tenant' " +
        "(your tenant account name) and that region or base-url is your account's region (US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE)."
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
