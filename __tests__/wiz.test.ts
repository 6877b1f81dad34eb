// Wiz through the action's inputs and outputs: wire format, regions, audience, the refresh token
// in its answer, refusals and retries.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const COMMERCIAL = 'https://auth.app.wiz.io'
const SECRET = 'wiz secret&more'
const formSecret = 'wiz+secret%26more'
const inputs = { vendor: 'wiz', 'client-id': 'wiz-client', 'client-secret': SECRET }
const REFRESH_TOKEN = 'wiz-refresh-token-value'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('wiz token request', () => {
  it('posts grant_type, audience wiz-api and the client as a form; the refresh token is masked, never output', async () => {
    const token = unsignedJwt({ sub: 'wiz-client', exp: nowSeconds() + 86400 })
    const api = nock(COMMERCIAL, { badheaders: ['authorization'] })
      .post(
        '/oauth/token',
        `grant_type=client_credentials&audience=wiz-api&client_id=wiz-client&client_secret=${formSecret}`
      )
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { access_token: token, refresh_token: REFRESH_TOKEN, token_type: 'Bearer', expires_in: 86400 })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', 'expires-in': '86400', scope: '' })
    expect(result.env).toEqual({ WIZ_ACCESS_TOKEN: token })
    // Wiz documents no revocation: the state keeps only a hash of the token.
    expect(result.state['revoke-token']).toBeUndefined()
    for (const published of [result.outputs, result.env, result.state]) {
      expect(Object.values(published).join('\n')).not.toContain(REFRESH_TOKEN)
    }
    expect(result.summary).not.toContain(REFRESH_TOKEN)
    expectOnlyMasked(result, [SECRET, formSecret, token, REFRESH_TOKEN])
  })

  const formWith = (audience: string) =>
    `grant_type=client_credentials&audience=${audience}&client_id=wiz-client&client_secret=${formSecret}`

  it.each([
    ['commercial', 'https://auth.app.wiz.io'],
    ['FEDRAMP', 'https://auth.app.wiz.us'],
    ['fedramp', 'https://auth.app.wiz.us'],
    ['commercial-govcloud', 'https://auth.gov.wiz.io']
  ])('region %s asks %s with audience wiz-api', async (region, host) => {
    const api = nock(host)
      .post('/oauth/token', formWith('wiz-api'))
      .reply(200, { access_token: 'regional-token', token_type: 'Bearer', expires_in: 3600 })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('regional-token')
  })

  it.each(['gov', 'GOV'])(
    'region %s is refused before any request, naming fedramp and commercial-govcloud',
    async (region) => {
      const result = await job.main({ ...inputs, region })
      expect(result.error).toBe(
        "Input 'region': 'gov' is ambiguous for vendor 'wiz', so it is refused. Use fedramp for Wiz for Government " +
          '(FedRAMP, auth.app.wiz.us), or commercial-govcloud for Wiz commercial hosted in AWS GovCloud ' +
          '(auth.gov.wiz.io, what gov meant before).'
      )
      expectNoUnexpectedRequest()
    }
  )

  it.each(['https://auth.wiz.io', 'https://auth0.gov.wiz.io', 'https://AUTH0.test.wiz.io/'])(
    'base-url %s, a legacy Auth0 host, gets audience beyond-api as Wiz.py sends',
    async (baseUrl) => {
      const api = nock(baseUrl.toLowerCase().replace(/\/$/, ''))
        .post('/oauth/token', formWith('beyond-api'))
        .reply(200, { access_token: 'auth0-token', token_type: 'Bearer', expires_in: 3600 })
      const result = await job.main({ ...inputs, 'base-url': baseUrl })
      expect(result.error).toBe('')
      api.done()
    }
  )

  it.each(['https://auth.app.wiz.us', 'https://wiz-auth.proxy.example'])(
    'base-url %s (not an Auth0 host) gets audience wiz-api',
    async (baseUrl) => {
      const api = nock(baseUrl)
        .post('/oauth/token', formWith('wiz-api'))
        .reply(200, { access_token: 'cognito-token', token_type: 'Bearer', expires_in: 900 })
      const result = await job.main({ ...inputs, 'base-url': baseUrl })
      expect(result.error).toBe('')
      api.done()
      expect(result.outputs['expires-in']).toBe('900')
    }
  )

  it.each([
    ['https://auth.wiz.io', 'wiz-api'],
    ['https://auth.app.wiz.io', 'beyond-api']
  ])("at %s a given audience %s wins over the host's", async (baseUrl, audience) => {
    const api = nock(baseUrl)
      .post('/oauth/token', formWith(audience))
      .reply(200, { access_token: 'given-audience-token', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main({ ...inputs, 'base-url': baseUrl, audience })
    expect(result.error).toBe('')
    api.done()
  })

  it('an unknown region is refused before any request', async () => {
    const result = await job.main({ ...inputs, region: 'eu' })
    expect(result.error).toBe(
      "Input 'region': 'eu' is not a Wiz region. Use one of: commercial, fedramp, commercial-govcloud, or set base-url."
    )
    expectNoUnexpectedRequest()
  })

  it('the post step clears the variable and says Wiz documents no revocation', async () => {
    nock(COMMERCIAL).post('/oauth/token').reply(200, { access_token: 'wiz-token', refresh_token: REFRESH_TOKEN })
    const main = await job.main(inputs)
    const post = await job.post(main, inputs)
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Wiz documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ WIZ_ACCESS_TOKEN: '' })
    expect(post.stdout).not.toContain(REFRESH_TOKEN)
  })
})

describe('wiz refusals and retries', () => {
  const hostsHint =
    "(a Wiz service account), and that region or base-url is your tenant's authentication URL (now auth.app.wiz.io): " +
    'commercial auth.app.wiz.io, fedramp (Wiz for Government) auth.app.wiz.us, ' +
    'commercial-govcloud (Wiz commercial in AWS GovCloud) auth.gov.wiz.io.'

  it.each([
    [401, { error: 'access_denied', error_description: 'Unauthorized' }, 'access_denied: Unauthorized'],
    [403, { error: 'access_denied', error_description: 'Forbidden' }, 'access_denied: Forbidden']
  ])('%d names the authentication hosts and is not retried', async (status, body, detail) => {
    const api = nock(COMMERCIAL).post('/oauth/token').once().reply(status, body)
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `Wiz refused the token request (POST auth.app.wiz.io/oauth/token): HTTP ${status} (${detail}). Check client-id and client-secret ${hostsHint}`
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it.each([
    [{}, COMMERCIAL, 'wiz-api'],
    [{ 'base-url': 'https://auth.wiz.io' }, 'https://auth.wiz.io', 'beyond-api'],
    [{ audience: 'wrong' }, COMMERCIAL, 'wrong']
  ])('400 with %j names the audience sent (%s: %s)', async (extra, host, audience) => {
    nock(host).post('/oauth/token').reply(400, { error: 'invalid_request' })
    const result = await job.main({ ...inputs, ...extra })
    expect(result.error).toBe(
      `Wiz refused the token request (POST ${new URL(host).host}/oauth/token): HTTP 400 (invalid_request). ` +
        `Check audience (now ${audience}: Wiz service accounts use wiz-api, or beyond-api at the legacy Auth0 hosts ` +
        'auth.wiz.io, auth0.gov.wiz.io, auth0.test.wiz.io), client-id and client-secret.'
    )
  })

  it('429 and 502 are retried until the token comes', async () => {
    const api = nock(COMMERCIAL)
      .post('/oauth/token')
      .reply(429, { error: 'too_many_requests' }, { 'Retry-After': '0' })
      .post('/oauth/token')
      .reply(502, '<html>bad gateway</html>', { 'Retry-After': '0' })
      .post('/oauth/token')
      .reply(200, { access_token: 'patient', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('patient')
    expect(result.stdout).toContain('Wiz at auth.app.wiz.io: HTTP 429; retrying')
    expect(result.stdout).toContain('Wiz at auth.app.wiz.io: HTTP 502; retrying')
  })
})
