// Endor Labs' wire format, refusals, retries and post step, through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const API = 'https://api.endorlabs.com'
const TOKEN_PATH = '/v1/auth/api-key'
const inputs = { vendor: 'endor-labs', 'client-id': 'endr+3f1c2b7a9d', 'client-secret': 'endr+secret"0123' }

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('endor-labs wire format', () => {
  it('sends {key, secret} as JSON to api.endorlabs.com and reads token + expirationTime', async () => {
    const expirationTime = new Date(Date.now() + 4 * 3600 * 1000).toISOString()
    const api = nock(API, { badheaders: ['authorization'] })
      .post(TOKEN_PATH, (body) => JSON.stringify(body) === '{"key":"endr+3f1c2b7a9d","secret":"endr+secret\\"0123"}')
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(200, { token: 'endor-token-0123456789', expirationTime })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: 'endor-token-0123456789', 'token-type': 'Bearer', scope: '' })
    expect(result.outputs['expires-at']).toBe(isoSeconds(Date.parse(expirationTime)))
    expectExpiry(result.outputs, 4 * 3600)
    expect(result.env).toEqual({ ENDOR_TOKEN: 'endor-token-0123456789' })
    expectOnlyMasked(result, ['endr+secret"0123', 'endor-token-0123456789'])
    expect(result.stdout).toContain('::debug::Requesting an Endor Labs token from api.endorlabs.com.')
  })

  it('reads expiration_time, and a date-time with nanoseconds, as the SDK does', async () => {
    const expires = Date.now() + 3600 * 1000
    const nanos = new Date(expires).toISOString().replace('Z', '123456Z')
    nock(API).post(TOKEN_PATH).reply(200, { token: 'snake', expiration_time: nanos })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['expires-at']).toBe(isoSeconds(expires))
  })

  it('base-url names another tenant host', async () => {
    const api = nock('https://api.staging.endorlabs.example')
      .post(TOKEN_PATH, { key: 'endr+3f1c2b7a9d', secret: 'endr+secret"0123' })
      .reply(200, { token: 'elsewhere' })
    const result = await job.main({ ...inputs, 'base-url': 'https://api.staging.endorlabs.example/' })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs['expires-at']).toBe('')
  })

  it('falls back to a JWT token exp when the answer has no expiry', async () => {
    const exp = nowSeconds() + 600
    nock(API)
      .post(TOKEN_PATH)
      .reply(200, { token: unsignedJwt({ exp }) })
    const result = await job.main(inputs)
    expect(result.outputs['expires-at']).toBe(isoSeconds(exp * 1000))
  })

  it('refuses an answer without a token string', async () => {
    nock(API).post(TOKEN_PATH).reply(200, { accessToken: 'elsewhere' })
    const result = await job.main(inputs)
    expect(result.error).toBe("Endor Labs answered without a token: the response has no 'token' string.")
    expect(result.outputs).toEqual({})
  })

  it('an expirationTime that is not a date-time leaves the expiry empty, with a warning', async () => {
    nock(API).post(TOKEN_PATH).reply(200, { token: 'undated', expirationTime: 14400 })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['expires-at']).toBe('')
    expect(result.warnings).toEqual([
      'Endor Labs answered with an expiry that is not a usable date (expiry time: negative, not a number, or past the year 9999); ' +
        'the expiry outputs are left empty.'
    ])
  })
})

describe('endor-labs inputs are checked before any request', () => {
  it.each([
    ['client-id', "Input 'client-id'"],
    ['client-secret', "Input 'client-secret'"]
  ])('without %s it names the input and sends nothing', async (missing, named) => {
    const result = await job.main({ ...inputs, [missing]: '' })
    expect(result.failed).toBe(true)
    expect(result.error).toContain(named)
    expect(result.error).toContain("vendor 'endor-labs'")
    expectNoUnexpectedRequest()
  })
})

describe('endor-labs refusals are explained and not retried', () => {
  const credentialsHint =
    'Check client-id (the API key) and client-secret (its secret), that the key has not expired or been deleted ' +
    '(Settings > Access Control > API Keys), and base-url if your tenant is not on https://api.endorlabs.com.'

  it.each([401, 403])('%i names the key, its secret and the tenant host', async (status) => {
    const api = nock(API).post(TOKEN_PATH).once().reply(status, { code: 16, message: 'unauthenticated' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `Endor Labs refused the token request (POST api.endorlabs.com/v1/auth/api-key): HTTP ${status} (unauthenticated). ${credentialsHint}`
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
  })

  it('400 points at the key and secret', async () => {
    nock(API).post(TOKEN_PATH).reply(400, { code: 3, message: 'invalid-args' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'Endor Labs refused the token request (POST api.endorlabs.com/v1/auth/api-key): HTTP 400 (invalid-args). ' +
        'Endor Labs found the request invalid: check client-id (the API key, not its name) and client-secret.'
    )
  })

  it('scrubs the secret when the server echoes it', async () => {
    nock(API).post(TOKEN_PATH).reply(401, { message: 'bad secret endr+secret"0123' })
    const result = await job.main(inputs)
    expect(result.error).toContain('HTTP 401 (bad secret ***)')
    expectOnlyMasked(result, ['endr+secret"0123'])
  })
})

describe('endor-labs transient failures are retried', () => {
  it('retries 503, then succeeds', async () => {
    const api = nock(API)
      .post(TOKEN_PATH)
      .reply(503, { message: 'unavailable' }, { 'Retry-After': '0' })
      .post(TOKEN_PATH)
      .reply(200, { token: 'second-time' })
    const result = await job.main(inputs)
    api.done()
    expect(result.outputs.token).toBe('second-time')
    expect(result.stdout).toContain('Endor Labs at api.endorlabs.com: HTTP 503; retrying')
  })
})

describe('endor-labs post step', () => {
  it('documents no revocation: it says so, sends nothing and clears the variable', async () => {
    nock(API).post(TOKEN_PATH).reply(200, { token: 'stays-valid' })
    const main = await job.main(inputs)
    expect(main.error).toBe('')

    const post = await job.post(main, inputs)

    expectNoUnexpectedRequest()
    expect(post.failed).toBe(false)
    expect(post.stdout).toContain('Endor Labs documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ ENDOR_TOKEN: '' })
  })
})
