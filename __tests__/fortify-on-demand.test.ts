// Fortify on Demand through the action's inputs and outputs: the fcli wire format, the data centers,
// a portal URL in base-url, the scope input, refusals and the post step.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, expectOnlyMasked, maskedValues, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const AMS = 'https://api.ams.fortify.com'
const SECRET = 'fod secret&more'
const formSecret = 'fod+secret%26more'
const inputs = { vendor: 'fortify-on-demand', region: 'ams', 'client-id': 'fod-api-key', 'client-secret': SECRET }
const formWith = (scope: string) =>
  `scope=${scope}&grant_type=client_credentials&client_id=fod-api-key&client_secret=${formSecret}`

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('fortify-on-demand token request', () => {
  it('posts scope api-tenant, grant_type and the API key as a form, and reads expires_in in seconds', async () => {
    const api = nock(AMS, { badheaders: ['authorization'] })
      .post('/oauth/token', formWith('api-tenant'))
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'application/json')
      .reply(200, { access_token: 'fod-opaque-token', token_type: 'bearer', expires_in: 21599 })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: 'fod-opaque-token',
      'token-type': 'Bearer',
      'expires-in': '21599',
      scope: 'api-tenant'
    })
    expect(result.env).toEqual({ FORTIFY_ON_DEMAND_ACCESS_TOKEN: 'fod-opaque-token' })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET, formSecret, 'fod-opaque-token'])
    // The secret as written, form-encoded and URL-encoded, and the token: nothing else.
    expect(maskedValues(result)).toEqual([SECRET, formSecret, 'fod%20secret%26more', 'fod-opaque-token'])
  })

  it.each([
    ['ams', 'https://api.ams.fortify.com'],
    ['AMS', 'https://api.ams.fortify.com'],
    ['emea', 'https://api.emea.fortify.com']
  ])('region %s asks %s', async (region, host) => {
    const api = nock(host)
      .post('/oauth/token', formWith('api-tenant'))
      .reply(200, { access_token: `fod-${region}` })
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe(`fod-${region}`)
  })

  it.each([
    ['https://apac.fortify.com', 'https://api.apac.fortify.com'],
    ['https://fed.fortifygov.com/', 'https://api.fed.fortifygov.com'],
    ['https://api.sgp.fortify.com', 'https://api.sgp.fortify.com'],
    ['https://fod-proxy.example.com/fod', 'https://fod-proxy.example.com/fod'],
    // A final dot segment leaves a run of slashes once the URL is parsed: all of them go.
    ['https://fod-proxy.example.com/fod//.', 'https://fod-proxy.example.com/fod']
  ])('base-url %s asks %s (a Fortify portal host gets api. in front, as fcli does)', async (baseUrl, api) => {
    const url = new URL(api)
    const scope = nock(url.origin)
      .post(`${url.pathname.replace(/\/$/, '')}/oauth/token`)
      .reply(200, { access_token: 'fod-by-base-url' })
    const result = await job.main({ ...inputs, region: '', 'base-url': baseUrl })
    expect(result.error).toBe('')
    scope.done()
  })

  it('the scope input replaces api-tenant, sent as written', async () => {
    const api = nock(AMS)
      .post('/oauth/token', formWith('view-apps%2Cview-issues'))
      .reply(200, { access_token: 'scoped', token_type: 'bearer', expires_in: 60, scope: 'view-apps,view-issues' })
    const result = await job.main({ ...inputs, scope: 'view-apps,view-issues' })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.scope).toBe('view-apps,view-issues')
  })

  it.each<[Record<string, string>, string]>([
    [
      { region: '' },
      "Input 'region': or 'base-url' is required for vendor 'fortify-on-demand'. Set region to your platform (ams, emea) or base-url to its API gateway URL."
    ],
    [
      { region: 'eu' },
      "Input 'region': 'eu' is not a Fortify on Demand region. Use one of: ams, emea, or set base-url."
    ],
    ...['apac', 'SGP', 'fed'].map((region): [Record<string, string>, string] => [
      { region },
      `Input 'region': '${region.toLowerCase()}' is a data center without a confirmed API URL in this action: set ` +
        "base-url to the URL of your tenant's portal (the host you sign in at, e.g. https://<data center>.fortify.com); " +
        'the action asks its api. host, as fcli does.'
    ]),
    [
      { 'client-id': '' },
      "Input 'client-id': is required for vendor 'fortify-on-demand', e.g. client-id: 0oa1b2c3d4e5f6g7h8."
    ]
  ])('%j is refused before any request', async (extra, error) => {
    const result = await job.main({ ...inputs, ...extra })
    expect(result.error).toBe(error)
    expectNoUnexpectedRequest()
  })

  it('the post step clears the variable and says Fortify on Demand documents no revocation', async () => {
    nock(AMS).post('/oauth/token').reply(200, { access_token: 'fod-token', expires_in: 21600 })
    const main = await job.main(inputs)
    const post = await job.post(main, inputs)
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain(
      'Fortify on Demand documents no token revocation; the token stays valid until it expires.'
    )
    expect(post.env).toEqual({ FORTIFY_ON_DEMAND_ACCESS_TOKEN: '' })
  })
})

describe('fortify-on-demand refusals', () => {
  it.each([400, 401, 403])('%i names the API key, the scope and the data centers', async (status) => {
    const api = nock('https://api.emea.fortify.com')
      .post('/oauth/token')
      .once()
      .reply(status, { error: 'invalid_grant', error_description: 'Scope is required' })
    const result = await job.main({ ...inputs, region: 'emea', scope: 'view-apps' })
    api.done()
    expect(result.error).toBe(
      `Fortify on Demand refused the token request (POST api.emea.fortify.com/oauth/token): HTTP ${status} (invalid_grant: Scope is required). ` +
        'Check client-id and client-secret (an API key and its secret, from Administration > Settings > API), scope ' +
        "(now view-apps), and that region or base-url is your tenant's data center (now api.emea.fortify.com): " +
        'ams api.ams.fortify.com, emea api.emea.fortify.com; another data center by base-url.'
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it('404 asks for the API URL of the data center', async () => {
    nock('https://fod.example.com').post('/oauth/token').reply(404, '')
    const result = await job.main({ ...inputs, 'base-url': 'https://fod.example.com' })
    expect(result.error).toBe(
      'Fortify on Demand refused the token request (POST fod.example.com/oauth/token): HTTP 404. No token endpoint at ' +
        "fod.example.com: set base-url to your data center's API URL, e.g. https://api.ams.fortify.com (the portal " +
        'host with api. in front), without /oauth/token.'
    )
  })
})
