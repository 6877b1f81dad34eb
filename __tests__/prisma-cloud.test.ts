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

// x-redlock-status, as Prisma Cloud sends it (pan.dev api-errors.md; prisma-cloud-go error.go PrismaCloudError).
const INVALID_CREDENTIALS = '[{"i18nKey":"invalid_credentials","severity":"error","subject":null}]'
const SSO_LOGIN = '[{"i18nKey":"sso_enabled_password_login_attempt","severity":"error","subject":null}]'
const STACK_ADVICE =
  "An access key works only on its own tenant's stack: region or base-url must match your console URL " +
  '(now api2.eu.prismacloud.io; e.g. region app2.eu for https://app2.eu.prismacloud.io).'
const INVALID_CREDENTIALS_ADVICE =
  'The access key ID (client-id) or its secret key (client-secret) is wrong, or the key expired or was made ' +
  `inactive (Settings > Access Control > Access Keys). ${STACK_ADVICE}`
const SSO_ADVICE =
  'That is a user name and password where single sign-on is enabled: set client-id and client-secret to an ' +
  "access key ID and its secret key (Settings > Access Control > Access Keys), not a user's login."
const GENERAL_ADVICE =
  'Check client-id (the access key ID) and client-secret (its secret key): an access key that expired or was ' +
  `disabled is refused, and so is a user name and password where SSO is enabled. ${STACK_ADVICE}`

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
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', scope: '', user: '' })
    expect(Date.parse(result.outputs['expires-at'])).toBe(exp * 1000)
    expectExpiry(result.outputs, 600)
    expect(result.env).toEqual({ PRISMA_CLOUD_ACCESS_TOKEN: token })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET_KEY, jsonEscapedSecret, token])
  })

  // Every row of pan.dev's API URL list (apiurls.md), with its literal host, and one in capitals.
  it.each([
    ['app', 'https://api.prismacloud.io'],
    ['app2', 'https://api2.prismacloud.io'],
    ['app3', 'https://api3.prismacloud.io'],
    ['app4', 'https://api4.prismacloud.io'],
    ['app.anz', 'https://api.anz.prismacloud.io'],
    ['app.eu', 'https://api.eu.prismacloud.io'],
    ['app2.eu', 'https://api2.eu.prismacloud.io'],
    ['app.gov', 'https://api.gov.prismacloud.io'],
    ['app.cn', 'https://api.prismacloud.cn'],
    ['app.ca', 'https://api.ca.prismacloud.io'],
    ['app.sg', 'https://api.sg.prismacloud.io'],
    ['app.uk', 'https://api.uk.prismacloud.io'],
    ['app.ind', 'https://api.ind.prismacloud.io'],
    ['app.jp', 'https://api.jp.prismacloud.io'],
    ['app.fr', 'https://api.fr.prismacloud.io'],
    ['app.id', 'https://api.id.prismacloud.io'],
    ['APP.ANZ', 'https://api.anz.prismacloud.io']
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
        '(app, app2, app3, app4, app.anz, app.eu, app2.eu, app.gov, app.cn, app.ca, app.sg, app.uk, app.ind, app.jp, app.fr, app.id) ' +
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
  it.each([
    [
      401,
      'invalid_credentials',
      INVALID_CREDENTIALS,
      `Prisma Cloud says: invalid_credentials. ${INVALID_CREDENTIALS_ADVICE}`
    ],
    [
      403,
      'invalid_credentials',
      INVALID_CREDENTIALS,
      `Prisma Cloud says: invalid_credentials. ${INVALID_CREDENTIALS_ADVICE}`
    ],
    [
      401,
      'sso_enabled_password_login_attempt',
      SSO_LOGIN,
      `Prisma Cloud says: sso_enabled_password_login_attempt. ${SSO_ADVICE}`
    ],
    [
      403,
      'sso_enabled_password_login_attempt',
      SSO_LOGIN,
      `Prisma Cloud says: sso_enabled_password_login_attempt. ${SSO_ADVICE}`
    ],
    [
      401,
      'a reason it does not explain',
      '[{"i18nKey":"tenant_suspended","severity":"error","subject":null}]',
      `Prisma Cloud says: tenant_suspended. ${GENERAL_ADVICE}`
    ],
    [
      403,
      'a reason it does not explain',
      '[{"i18nKey":"tenant_suspended","severity":"error","subject":null}]',
      `Prisma Cloud says: tenant_suspended. ${GENERAL_ADVICE}`
    ],
    [401, 'no x-redlock-status', undefined, GENERAL_ADVICE],
    [403, 'no x-redlock-status', undefined, GENERAL_ADVICE]
  ])('HTTP %d with %s is explained, and not retried', async (status, _reason, header, hint) => {
    const api = nock(EU2)
      .post('/login')
      .once()
      .reply(status, '', header === undefined ? {} : { 'x-redlock-status': header })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP ${status}. ${hint}`
    )
    expect(result.stdout).not.toContain('retrying')
    expectOnlyMasked(result, [SECRET_KEY, jsonEscapedSecret])
  })

  it('names every reason, each explained, and never the subject', async () => {
    nock(EU2)
      .post('/login')
      .reply(401, '', {
        'x-redlock-status': JSON.stringify([
          { i18nKey: 'sso_enabled_password_login_attempt', severity: 'error', subject: 'alice@example.com' },
          { i18nKey: 'invalid_credentials', severity: 'error', subject: 'subject-with-a-secret' },
          { i18nKey: 'invalid_credentials', severity: 'error', subject: null }
        ])
      })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP 401. Prisma Cloud says: sso_enabled_password_login_attempt, ' +
        `invalid_credentials. ${SSO_ADVICE} ${INVALID_CREDENTIALS_ADVICE}`
    )
    expect(result.stdout).not.toContain('alice@example.com')
    expect(result.stdout).not.toContain('subject-with-a-secret')
  })

  it('shows at most three reasons, and explains only those it shows', async () => {
    const keys = ['quota_exceeded', 'tenant_suspended', 'license_expired', 'invalid_credentials', 'other_key']
    nock(EU2)
      .post('/login')
      .reply(401, '', { 'x-redlock-status': JSON.stringify(keys.map((i18nKey) => ({ i18nKey, severity: 'error' }))) })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP 401. Prisma Cloud says: quota_exceeded, tenant_suspended, ' +
        `license_expired (and 2 more). ${GENERAL_ADVICE}`
    )
  })

  const hostile =
    '[{"i18nKey":"::set-output name=token::stolen"},{"i18nKey":"<img src=x onerror=alert(1)>"},' +
    '{"i18nKey":"line\\nbreak"},{"i18nKey":"%0A::error::x"},{"i18nKey":42},{"subject":"invalid_credentials"}]'
  it.each([
    ['not JSON', 'invalid_credentials'],
    ['a JSON object, not a list', '{"i18nKey":"invalid_credentials"}'],
    ['a list of a string and null', '["invalid_credentials",null]'],
    ['keys that are not key-shaped (workflow commands, HTML, a line break, a number)', hostile],
    ['a key over 64 characters', JSON.stringify([{ i18nKey: 'k'.repeat(65) }])],
    [
      'a header longer than 4096 characters',
      JSON.stringify(Array.from({ length: 200 }, () => ({ i18nKey: 'invalid_credentials', severity: 'error' })))
    ],
    ['empty', '']
  ])('a malformed x-redlock-status (%s) shows no reason and gives the general advice', async (_case, header) => {
    nock(EU2).post('/login').reply(401, '', { 'x-redlock-status': header })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      `Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP 401. ${GENERAL_ADVICE}`
    )
    expect(result.stdout).not.toMatch(/set-output|stolen|<img|onerror|line.break|::error::x/)
  })

  it('a header of exactly 4096 characters is read', async () => {
    const start = '[{"i18nKey":"tenant_suspended","subject":"'
    const end = '"}]'
    const header = start + 's'.repeat(4096 - start.length - end.length) + end
    expect(header).toHaveLength(4096)
    nock(EU2).post('/login').reply(401, '', { 'x-redlock-status': header })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      `Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP 401. Prisma Cloud says: tenant_suspended. ${GENERAL_ADVICE}`
    )
  })

  it('a valid reason among hostile ones is shown alone', async () => {
    const header = hostile.replace(/]$/, ',{"i18nKey":"invalid_credentials","subject":"alice@example.com"}]')
    nock(EU2).post('/login').reply(403, '', { 'x-redlock-status': header })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      `Prisma Cloud refused the token request (POST api2.eu.prismacloud.io/login): HTTP 403. Prisma Cloud says: invalid_credentials. ${INVALID_CREDENTIALS_ADVICE}`
    )
    expect(result.stdout).not.toMatch(/set-output|stolen|<img|alice@example\.com/)
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
