// A local HTTPS mock of every vendor's token endpoint, following each vendor's
// documented wire format. Used by the end-to-end tests, `npm run demo`,
// `npm run bench` and the e2e workflow. Listens on 127.0.0.1 (or ::1) only.
//
//   node test-support/mock-vendors.mjs [--port 8443]   (prints its base URL, runs until killed)
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { basicHeader, nowSeconds, unsignedJwt } from './credentials.mjs'

const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls')
// CrowdStrike names the API client's cloud in every answer.
const CS_REGION = { 'X-Cs-Region': 'us-1' }
export const CA_FILE = join(TLS_DIR, 'ca.pem')

/** The demo credentials the mock accepts; anything else is refused the way the vendor would. */
export const DEMO_CREDENTIALS = {
  refreshToken: 'demo-picus-refresh-token',
  clientId: 'demo-client',
  clientSecret: 'demo-client-secret',
  organization: 'demo-org',
  // A CrowdStrike child CID with its checksum (a CCID); member_cid is sent without it, lower-cased.
  memberCid: 'ABCDEF0123456789ABCDEF0123456789-5C',
  checkmarxApiKey: 'demo-checkmarx-api-key',
  tenant: 'demo-tenant'
}

/** Action inputs for each vendor against a mock listening at `url`. */
export function demoInputs(url) {
  const client = { 'client-id': DEMO_CREDENTIALS.clientId, 'client-secret': DEMO_CREDENTIALS.clientSecret }
  return {
    picus: { vendor: 'picus', 'base-url': `${url}/picus`, 'refresh-token': DEMO_CREDENTIALS.refreshToken },
    securithings: {
      vendor: 'securithings',
      'base-url': `${url}/securithings`,
      organization: DEMO_CREDENTIALS.organization,
      ...client
    },
    'appsec-plus': { vendor: 'appsec-plus', 'base-url': `${url}/appsec-plus`, ...client },
    qualys: { vendor: 'qualys', 'base-url': `${url}/qualys`, ...client },
    'paloalto-saas': { vendor: 'paloalto-saas', 'base-url': `${url}/paloalto-saas`, ...client },
    'checkmarx-one': {
      vendor: 'checkmarx-one',
      'base-url': `${url}/checkmarx-one`,
      tenant: DEMO_CREDENTIALS.tenant,
      'refresh-token': DEMO_CREDENTIALS.checkmarxApiKey
    },
    lacework: {
      vendor: 'lacework',
      'base-url': `${url}/lacework`,
      tenant: DEMO_CREDENTIALS.tenant,
      'token-lifetime-seconds': '900',
      ...client
    },
    oauth2: {
      vendor: 'oauth2',
      'token-url': `${url}/oauth2/token`,
      'revoke-url': `${url}/oauth2/revoke`,
      scope: 'scan:read',
      ...client
    },
    crowdstrike: {
      vendor: 'crowdstrike',
      'base-url': `${url}/crowdstrike`,
      'member-cid': DEMO_CREDENTIALS.memberCid,
      ...client
    },
    wiz: { vendor: 'wiz', 'base-url': `${url}/wiz`, ...client },
    'prisma-cloud': { vendor: 'prisma-cloud', 'base-url': `${url}/prisma-cloud`, ...client }
  }
}

/**
 * Starts the mock. `rateLimitPerSecond` makes /limited/oauth/token (an AppSec+-style
 * endpoint) answer 429 with Retry-After once that many tokens were issued in the current second.
 * `host` is the loopback address to listen on: '127.0.0.1' or '::1' (for the IPv6 tests).
 */
export async function startMockVendors({ port = 0, rateLimitPerSecond = 4, host = '127.0.0.1' } = {}) {
  if (host !== '127.0.0.1' && host !== '::1')
    throw new Error('The mock listens on a loopback address only: 127.0.0.1 or ::1.')
  // refreshTokens: every refresh token the mock handed out, so tests can prove none reaches a log.
  const stats = { rateLimited: 0, revoked: [], refreshTokens: [] }
  const limiter = { second: 0, count: 0 }
  let serial = 0

  const jwt = (lifetimeSeconds) => {
    const now = nowSeconds()
    serial++
    return unsignedJwt({ sub: 'demo', jti: `mock-${serial}`, iat: now, exp: now + lifetimeSeconds })
  }
  const basicOk = (request) =>
    request.headers.authorization === basicHeader(DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.clientSecret)
  const formOk = (form) =>
    form.get('client_id') === DEMO_CREDENTIALS.clientId && form.get('client_secret') === DEMO_CREDENTIALS.clientSecret

  const routes = {
    'POST /picus/v1/auth/token': (request, body) => {
      const json = safeJson(body)
      if (typeof json?.refresh_token !== 'string')
        return [422, { message: 'validation error', errors: { refresh_token: 'required' } }]
      if (json.refresh_token !== DEMO_CREDENTIALS.refreshToken) return [401, { message: 'unauthorized error' }]
      return [200, { token: jwt(7200), expire_at: Date.now() + 7200 * 1000 }]
    },
    [`POST /securithings/token/${DEMO_CREDENTIALS.organization}`]: (request) =>
      basicOk(request) ? [200, jwt(3600), 'text/plain'] : [401, { message: 'Unauthorized' }],
    'POST /appsec-plus/oauth/token': (request, body) => appsecToken(new URLSearchParams(body)),
    'POST /limited/oauth/token': (request, body) => {
      const second = Math.floor(Date.now() / 1000)
      if (second !== limiter.second) Object.assign(limiter, { second, count: 0 })
      if (limiter.count >= rateLimitPerSecond) {
        stats.rateLimited++
        return [429, { error: 'rate_limited' }, 'application/json', { 'Retry-After': '1' }]
      }
      limiter.count++
      return appsecToken(new URLSearchParams(body))
    },
    'POST /qualys/auth/oauth': (request) => qualysToken(request),
    'POST /qualys/auth/oidc': (request) => qualysToken(request),
    'POST /paloalto-saas/oauth/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (!basicOk(request)) return [401, { error: 'invalid_client', error_description: 'Bad client credentials' }]
      if (form.get('grant_type') !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }]
      const scope = form.get('scope') ?? 'api_access'
      return [
        200,
        {
          access_token: jwt(7199),
          token_type: 'bearer',
          expires_in: 7199,
          scope,
          tenant: 'demo tenant',
          jti: `jti-${serial}`
        }
      ]
    },
    [`POST /checkmarx-one/auth/realms/${DEMO_CREDENTIALS.tenant}/protocol/openid-connect/token`]: (request, body) =>
      checkmarxToken(new URLSearchParams(body)),
    'POST /lacework/api/v2/access/tokens': (request, body) => {
      const json = safeJson(body)
      if (request.headers['x-lw-uaks'] !== DEMO_CREDENTIALS.clientSecret || json?.keyId !== DEMO_CREDENTIALS.clientId)
        return [401, { message: 'Unauthorized' }]
      const lifetime = json.expiryTime ?? 3600
      if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 86400)
        return [400, { message: 'expiryTime must be at most 86400' }]
      serial++
      // Lacework tokens are opaque, so the expiry can only come from expiresAt.
      const token = `_${Buffer.from(`lacework-mock-${serial}`).toString('hex')}`
      return [200, { token, expiresAt: new Date(Date.now() + lifetime * 1000).toISOString() }]
    },
    'POST /oauth2/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (!basicOk(request) && !formOk(form)) return [401, { error: 'invalid_client' }]
      return [200, { access_token: jwt(900), token_type: 'bearer', expires_in: 900, scope: form.get('scope') ?? '' }]
    },
    'POST /oauth2/revoke': (request, body) => {
      const form = new URLSearchParams(body)
      if (!basicOk(request) && !formOk(form)) return [401, { error: 'invalid_client' }]
      stats.revoked.push(form.get('token'))
      return [200, '', 'text/plain']
    },
    // CrowdStrike: form credentials (member_cid optional), 201; errors as a list; revoke with Basic.
    'POST /crowdstrike/oauth2/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (!formOk(form)) return crowdstrikeError(403, 'Failed to issue access token - Client authentication failed')
      const memberCid = form.get('member_cid')
      if (memberCid !== null && memberCid !== DEMO_CREDENTIALS.memberCid.slice(0, 32).toLowerCase())
        return crowdstrikeError(403, 'Failed to generate access token for customer ID')
      return [201, { access_token: jwt(1799), token_type: 'bearer', expires_in: 1799 }, 'application/json', CS_REGION]
    },
    'POST /crowdstrike/oauth2/revoke': (request, body) => {
      const form = new URLSearchParams(body)
      if (!basicOk(request)) return crowdstrikeError(401, 'access denied, authorization failed')
      stats.revoked.push(form.get('token'))
      return [200, { meta: { query_time: 0.001 }, errors: [] }, 'application/json', CS_REGION]
    },
    // Wiz: form grant_type, audience wiz-api and the client; the answer carries a refresh token.
    'POST /wiz/oauth/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'client_credentials' || form.get('audience') !== 'wiz-api')
        return [400, { error: 'invalid_request' }]
      if (!formOk(form)) return [401, { error: 'access_denied', error_description: 'Unauthorized' }]
      const refreshToken = `mock-wiz-refresh-${serial}-${Date.now()}`
      stats.refreshTokens.push(refreshToken)
      return [200, { access_token: jwt(86400), refresh_token: refreshToken, token_type: 'Bearer', expires_in: 86400 }]
    },
    // Prisma Cloud: JSON username (access key ID) and password (secret key); the JWT carries the expiry.
    'POST /prisma-cloud/login': (request, body) => {
      const json = safeJson(body)
      if (json?.username !== DEMO_CREDENTIALS.clientId || json?.password !== DEMO_CREDENTIALS.clientSecret) {
        const status = '[{"i18nKey":"invalid_credentials","severity":"error","subject":null}]'
        return [401, '', 'application/json', { 'x-redlock-status': status }]
      }
      return [200, { token: jwt(600), message: 'login_successful', customerNames: [{ customerName: 'Demo tenant' }] }]
    }
  }

  function crowdstrikeError(status, message) {
    return [status, { meta: { query_time: 0.001 }, errors: [{ code: status, message }] }, 'application/json', CS_REGION]
  }

  function appsecToken(form) {
    if (form.get('grant_type') !== 'client_credentials' || !form.get('client_id'))
      return [400, { error: 'invalid_request' }]
    if (!formOk(form)) return [401, { error: 'invalid_client' }]
    return [200, { access_token: jwt(3600), token_type: 'Bearer', expires_in: 3600 }]
  }

  // Keycloak: an API key is a refresh token for the ast-app client; an OAuth client uses client_credentials.
  // Both answers carry a new refresh token, as Checkmarx documents.
  function checkmarxToken(form) {
    const grant = form.get('grant_type')
    if (grant === 'refresh_token') {
      if (form.get('client_id') !== 'ast-app')
        return [400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }]
      if (form.get('refresh_token') !== DEMO_CREDENTIALS.checkmarxApiKey)
        return [400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }]
    } else if (grant === 'client_credentials') {
      if (!formOk(form))
        return [
          401,
          { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' }
        ]
    } else {
      return [400, { error: 'unsupported_grant_type' }]
    }
    const refreshToken = jwt(30 * 24 * 3600)
    stats.refreshTokens.push(refreshToken)
    return [
      200,
      {
        access_token: jwt(1800),
        expires_in: 1800,
        refresh_expires_in: 0,
        refresh_token: refreshToken,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'email profile'
      }
    ]
  }

  function qualysToken(request) {
    if (
      request.headers.clientid !== DEMO_CREDENTIALS.clientId ||
      request.headers.clientsecret !== DEMO_CREDENTIALS.clientSecret
    ) {
      return [401, { message: 'Authentication Failure' }]
    }
    return [201, jwt(4 * 3600), 'text/plain']
  }

  const server = createServer(
    { key: readFileSync(join(TLS_DIR, 'server.key')), cert: readFileSync(join(TLS_DIR, 'server.pem')) },
    (request, response) => {
      const chunks = []
      request.on('data', (chunk) => chunks.push(chunk))
      request.on('end', () => {
        const path = new URL(request.url ?? '/', 'https://127.0.0.1').pathname
        // /hang/...: accepts the request and never answers (timeouts).
        if (path.startsWith('/hang/')) return
        const route = routes[`${request.method} ${path}`]
        const [status, payload, type = 'application/json', headers = {}] = route
          ? route(request, Buffer.concat(chunks).toString('utf8'))
          : [404, { message: 'not found' }]
        const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
        response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers })
        response.end(text)
      })
    }
  )
  await new Promise((resolve) => server.listen(port, host, resolve))
  const listening = server.address().port
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${listening}`
  return {
    url,
    port: listening,
    caFile: CA_FILE,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function safeJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// Run standalone (the e2e workflow starts it in the background this way).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const portIndex = process.argv.indexOf('--port')
  const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 8443
  const mock = await startMockVendors({ port })
  console.log(`mock vendors listening at ${mock.url} (CA: ${mock.caFile})`)
  const stop = () => mock.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
