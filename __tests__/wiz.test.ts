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

  it('region gov asks auth.gov.wiz.io, and the audience input overrides wiz-api', async () => {
    const api = nock('https://auth.gov.wiz.io')
      .post('/oauth/token', (body) => body.audience === 'beyond-api' && body.grant_type === 'client_credentials')
      .reply(200, { access_token: 'gov-token', token_type: 'Bearer', expires_in: 3600 })
    const result = await job.main({ ...inputs, region: 'GOV', audience: 'beyond-api' })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('gov-token')
  })

  it('base-url reaches a Wiz for Government tenant', async () => {
    const api = nock('https://auth.app.wiz.us')
      .post('/oauth/token')
      .reply(200, { access_token: 'fed-token', token_type: 'Bearer', expires_in: 900 })
    const result = await job.main({ ...inputs, 'base-url': 'https://auth.app.wiz.us' })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs['expires-in']).toBe('900')
  })

  it('an unknown region is refused before any request', async () => {
    const result = await job.main({ ...inputs, region: 'eu' })
    expect(result.error).toBe("Input 'region': 'eu' is not a Wiz region. Use one of: COMMERCIAL, GOV, or set base-url.")
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
  it('401 names the authentication hosts and is not retried', async () => {
    const api = nock(COMMERCIAL)
      .post('/oauth/token')
      .once()
      .reply(401, { error: 'access_denied', error_description: 'Unauthorized' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      'Wiz refused the token request: HTTP 401 (access_denied: Unauthorized). Check client-id and client-secret ' +
        "(a Wiz service account), and that region or base-url is your tenant's authentication URL (now auth.app.wiz.io): " +
        'commercial auth.app.wiz.io, gov auth.gov.wiz.io, Wiz for Government base-url https://auth.app.wiz.us.'
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it('400 points at the audience', async () => {
    nock(COMMERCIAL).post('/oauth/token').reply(400, { error: 'invalid_request' })
    const result = await job.main({ ...inputs, audience: 'wrong' })
    expect(result.error).toBe(
      'Wiz refused the token request: HTTP 400 (invalid_request). ' +
        'Check audience (Wiz service accounts use wiz-api, the default), client-id and client-secret.'
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
