// Prisma Cloud through the action's inputs and outputs: the /login wire format, the regions of
// pan.dev's API URL list, expiry from the JWT, refusals and retries.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const ACCESS_KEY_ID = 'q158e014-bc9b-2345-7a46-52b13da28b31'
// A secret key with characters that JSON escapes.
const SECRET_KEY = 'xJQI0B"f0\\DoA='
const jsonEscapedSecret = 'xJQI0B\\"f0\\\\DoA='
const inputs = { vendor: 'prisma-cloud', region: 'app2.eu', 'client-id': ACCESS_KEY_ID, 'client-secret': SECRET_KEY }
const EU2 = 'https://api2.eu.prismacloud.io'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('prisma-cloud login', () => {
  it('posts the access key as JSON username/password and takes the expiry from the JWT exp', async () => {
    const exp = nowSeconds() + 600
    const token = unsignedJwt({ username: ACCESS_KEY_ID, exp })
    const api = nock(EU2)
      .post(
        '/login',
        (body) => JSON.stringify(body) === JSON.stringify({ username: ACCESS_KEY_ID, password: SECRET_KEY })
      )
      .matchHeader('content-type', 'application/json; charset=UTF-8')
      .matchHeader('accept', 'application/json')
      .reply(200, { token, message: 'login_successful', customerNames: [{ customerName: 'acme', tosAccepted: true }] })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', scope: '' })
    expect(Date.parse(result.outputs['expires-at'])).toBe(exp * 1000)
    expectExpiry(result.outputs, 600)
    expect(result.env).toEqual({ PRISMA_CLOUD_ACCESS_TOKEN: token })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET_KEY, jsonEscapedSecret, token])
  })

  it.each([
    ['app', 'https://api.prismacloud.io'],
    ['app4', 'https://api4.prismacloud.io'],
    ['APP.ANZ', 'https://api.anz.prismacloud.io'],
    ['app.gov', 'https://api.gov.prismacloud.io'],
    ['app.cn', 'https://api.prismacloud.cn'],
    ['app.id', 'https://api.id.prismacloud.io']
  ])('region %s logs in at %s', async (region, host) => {
    const api = nock(host).post('/login').reply(200, { token: 'regional' })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
  })

  it('base-url wins over region', async () => {
    const api = nock('https://api3.prismacloud.io').post('/login').reply(200, { token: 'by-url' })
    const result = await job.main({ ...inputs, 'base-url': 'https://api3.prismacloud.io/' })
    expect(result.error).toBe('')
    api.done()
  })

  it('needs region or base-url: the docs name no default stack', async () => {
    const result = await job.main({ ...inputs, region: '' })
    expect(result.error).toBe(
      "Input 'region': or 'base-url' is required for vendor 'prisma-cloud'. Set region to your platform " +
        '(APP, APP2, APP3, APP4, APP.ANZ, APP.EU, APP2.EU, APP.GOV, APP.CN, APP.CA, APP.SG, APP.UK, APP.IND, APP.JP, APP.FR, APP.ID) ' +
        'or base-url to its API gateway URL.'
    )
    expectNoUnexpectedRequest()
    expect(result.state).toEqual({})
  })

  it('refuses an answer without a token', async () => {
    nock(EU2).post('/login').reply(200, { message: 'login_successful' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      "Prisma Cloud answered without a token: the response has no 'token' string. The answer says: login_successful."
    )
    expect(result.outputs).toEqual({})
  })

  it('the post step clears the variable; Prisma Cloud documents no revocation', async () => {
    nock(EU2)
      .post('/login')
      .reply(200, { token: unsignedJwt({ exp: nowSeconds() + 600 }) })
    const main = await job.main(inputs)
    const post = await job.post(main, inputs)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Prisma Cloud documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ PRISMA_CLOUD_ACCESS_TOKEN: '' })
  })
})

describe('prisma-cloud refusals and retries', () => {
  it('401 explains bad, expired or disabled keys and the stack, and is not retried', async () => {
    const api = nock(EU2)
      .post('/login')
      .once()
      .reply(401, '', { 'x-redlock-status': '[{"i18nKey":"invalid_credentials","severity":"error","subject":null}]' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      'Prisma Cloud refused the token request: HTTP 401. Check client-id (the access key ID) and client-secret ' +
        '(its secret key): an access key that expired or was disabled is refused, and so is a user name and password ' +
        "where SSO is enabled. An access key works only on its own tenant's stack: region or base-url must match your " +
        'console URL (now api2.eu.prismacloud.io; e.g. region app2.eu for https://app2.eu.prismacloud.io).'
    )
    expect(result.stdout).not.toContain('retrying')
    expectOnlyMasked(result, [SECRET_KEY, jsonEscapedSecret])
  })

  it('429 is retried, honouring Retry-After', async () => {
    const api = nock(EU2)
      .post('/login')
      .reply(429, '', { 'Retry-After': '0', 'X-RateLimit-Remaining': '0' })
      .post('/login')
      .reply(200, { token: 'after-429' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('after-429')
    expect(result.stdout).toMatch(/Prisma Cloud at api2\.eu\.prismacloud\.io: HTTP 429; retrying in 0\.\d s/)
  })
})
