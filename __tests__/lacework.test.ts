// Lacework FortiCNAPP's wire format, refusals, retries and post step, through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, maskedValues, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const ACME = 'https://acme.lacework.net'
const TOKEN_PATH = '/api/v2/access/tokens'
const inputs = { vendor: 'lacework', tenant: 'acme', 'client-id': 'ACME_0123ABCD', 'client-secret': '_0123secret' }

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('lacework wire format', () => {
  it('sends the secret in X-LW-UAKS and {keyId, expiryTime} as JSON, and reads token + expiresAt', async () => {
    const expiresAt = new Date(Date.now() + 3600 * 1000).toISOString()
    const api = nock(ACME, { badheaders: ['authorization'] })
      .post(TOKEN_PATH, (body) => JSON.stringify(body) === '{"keyId":"ACME_0123ABCD","expiryTime":3600}')
      .matchHeader('x-lw-uaks', '_0123secret')
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(201, { token: '_opaque0123456789abcdef', expiresAt })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: '_opaque0123456789abcdef', 'token-type': 'Bearer', scope: '' })
    expect(result.outputs['expires-at']).toBe(isoSeconds(Date.parse(expiresAt)))
    expectExpiry(result.outputs, 3600)
    expect(result.env).toEqual({ LACEWORK_ACCESS_TOKEN: '_opaque0123456789abcdef' })
    expectOnlyMasked(result, ['_0123secret', '_opaque0123456789abcdef'])
    expect(maskedValues(result)).toEqual(['_0123secret', '_opaque0123456789abcdef'])
    expect(result.stdout).toContain('::debug::Requesting a Lacework token from acme.lacework.net.')
  })

  it('asks for token-lifetime-seconds as a number, at the lower-cased account host', async () => {
    const api = nock('https://acme-eu-1.lacework.net')
      .post(TOKEN_PATH, { keyId: 'ACME_0123ABCD', expiryTime: 300 })
      .reply(200, { token: 'short', expiresAt: new Date(Date.now() + 300_000).toISOString() })
    const result = await job.main({ ...inputs, tenant: 'ACME-EU-1', 'token-lifetime-seconds': '300' })
    expect(result.error).toBe('')
    api.done()
    expectExpiry(result.outputs, 300)
  })

  it('takes a one-character account name (a DNS label too)', async () => {
    const api = nock('https://a.lacework.net')
      .post(TOKEN_PATH)
      .reply(200, { token: 'one-char', expiresAt: new Date(Date.now() + 3600_000).toISOString() })
    const result = await job.main({ ...inputs, tenant: 'a' })
    expect(result.error).toBe('')
    api.done()
  })

  it('base-url wins over the account host (another cluster)', async () => {
    const api = nock('https://acme.fra.lacework.net')
      .post(TOKEN_PATH, { keyId: 'ACME_0123ABCD', expiryTime: 86400 })
      .reply(200, { token: 'frankfurt', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
    const result = await job.main({
      ...inputs,
      'base-url': 'https://acme.fra.lacework.net/',
      'token-lifetime-seconds': '86400'
    })
    expect(result.error).toBe('')
    api.done()
  })

  it('reads the token at the top level only, as the go-sdk does', async () => {
    nock(ACME)
      .post(TOKEN_PATH)
      .reply(200, { data: { token: 'wrapped', expiresAt: new Date().toISOString() } })
    const result = await job.main(inputs)
    expect(result.error).toBe("Lacework answered without a token: the response has no 'token' string.")
    expect(result.outputs).toEqual({})
  })
})

describe('lacework expiresAt that is not a date-time', () => {
  it.each([['tomorrow'], ['2030-01-01'], ['2030-01-01T00:00:00'], [1893456000], [{}]])(
    '%j: the step succeeds with the expiry unknown and a warning',
    async (expiresAt) => {
      nock(ACME).post(TOKEN_PATH).reply(200, { token: 'undated', expiresAt })
      const result = await job.main(inputs)
      expect(result.error).toBe('')
      expect(result.outputs.token).toBe('undated')
      expect(result.outputs['expires-at']).toBe('')
      expect(result.outputs['expires-in']).toBe('')
      expect(result.warnings).toEqual([
        'Lacework answered with an expiry that is not a usable date (expiry time: negative, not a number, or past the year 9999); ' +
          'the expiry outputs are left empty.'
      ])
    }
  )

  it("falls back to a JWT token's exp", async () => {
    const exp = nowSeconds() + 600
    const jwt = unsignedJwt({ exp })
    nock(ACME).post(TOKEN_PATH).reply(200, { token: jwt, expiresAt: 'soon' })
    const result = await job.main(inputs)
    expect(result.outputs['expires-at']).toBe(isoSeconds(exp * 1000))
    expect(result.warnings[0]).toContain('using JWT exp instead')
  })

  it('an absent expiresAt is simply unknown, without a warning', async () => {
    nock(ACME).post(TOKEN_PATH).reply(200, { token: 'no-expiry' })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['expires-at']).toBe('')
    expect(result.warnings).toEqual([])
  })
})

describe('lacework refusals are explained and not retried', () => {
  it('401 names the key, the secret and the account', async () => {
    const api = nock(ACME).post(TOKEN_PATH).once().reply(401, { message: 'Unauthorized' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      "Lacework refused the token request (POST acme.lacework.net/api/v2/access/tokens): HTTP 401 (Unauthorized). Check client-id (the API key's keyId) and " +
        'client-secret (its secret), that the key is enabled, and that tenant (or base-url) is the account the key was ' +
        'created in: API keys apply to one account only.'
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
  })

  it('400 points at the keyId and the lifetime', async () => {
    nock(ACME)
      .post(TOKEN_PATH)
      .reply(400, { data: { message: 'bad request' }, message: 'Invalid keyId' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      "Lacework refused the token request (POST acme.lacework.net/api/v2/access/tokens): HTTP 400 (Invalid keyId). Lacework found the request invalid: check client-id (the API key's keyId) and token-lifetime-seconds."
    )
  })

  it('scrubs the secret when the server echoes it', async () => {
    nock(ACME).post(TOKEN_PATH).reply(403, { message: 'key _0123secret is disabled' })
    const result = await job.main(inputs)
    expect(result.error).toContain('HTTP 403 (key *** is disabled)')
    expectOnlyMasked(result, ['_0123secret'])
  })
})

describe('lacework transient failures are retried', () => {
  it('retries 500 and a dropped connection, then succeeds', async () => {
    const api = nock(ACME)
      .post(TOKEN_PATH)
      .reply(500, { message: 'Internal Server Error' }, { 'Retry-After': '0' })
      .post(TOKEN_PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post(TOKEN_PATH)
      .reply(200, { token: 'third-time', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })

    const result = await job.main(inputs)

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('third-time')
    expect(result.stdout).toContain('Lacework at acme.lacework.net: HTTP 500; retrying')
  })
})

describe('lacework post step', () => {
  it('documents no revocation: it says so, sends nothing, deletes the file and clears the variable', async () => {
    nock(ACME)
      .post(TOKEN_PATH)
      .reply(200, { token: 'stays-valid', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    const main = await job.main({ ...inputs, 'write-token-file': 'true' })
    expect(main.error).toBe('')

    const post = await job.post(main, inputs)

    expectNoUnexpectedRequest()
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Lacework documents no token revocation; the token stays valid until it expires.')
    expect(post.stdout).toContain('Deleted the token file.')
    expect(post.env).toEqual({ LACEWORK_ACCESS_TOKEN: '' })
    expectOnlyMasked(post, ['_0123secret'])
  })
})
