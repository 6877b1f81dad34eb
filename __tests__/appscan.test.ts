// HCL AppScan on Cloud's wire format, data centers, refusals and post step, through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const NA = 'https://cloud.appscan.com'
const EU = 'https://eu.cloud.appscan.com'
const LOGIN = '/api/v4/Account/ApiKeyLogin'
const KEY_ID = 'local_7a1e1b24-4d5c-4f3b-9a61-0c6f1e2d3b4a'
const EU_KEY_ID = 'eu-central-1_0b7d2c9e-1f4a-4e8b-a3c2-5d6e7f8a9b0c'
const inputs = { vendor: 'appscan', 'client-id': KEY_ID, 'client-secret': 'asoc/Secret+0123=' }
const body = (keyId: string) => ({ keyId, keySecret: 'asoc/Secret+0123=' })

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('appscan wire format', () => {
  it('sends {keyId, keySecret} as JSON to the North America host and reads Token', async () => {
    const exp = nowSeconds() + 7200
    const token = unsignedJwt({ sub: 'asoc-user', exp })
    const api = nock(NA, { badheaders: ['authorization'] })
      .post(LOGIN, (sent) => JSON.stringify(sent) === JSON.stringify(body(KEY_ID)))
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(200, { Token: token })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', scope: '' })
    // The answer names no lifetime: the JWT's exp is the expiry.
    expect(result.outputs['expires-at']).toBe(isoSeconds(exp * 1000))
    expectExpiry(result.outputs, 7200)
    expect(result.env).toEqual({ APPSCAN_ACCESS_TOKEN: token })
    expectOnlyMasked(result, ['asoc/Secret+0123=', token])
    expect(result.stdout).toContain('::debug::Requesting an AppScan on Cloud token from cloud.appscan.com.')
  })

  it('takes 201 as success, as HCL clients do', async () => {
    nock(NA).post(LOGIN).reply(201, { Token: 'created' })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('created')
    expect(result.outputs['expires-at']).toBe('')
  })

  it("reads Token only as HCL spells it: a lower-case 'token' is not the token", async () => {
    nock(NA).post(LOGIN).reply(200, { token: 'wrong-case' })
    const result = await job.main(inputs)
    expect(result.error).toBe("AppScan on Cloud answered without a token: the response has no 'Token' string.")
    expect(result.outputs).toEqual({})
  })
})

describe('appscan data centers', () => {
  it.each([
    ['na', NA],
    ['eu', EU],
    ['EU', EU]
  ])('region %s asks %s', async (region, host) => {
    const api = nock(host)
      .post(LOGIN, body(KEY_ID))
      .reply(200, { Token: `from-${region}` })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
  })

  it('without region, a Key ID starting eu-central goes to Europe, as appscan-sast-action does', async () => {
    const api = nock(EU).post(LOGIN, body(EU_KEY_ID)).reply(200, { Token: 'european' })
    const result = await job.main({ ...inputs, 'client-id': EU_KEY_ID })
    expect(result.error).toBe('')
    api.done()
  })

  it('region wins over what the Key ID suggests', async () => {
    const api = nock(NA).post(LOGIN, body(EU_KEY_ID)).reply(200, { Token: 'american' })
    const result = await job.main({ ...inputs, 'client-id': EU_KEY_ID, region: 'na' })
    expect(result.error).toBe('')
    api.done()
  })

  it('base-url wins over region (AppScan 360°)', async () => {
    const api = nock('https://appscan360.acme.example').post(LOGIN, body(KEY_ID)).reply(200, { Token: 'on-prem' })
    const result = await job.main({ ...inputs, region: 'eu', 'base-url': 'https://appscan360.acme.example/' })
    expect(result.error).toBe('')
    api.done()
  })

  it('refuses an unknown region before any request', async () => {
    const result = await job.main({ ...inputs, region: 'ap' })
    expect(result.error).toBe(
      "Input 'region': 'ap' is not an AppScan on Cloud region. Use one of: na, eu, or set base-url."
    )
    expectNoUnexpectedRequest()
  })
})

describe('appscan inputs are checked before any request', () => {
  it.each(['client-id', 'client-secret'])('without %s it names the input and sends nothing', async (missing) => {
    const result = await job.main({ ...inputs, [missing]: '' })
    expect(result.failed).toBe(true)
    expect(result.error).toContain(`Input '${missing}'`)
    expect(result.error).toContain("vendor 'appscan'")
    expectNoUnexpectedRequest()
  })
})

describe('appscan refusals are explained and not retried', () => {
  const credentialsHint =
    'Check client-id (the Key ID) and client-secret (the Key Secret); that the key was not replaced (generating a new ' +
    'key expires the previous one at once), revoked or expired; and the data center: region eu (eu.cloud.appscan.com) ' +
    'for a key made there, or base-url for AppScan 360°.'

  it.each([401, 403])('%i names the key, its secret and the data center', async (status) => {
    const api = nock(NA).post(LOGIN).once().reply(status, { Message: 'Unauthorized' })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe(
      `AppScan on Cloud refused the token request (POST cloud.appscan.com/api/v4/Account/ApiKeyLogin): HTTP ${status}. ${credentialsHint}`
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
  })

  it('400 points at the Key ID and Key Secret', async () => {
    nock(NA).post(LOGIN).reply(400, { Message: 'bad request' })
    const result = await job.main(inputs)
    expect(result.error).toContain(
      'HTTP 400. AppScan on Cloud found the request invalid: check client-id (the Key ID) and client-secret (the Key Secret).'
    )
  })
})

describe('appscan post step', () => {
  it('documents no revocation: it says so, sends nothing and clears the variable', async () => {
    nock(NA).post(LOGIN).reply(200, { Token: 'stays-valid' })
    const main = await job.main(inputs)
    expect(main.error).toBe('')

    const post = await job.post(main, inputs)

    expectNoUnexpectedRequest()
    expect(post.failed).toBe(false)
    expect(post.stdout).toContain(
      'AppScan on Cloud documents no token revocation; the token stays valid until it expires.'
    )
    expect(post.env).toEqual({ APPSCAN_ACCESS_TOKEN: '' })
  })
})
