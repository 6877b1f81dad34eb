// Every row of the tables a copy-paste slip could break unnoticed, through the action's inputs:
// region -> host, refusal status -> hint (each vendor's and the shared defaults), and which
// network failures are retried. Expected hosts and hint phrases are literals, not read from src.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { createJob, type Job, useVirtualClock } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const clock = useVirtualClock()

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('every region is its own host', () => {
  it.each([
    ['us1', 'https://gateway.qg1.apps.qualys.com'],
    ['us2', 'https://gateway.qg2.apps.qualys.com'],
    ['us3', 'https://gateway.qg3.apps.qualys.com'],
    ['us4', 'https://gateway.qg4.apps.qualys.com'],
    ['eu1', 'https://gateway.qg1.apps.qualys.eu'],
    ['eu2', 'https://gateway.qg2.apps.qualys.eu'],
    ['eu3', 'https://gateway.qg3.apps.qualys.it'],
    ['in1', 'https://gateway.qg1.apps.qualys.in'],
    ['ca1', 'https://gateway.qg1.apps.qualys.ca'],
    ['ae1', 'https://gateway.qg1.apps.qualys.ae'],
    ['uk1', 'https://gateway.qg1.apps.qualys.co.uk'],
    ['au1', 'https://gateway.qg1.apps.qualys.com.au'],
    ['ksa1', 'https://gateway.qg1.apps.qualysksa.com']
  ])('qualys %s -> %s', async (region, host) => {
    const jwt = unsignedJwt({ exp: nowSeconds() + 3600 })
    const api = nock(host).post('/auth/oauth', '').reply(200, jwt)
    const result = await job.main({ vendor: 'qualys', region, 'client-id': 'q', 'client-secret': 's' })
    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(jwt)
  })

  it.each([
    ['us', 'https://api.aperture.paloaltonetworks.com'],
    ['eu', 'https://api.aperture-eu.paloaltonetworks.com'],
    ['apac', 'https://api.aperture-apac.paloaltonetworks.com'],
    ['uk', 'https://api.aperture-uk.paloaltonetworks.com'],
    ['in1', 'https://api.in1.prisma-saas.paloaltonetworks.com'],
    ['au1', 'https://api.au1.prisma-saas.paloaltonetworks.com'],
    ['uk2', 'https://api.uk2.prisma-saas.paloaltonetworks.com'],
    ['jp1', 'https://api.jp1.prisma-saas.paloaltonetworks.com']
  ])('paloalto-saas %s -> %s', async (region, host) => {
    const api = nock(host)
      .post('/oauth/token', 'grant_type=client_credentials&scope=api_access')
      .reply(200, { access_token: `pa-${region}`, token_type: 'bearer' })
    const result = await job.main({ vendor: 'paloalto-saas', region, 'client-id': 'a', 'client-secret': 'b' })
    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(`pa-${region}`)
  })

  it('paloalto-saas without region uses the us host', async () => {
    const api = nock('https://api.aperture.paloaltonetworks.com')
      .post('/oauth/token')
      .reply(200, { access_token: 'pa-default' })
    const result = await job.main({ vendor: 'paloalto-saas', 'client-id': 'a', 'client-secret': 'b' })
    api.done()
    expect(result.outputs.token).toBe('pa-default')
  })
})

// The shared defaults (exchange.ts), for statuses a vendor's own table leaves out.
const DEFAULT_403 = 'Check the credentials passed to this step'
const DEFAULT_404 = 'The token endpoint was not found: check '
const FALLBACK = 'Check the inputs passed to this step'
const DEFAULT_HINTS: Record<number, string> = { 403: DEFAULT_403, 404: DEFAULT_404 }
const STATUSES = [400, 401, 403, 404, 409, 422]

interface HintTable {
  inputs: Record<string, string>
  url: string
  path: string
  /** The phrase of the vendor's own hint that identifies it, by status. */
  hints: Record<number, string>
}

const picusHint = 'Settings > Rest API Token'
const securithingsHint = 'SecuriThings support issues and rotates these credentials'
const qualysHint = "client-type matches the client (now 'subscription'"
const paloaltoHint = 'Settings > Directory & External Services'
const laceworkHint = 'API keys apply to one account only'
const endorLabsHint = 'that the key has not expired or been deleted'
const appscanHint = 'generating a new key expires the previous one at once'
const cycodeHint = 'a Cycode service account or personal access token'
const oauth2Hint = 'client_secret_basic (the default) or client_secret_post'
const snykHint = 'an OAuth 2.0 client credentials service account'
const fodHint = 'an API key and its secret, from Administration > Settings > API'
const upwindHint = 'Upwind API credentials'

// Secrets long enough that their mask never hides part of the vendor's error text.
const SECRET = 'secret-value-1'
const HINT_TABLES: Record<string, HintTable> = {
  picus: {
    inputs: { vendor: 'picus', 'refresh-token': SECRET },
    url: 'https://api.picussecurity.com',
    path: '/v1/auth/token',
    hints: { 401: picusHint, 403: picusHint, 422: 'holds the whole refresh token' }
  },
  securithings: {
    inputs: { vendor: 'securithings', 'client-id': 'i', 'client-secret': SECRET, organization: 'acme' },
    url: 'https://api.securithings.com',
    path: '/token/acme',
    hints: { 401: securithingsHint, 403: securithingsHint, 404: "No such organization: check 'organization'" }
  },
  'appsec-plus': {
    inputs: { vendor: 'appsec-plus', 'client-id': 'i', 'client-secret': SECRET },
    url: 'https://api.appsecplus.example.com',
    path: '/oauth/token',
    hints: { 400: 'found the request incomplete', 401: 'did not accept the client' }
  },
  qualys: {
    inputs: { vendor: 'qualys', region: 'us1', 'client-id': 'q', 'client-secret': SECRET },
    url: 'https://gateway.qg1.apps.qualys.com',
    path: '/auth/oauth',
    hints: { 401: qualysHint, 403: qualysHint }
  },
  'paloalto-saas': {
    inputs: { vendor: 'paloalto-saas', 'client-id': 'a', 'client-secret': SECRET },
    url: 'https://api.aperture.paloaltonetworks.com',
    path: '/oauth/token',
    hints: { 401: paloaltoHint, 403: paloaltoHint }
  },
  lacework: {
    inputs: { vendor: 'lacework', tenant: 'acme', 'client-id': 'k', 'client-secret': SECRET },
    url: 'https://acme.lacework.net',
    path: '/api/v2/access/tokens',
    hints: { 400: 'token-lifetime-seconds', 401: laceworkHint, 403: laceworkHint }
  },
  'endor-labs': {
    inputs: { vendor: 'endor-labs', 'client-id': 'k', 'client-secret': SECRET },
    url: 'https://api.endorlabs.com',
    path: '/v1/auth/api-key',
    hints: { 400: 'the API key, not its name', 401: endorLabsHint, 403: endorLabsHint }
  },
  appscan: {
    inputs: { vendor: 'appscan', 'client-id': 'k', 'client-secret': SECRET },
    url: 'https://cloud.appscan.com',
    path: '/api/v4/Account/ApiKeyLogin',
    hints: { 400: 'AppScan on Cloud found the request invalid', 401: appscanHint, 403: appscanHint }
  },
  cycode: {
    inputs: { vendor: 'cycode', 'client-id': 'c', 'client-secret': SECRET },
    url: 'https://api.cycode.com',
    path: '/api/v1/auth/api-token',
    hints: { 400: cycodeHint, 401: cycodeHint, 403: cycodeHint }
  },
  snyk: {
    inputs: { vendor: 'snyk', 'client-id': 'c', 'client-secret': SECRET },
    url: 'https://api.snyk.io',
    path: '/oauth2/token',
    hints: { 400: snykHint, 401: snykHint, 403: snykHint }
  },
  'fortify-on-demand': {
    inputs: { vendor: 'fortify-on-demand', region: 'ams', 'client-id': 'k', 'client-secret': SECRET },
    url: 'https://api.ams.fortify.com',
    path: '/oauth/token',
    hints: { 400: fodHint, 401: fodHint, 403: fodHint, 404: 'No token endpoint at api.ams.fortify.com' }
  },
  upwind: {
    inputs: { vendor: 'upwind', 'client-id': 'c', 'client-secret': SECRET },
    url: 'https://auth.upwind.io',
    path: '/oauth/token',
    hints: { 400: upwindHint, 401: upwindHint, 403: upwindHint }
  },
  oauth2: {
    inputs: {
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'c',
      'client-secret': SECRET
    },
    url: 'https://idp.example.com',
    path: '/token',
    hints: { 400: oauth2Hint, 401: oauth2Hint }
  }
}

const hintRows = Object.entries(HINT_TABLES).flatMap(([vendor, table]) =>
  STATUSES.map((status) => [vendor, status, table] as const)
)

describe('every refusal status gets its own hint, and no other', () => {
  it.each(hintRows)('%s HTTP %i', async (_vendor, status, { inputs, url, path, hints }) => {
    const expected = hints[status] ?? DEFAULT_HINTS[status] ?? FALLBACK
    const others = [...Object.values(hints), DEFAULT_403, DEFAULT_404, FALLBACK].filter((hint) => hint !== expected)
    const api = nock(url).post(path).reply(status, { error: 'refused_here' })

    const result = await job.main(inputs)

    api.done()
    expect(result.failed).toBe(true)
    expect(result.error).toContain(`HTTP ${status}`)
    expect(result.error).toContain('refused_here')
    expect(result.error).toContain(expected)
    for (const other of others) expect(result.error).not.toContain(other)
    // A refusal is final: a second attempt would find no interceptor and be recorded.
    expectNoUnexpectedRequest()
    expect(result.stdout).not.toContain('retrying')
  })

  it('qualys names the client-type the step was given', async () => {
    nock('https://gateway.qg1.apps.qualys.com').post('/auth/oidc').reply(401, '')
    const result = await job.main({ ...HINT_TABLES.qualys.inputs, 'client-type': 'user' })
    expect(result.error).toContain("client-type matches the client (now 'user'")
  })

  it.each([300, 307])(
    'a redirect (HTTP %i) without a vendor hint points at base-url, the one endpoint input AppSec+ has',
    async (status) => {
      nock('https://api.appsecplus.example.com')
        .post('/oauth/token')
        .reply(status, '', { Location: 'https://x.example/' })
      const result = await job.main(HINT_TABLES['appsec-plus'].inputs)
      expect(result.error).toContain(`HTTP ${status}`)
      expect(result.error).toContain('Credential requests are never redirected: set base-url to the final API URL.')
      expectNoUnexpectedRequest()
    }
  )
})

// Each vendor reads its token from its own field: a 200 without it names that field, so a misspelt
// field name in any reader shows here (HINT_TABLES gives the inputs and endpoint; two more vendors below).
const TOKEN_FIELD_TABLES: Record<string, Pick<HintTable, 'inputs' | 'url' | 'path'>> = {
  ...HINT_TABLES,
  'prisma-cloud': {
    inputs: { vendor: 'prisma-cloud', region: 'app', 'client-id': 'k', 'client-secret': SECRET },
    url: 'https://api.prismacloud.io',
    path: '/login'
  },
  'black-duck': {
    inputs: { vendor: 'black-duck', 'base-url': 'https://blackduck.acme.test', 'api-token': SECRET },
    url: 'https://blackduck.acme.test',
    path: '/api/tokens/authenticate'
  }
}

describe('a 200 without the token names the field the vendor answers with', () => {
  it.each([
    ['picus', 'Picus', 'token'],
    ['appsec-plus', 'AppSec+', 'access_token'],
    ['paloalto-saas', 'Palo Alto Networks Data Security (SaaS Security)', 'access_token'],
    ['lacework', 'Lacework', 'token'],
    ['endor-labs', 'Endor Labs', 'token'],
    ['appscan', 'AppScan on Cloud', 'Token'],
    ['cycode', 'Cycode', 'token'],
    ['snyk', 'Snyk', 'access_token'],
    ['fortify-on-demand', 'Fortify on Demand', 'access_token'],
    ['upwind', 'Upwind', 'access_token'],
    ['oauth2', 'OAuth2 server', 'access_token'],
    ['prisma-cloud', 'Prisma Cloud', 'token'],
    ['black-duck', 'Black Duck', 'bearerToken']
  ])('%s: %s ... no %s', async (vendor, title, field) => {
    const { inputs, url, path } = TOKEN_FIELD_TABLES[vendor]
    nock(url).post(path).reply(200, { note: 'no token here' })

    const result = await job.main(inputs)

    expect(result.error).toContain(`${title} answered without a token: the response has no '${field}' string.`)
    expect(result.outputs).toEqual({})
  })

  it('securithings names every field it looks in', async () => {
    const { inputs, url, path } = TOKEN_FIELD_TABLES.securithings
    nock(url).post(path).reply(200, { note: 'no token here' })
    const result = await job.main(inputs)
    expect(result.error).toContain(
      'SecuriThings answered without a token: none of access_token, token, accessToken, jwt is a string.'
    )
  })
})

describe('oauth2: the client hint follows auth-method and grant-type', () => {
  const idp = 'https://idp.example.com'
  const githubEnv = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.test/idtoken?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  const githubIssues = () =>
    nock('https://token.actions.test')
      .get('/idtoken')
      .query(true)
      .reply(200, { value: unsignedJwt({ aud: 'api://x', exp: nowSeconds() + 300 }) })

  it.each([
    [
      'private_key_jwt',
      { 'auth-method': 'private_key_jwt', 'private-key': CLIENT_KEYS.rsa },
      'holds the public key of private-key'
    ],
    ['github-oidc', { 'auth-method': 'github-oidc', 'oidc-audience': 'api://x' }, "client's federated credential"],
    [
      'none with token-exchange',
      { 'auth-method': 'none', 'grant-type': 'token-exchange', 'oidc-audience': 'api://x' },
      'Check client-id, if the server wants one. For the token exchange'
    ]
  ])('%s', async (method, extra, hint) => {
    if (method !== 'private_key_jwt') githubIssues()
    const api = nock(idp).post('/token').reply(401, { error: 'invalid_client' })
    const result = await job.main(
      { vendor: 'oauth2', 'token-url': `${idp}/token`, 'client-id': 'c', ...extra },
      githubEnv
    )
    api.done()
    expect(result.error).toContain('HTTP 401')
    expect(result.error).toContain(hint)
    expect(result.error).not.toContain(oauth2Hint)
  })
})

describe('retry classification', () => {
  const APPSEC = 'https://api.appsecplus.example.com'
  const inputs = { vendor: 'appsec-plus', 'client-id': 'i', 'client-secret': 's', 'max-attempts': '2' }
  const networkError = (code: string) => Object.assign(new Error(`failed: ${code}`), { code })

  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ENETDOWN'
  ])('%s is retried', async (code) => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .replyWithError(networkError(code))
      .post('/oauth/token')
      .reply(200, { access_token: 'second-try' })

    const result = await job.main(inputs)

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('second-try')
    expect(result.stdout).toContain(`connection failed (${code}); retrying in `)
    expect(clock.sleeps).toHaveLength(1)
  })

  it.each([200, 299])('HTTP %i, the ends of 2xx, is a success', async (status) => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .once()
      .reply(status, { access_token: `token-${status}` })
    const result = await job.main(inputs)
    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(`token-${status}`)
  })

  it('HTTP 408 is retried', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .reply(408, '')
      .post('/oauth/token')
      .reply(200, { access_token: 'after-408' })
    const result = await job.main(inputs)
    api.done()
    expect(result.outputs.token).toBe('after-408')
    expect(result.stdout).toContain('HTTP 408; retrying in ')
  })

  it.each([
    ['EPROTO', 'Request to api.appsecplus.example.com failed (EPROTO)'],
    ['ENOTFOUND', 'Cannot resolve api.appsecplus.example.com (ENOTFOUND)'],
    ['CERT_HAS_EXPIRED', 'The TLS certificate of api.appsecplus.example.com is not trusted (CERT_HAS_EXPIRED)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    // A private CA not in NODE_EXTRA_CA_CERTS, and a TLS-inspecting proxy's own CA.
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'is not trusted (SELF_SIGNED_CERT_IN_CHAIN)']
  ])('%s is final: one attempt, explained', async (code, message) => {
    const api = nock(APPSEC).post('/oauth/token').replyWithError(networkError(code))

    const result = await job.main(inputs)

    api.done()
    expect(result.failed).toBe(true)
    expect(result.error).toContain(message)
    // A retry would find no interceptor and be recorded.
    expectNoUnexpectedRequest()
    expect(clock.sleeps).toEqual([])
    expect(result.stdout).not.toContain('retrying')
  })
})
