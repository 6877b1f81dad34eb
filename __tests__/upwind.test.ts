// Upwind through the action's inputs and outputs: one token host for every region, the region (or
// base-url) as the audience, audience and token-url overrides, refusals and the post step.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const AUTH = 'https://auth.upwind.io'
const SECRET = 'upwind secret&more'
const formSecret = 'upwind+secret%26more'
const inputs = { vendor: 'upwind', 'client-id': 'upwind-client', 'client-secret': SECRET }
const formFor = (audience: string) =>
  `grant_type=client_credentials&audience=${encodeURIComponent(audience)}&client_id=upwind-client&client_secret=${formSecret}`

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('upwind token request', () => {
  it('posts the client and audience https://api.upwind.io as a form to auth.upwind.io, and exports UPWIND_ACCESS_TOKEN', async () => {
    const token = unsignedJwt({ aud: 'https://api.upwind.io', exp: nowSeconds() + 86400 })
    const api = nock(AUTH, { badheaders: ['authorization'] })
      .post('/oauth/token', formFor('https://api.upwind.io'))
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { access_token: token, token_type: 'Bearer', expires_in: 86400 })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', 'expires-in': '86400' })
    expect(result.env).toEqual({ UPWIND_ACCESS_TOKEN: token })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET, formSecret, token])
  })

  it.each([
    ['us', 'https://api.upwind.io'],
    ['eu', 'https://api.eu.upwind.io'],
    ['EU', 'https://api.eu.upwind.io'],
    ['me', 'https://api.me.upwind.io'],
    ['ap', 'https://api.ap.upwind.io']
  ])('region %s asks auth.upwind.io with audience %s', async (region, audience) => {
    const api = nock(AUTH)
      .post('/oauth/token', formFor(audience))
      .reply(200, { access_token: `token-${region}`, token_type: 'Bearer', expires_in: 3600 })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe(`token-${region}`)
  })

  it('base-url is the API base URL, sent as the audience (as Upwind moves both), at the same token host', async () => {
    const api = nock(AUTH)
      .post('/oauth/token', formFor('https://api.staging.upwind.example'))
      .reply(200, { access_token: 'staging-token', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main({ ...inputs, region: 'eu', 'base-url': 'https://api.staging.upwind.example/' })
    expect(result.error).toBe('')
    api.done()
  })

  it('a given audience wins over the region', async () => {
    const api = nock(AUTH)
      .post('/oauth/token', formFor('https://agent.upwind.io'))
      .reply(200, { access_token: 'agent-token', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main({ ...inputs, region: 'me', audience: 'https://agent.upwind.io' })
    expect(result.error).toBe('')
    api.done()
  })

  it("token-url moves only the token endpoint: the audience stays the region's", async () => {
    const api = nock('https://upwind-auth.proxy.example')
      .post('/oauth/token', formFor('https://api.ap.upwind.io'))
      .reply(200, { access_token: 'proxied-token', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main({
      ...inputs,
      region: 'ap',
      'token-url': 'https://upwind-auth.proxy.example/oauth/token'
    })
    expect(result.error).toBe('')
    api.done()
  })

  it.each([
    [
      { region: 'us-1' },
      "Input 'region': 'us-1' is not an Upwind region. Use one of: us, eu, me, ap, or set base-url."
    ],
    [
      { 'token-url': 'http://auth.upwind.io/oauth/token' },
      "Input 'token-url': must use https:// (got http://); plain http is only allowed to a loopback address."
    ],
    [
      { 'client-secret': '' },
      "Input 'client-secret': is required for vendor 'upwind', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
    ]
  ])('%j is refused before any request', async (extra, error) => {
    const result = await job.main({ ...inputs, ...extra })
    expect(result.error).toBe(error)
    expectNoUnexpectedRequest()
  })

  it('the post step clears the variable and says Upwind documents no revocation', async () => {
    nock(AUTH).post('/oauth/token').reply(200, { access_token: 'upwind-token', token_type: 'Bearer' })
    const main = await job.main(inputs)
    const post = await job.post(main, inputs)
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Upwind documents no token revocation; the token stays valid until it expires.')
    expect(post.env).toEqual({ UPWIND_ACCESS_TOKEN: '' })
  })
})

describe('upwind refusals', () => {
  it.each([
    [400, {}, 'https://api.upwind.io'],
    [401, { region: 'eu' }, 'https://api.eu.upwind.io'],
    [403, { audience: 'https://api.upwind.io/' }, 'https://api.upwind.io/']
  ])('%i names the audience sent and the regions, and is not retried', async (status, extra, audience) => {
    const api = nock(AUTH)
      .post('/oauth/token')
      .once()
      .reply(status, { error: 'access_denied', error_description: 'Service not found' })
    const result = await job.main({ ...inputs, ...extra })
    api.done()
    expect(result.error).toBe(
      `Upwind refused the token request (POST auth.upwind.io/oauth/token): HTTP ${status} (access_denied: Service not found). ` +
        `Check client-id and client-secret (Upwind API credentials), and that the audience (now ${audience}) is the API ` +
        "of your organization's region: set region (us https://api.upwind.io, eu https://api.eu.upwind.io, " +
        'me https://api.me.upwind.io, ap https://api.ap.upwind.io) or base-url.'
    )
    expect(result.stdout).not.toContain('retrying')
  })
})
