// A local HTTPS mock of every vendor's token endpoint, following each vendor's
// documented wire format. Used by the end-to-end tests, `npm run demo`,
// `npm run bench` and the e2e workflow. Listens on 127.0.0.1 (or ::1) only.
//
//   node test-support/mock-vendors.mjs [--port 8443]   (prints its base URL, runs until killed)
import { X509Certificate, createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { basicHeader, nowSeconds, unsignedJwt } from './credentials.mjs'
import { CLIENT_CERTIFICATES, CLIENT_KEYS, CLIENT_KEY_IDS, createOidc } from './oidc.mjs'

export { githubIdTokenEnv } from './oidc.mjs'

const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls')
// CrowdStrike names the API client's cloud in every answer.
const CS_REGION = { 'X-Cs-Region': 'us-1' }
/**
 * CrowdStrike's own hosts for two clouds (src/vendors/crowdstrike.ts), which the action asks when
 * base-url is not set. The mock answers requests for them by the Host header; they reach it only
 * through the test proxy's `loopbackHosts` (test-support/proxy.mjs). The demo client is an eu-1
 * client there, so us-1 sends it to eu-1 with a 308, as CrowdStrike does.
 */
const CROWDSTRIKE_CLOUD_HOSTS = { 'api.crowdstrike.com': 'us-1', 'api.eu-1.crowdstrike.com': 'eu-1' }
const DEMO_CLIENT_CLOUD = 'eu-1'
export const CA_FILE = join(TLS_DIR, 'ca.pem')

/** The demo credentials the mock accepts; anything else is refused the way the vendor would. */
export const DEMO_CREDENTIALS = {
  refreshToken: 'demo-picus-refresh-token',
  clientId: 'demo-client',
  clientSecret: 'demo-client-secret',
  organization: 'demo-org',
  // A CrowdStrike child CID with its checksum (a CCID); member_cid is sent without it, lower-cased.
  memberCid: 'ABCDEF0123456789ABCDEF0123456789-5C',
  // As a Checkmarx One API key is: a Keycloak offline token naming its realm (aud) and client (azp).
  checkmarxApiKey: unsignedJwt({
    iss: 'https://iam.checkmarx.net/auth/realms/demo-tenant',
    aud: 'https://iam.checkmarx.net/auth/realms/demo-tenant',
    sub: 'demo-user',
    typ: 'Offline',
    azp: 'ast-app',
    jti: 'demo-checkmarx-api-key',
    iat: 1767225600,
    exp: 4102444800,
    scope: 'openid offline_access ast-api'
  }),
  tenant: 'demo-tenant',
  // An Entra ID tenant is a GUID (or a domain); the demo app's client ID is the usual demo-client.
  entraTenant: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  blackDuckApiToken: 'demo-blackduck-api-token'
}

/** What the secretless demo legs use: audiences the mock's servers trust, the JFrog integration's names. */
export const SECRETLESS_DEMO = {
  // As an Entra ID federated credential expects it.
  federationAudience: 'api://AzureADTokenExchange',
  exchangeAudience: 'https://token-exchange.demo.example',
  jfrogAudience: 'jfrog-github',
  jfrogProvider: 'demo-github-oidc',
  jfrogProject: 'demo',
  // What the demo's Cycode OIDC sign-in expects as the ID token's aud (Cycode publishes no audience).
  cycodeAudience: 'cycode-demo'
}

// The regional API base URLs that Upwind's token endpoint takes as the audience.
const UPWIND_AUDIENCES = [
  'https://api.upwind.io',
  'https://api.eu.upwind.io',
  'https://api.me.upwind.io',
  'https://api.ap.upwind.io'
]
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const ENTRA_SCOPE = 'https://api.securitycenter.microsoft.com/.default'
// Entra ID names a certificate credential by the SHA-256 thumbprint of its DER (x5t#S256).
const DEMO_CERTIFICATE_THUMBPRINT = createHash('sha256')
  .update(new X509Certificate(CLIENT_CERTIFICATES.rsa).raw)
  .digest('base64url')

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
    'prisma-cloud': { vendor: 'prisma-cloud', 'base-url': `${url}/prisma-cloud`, ...client },
    // The secretless legs need the emulated GitHub ID token endpoint: githubIdTokenEnv(url).
    'oauth2-private-key-jwt': {
      vendor: 'oauth2',
      'token-url': `${url}/oauth2/token`,
      'revoke-url': `${url}/oauth2/revoke`,
      'auth-method': 'private_key_jwt',
      'client-id': DEMO_CREDENTIALS.clientId,
      'private-key': CLIENT_KEYS.rsa,
      'key-id': CLIENT_KEY_IDS.rsa,
      scope: 'scan:read'
    },
    'oauth2-github-oidc': {
      vendor: 'oauth2',
      'token-url': `${url}/oauth2/token`,
      'revoke-url': `${url}/oauth2/revoke`,
      'auth-method': 'github-oidc',
      'client-id': DEMO_CREDENTIALS.clientId,
      'oidc-audience': SECRETLESS_DEMO.federationAudience,
      scope: 'scan:read'
    },
    'oauth2-token-exchange': {
      vendor: 'oauth2',
      'token-url': `${url}/oauth2/token`,
      'grant-type': 'token-exchange',
      'auth-method': 'none',
      'client-id': 'demo-public-client',
      'oidc-audience': SECRETLESS_DEMO.exchangeAudience,
      audience: 'https://api.demo.example',
      scope: 'scan:read'
    },
    'entra-id': {
      vendor: 'entra-id',
      'base-url': `${url}/entra-id`,
      tenant: DEMO_CREDENTIALS.entraTenant,
      scope: ENTRA_SCOPE,
      ...client
    },
    'entra-id-certificate': {
      vendor: 'entra-id',
      'base-url': `${url}/entra-id`,
      tenant: DEMO_CREDENTIALS.entraTenant,
      scope: ENTRA_SCOPE,
      'client-id': DEMO_CREDENTIALS.clientId,
      'private-key': CLIENT_KEYS.rsa,
      certificate: CLIENT_CERTIFICATES.rsa
    },
    // A custom base-url keeps the public cloud's audience, which the demo app's federated credential names.
    'entra-id-github-oidc': {
      vendor: 'entra-id',
      'base-url': `${url}/entra-id`,
      tenant: DEMO_CREDENTIALS.entraTenant,
      scope: ENTRA_SCOPE,
      'client-id': DEMO_CREDENTIALS.clientId,
      'auth-method': 'github-oidc'
    },
    'black-duck': {
      vendor: 'black-duck',
      'base-url': `${url}/black-duck`,
      'api-token': DEMO_CREDENTIALS.blackDuckApiToken
    },
    jfrog: {
      vendor: 'jfrog',
      'base-url': `${url}/jfrog`,
      'oidc-provider': SECRETLESS_DEMO.jfrogProvider,
      'oidc-audience': SECRETLESS_DEMO.jfrogAudience
    },
    'endor-labs': { vendor: 'endor-labs', 'base-url': `${url}/endor-labs`, ...client },
    appscan: { vendor: 'appscan', 'base-url': `${url}/appscan`, ...client },
    cycode: { vendor: 'cycode', 'base-url': `${url}/cycode`, ...client },
    'cycode-github-oidc': {
      vendor: 'cycode',
      'base-url': `${url}/cycode`,
      'auth-method': 'github-oidc',
      'client-id': DEMO_CREDENTIALS.clientId,
      'oidc-audience': SECRETLESS_DEMO.cycodeAudience
    },
    snyk: { vendor: 'snyk', 'base-url': `${url}/snyk`, ...client },
    'snyk-private-key-jwt': {
      vendor: 'snyk',
      'base-url': `${url}/snyk`,
      'auth-method': 'private_key_jwt',
      'client-id': DEMO_CREDENTIALS.clientId,
      'private-key': CLIENT_KEYS.rsa,
      'key-id': CLIENT_KEY_IDS.rsa
    },
    'fortify-on-demand': { vendor: 'fortify-on-demand', 'base-url': `${url}/fortify-on-demand`, ...client },
    // Upwind's token endpoint is one host for every region; the region picks the audience.
    upwind: { vendor: 'upwind', region: 'eu', 'token-url': `${url}/upwind/oauth/token`, ...client }
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
  // requests: 'METHOD /path' of every request, in order (tests prove a refused step sent none).
  // jfrogRunContexts: the run context fields (gh_*, repo, revision, branch) of each JFrog exchange.
  // cloudRequests: { host, request, status, token } of every request to a CROWDSTRIKE_CLOUD_HOSTS name,
  // in order; token is the one issued or revoked, when there is one.
  const stats = {
    rateLimited: 0,
    revoked: [],
    refreshTokens: [],
    requests: [],
    jfrogRunContexts: [],
    cloudRequests: []
  }
  // Set once the server listens: the issuer and the token URL (the assertion audience) are URLs of the mock.
  let oidc
  let tokenUrl
  let entraBase
  let mockUrl
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
    // Endor Labs: JSON key and secret; the answer's expiry is an RFC 3339 expirationTime (src/vendors/endor-labs.ts).
    'POST /endor-labs/v1/auth/api-key': (request, body) => {
      const json = safeJson(body)
      if (json?.key !== DEMO_CREDENTIALS.clientId || json?.secret !== DEMO_CREDENTIALS.clientSecret)
        return [401, { code: 16, message: 'unauthenticated' }]
      return [200, { token: jwt(14400), expirationTime: new Date(Date.now() + 14400 * 1000).toISOString() }]
    },
    // HCL AppScan on Cloud: JSON keyId and keySecret; the token is the answer's Token (src/vendors/appscan.ts).
    'POST /appscan/api/v4/Account/ApiKeyLogin': (request, body) => {
      const json = safeJson(body)
      if (json?.keyId !== DEMO_CREDENTIALS.clientId || json?.keySecret !== DEMO_CREDENTIALS.clientSecret)
        return [401, { Message: 'Unauthorized' }]
      return [200, { Token: jwt(7200) }]
    },
    // Cycode: JSON {clientId, secret}, or keyless {client_id, id_token}; the answer's expires_in is in seconds.
    'POST /cycode/api/v1/auth/api-token': (request, body) => {
      const json = safeJson(body)
      if (json?.clientId !== DEMO_CREDENTIALS.clientId || json?.secret !== DEMO_CREDENTIALS.clientSecret)
        return [401, { error: 'Unauthorized' }]
      return [200, { token: jwt(2100), expires_in: 2100 }]
    },
    'POST /cycode/api/v1/auth/oidc/api-token': async (request, body) => {
      const json = safeJson(body)
      if (json?.client_id !== DEMO_CREDENTIALS.clientId) return [401, { error: 'Unauthorized' }]
      const problem = await oidc.idTokenProblem(json.id_token, SECRETLESS_DEMO.cycodeAudience)
      if (problem) return [401, { error: problem }]
      return [200, { token: jwt(2100), expires_in: 2100 }]
    },
    'POST /oauth2/token': async (request, body) => {
      const form = new URLSearchParams(body)
      const grant = form.get('grant_type')
      const client = await authenticateClient(request, form)
      if (client.problem) return [401, { error: 'invalid_client', error_description: client.problem }]
      if (grant === 'client_credentials') {
        if (client.public)
          return [401, { error: 'invalid_client', error_description: 'client authentication required' }]
        return [200, { access_token: jwt(900), token_type: 'bearer', expires_in: 900, scope: form.get('scope') ?? '' }]
      }
      if (grant !== TOKEN_EXCHANGE_GRANT) return [400, { error: 'unsupported_grant_type' }]
      // RFC 8693: the subject is the job's GitHub ID token, for the audience this server trusts.
      if (form.get('subject_token_type') !== ID_TOKEN_TYPE) return [400, { error: 'invalid_request' }]
      const problem = await oidc.idTokenProblem(form.get('subject_token'), SECRETLESS_DEMO.exchangeAudience)
      if (problem) return [400, { error: 'invalid_grant', error_description: problem }]
      return [
        200,
        {
          access_token: jwt(600),
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 600,
          scope: form.get('scope') ?? ''
        }
      ]
    },
    'POST /oauth2/revoke': async (request, body) => {
      const form = new URLSearchParams(body)
      const client = await authenticateClient(request, form)
      if (client.problem) return [401, { error: 'invalid_client', error_description: client.problem }]
      stats.revoked.push(form.get('token'))
      return [200, '', 'text/plain']
    },
    // CrowdStrike: form credentials (member_cid optional), 201; errors as a list; revoke with Basic.
    'POST /crowdstrike/oauth2/token': (request, body) => crowdstrikeToken(new URLSearchParams(body)),
    'POST /crowdstrike/oauth2/revoke': (request, body) => crowdstrikeRevoke(request, new URLSearchParams(body)),
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
    },
    // Entra ID: form client credentials with a secret, a PS256 certificate assertion, or a GitHub ID token;
    // refusals carry AADSTS codes (src/vendors/entra-id.ts has the sources).
    [`POST /entra-id/${DEMO_CREDENTIALS.entraTenant}/oauth2/v2.0/token`]: (request, body) =>
      entraToken(new URLSearchParams(body)),
    // Black Duck: Authorization: token <API token> for a bearer token, its lifetime in milliseconds and a CSRF token.
    'POST /black-duck/api/tokens/authenticate': (request) => {
      if (request.headers.authorization !== `token ${DEMO_CREDENTIALS.blackDuckApiToken}`)
        return [401, { errorMessage: 'Unauthorized', errorCode: '{core.rest.unauthorized}' }]
      const csrf = `mock-csrf-${serial + 1}-${Date.now()}`
      return [
        200,
        { bearerToken: jwt(7200), expiresInMilliseconds: 7200 * 1000 },
        'application/json',
        { 'X-CSRF-TOKEN': csrf }
      ]
    },
    // Snyk: form client_credentials with the secret in the body, or an RS256 assertion for this token URL.
    'POST /snyk/oauth2/token': async (request, body) => {
      const form = new URLSearchParams(body)
      const refuse = (status, error, description) => [status, { error, error_description: description }]
      if (form.get('grant_type') !== 'client_credentials')
        return refuse(400, 'unsupported_grant_type', 'grant_type must be client_credentials')
      if (form.has('client_assertion')) {
        if (form.get('client_assertion_type') !== JWT_BEARER)
          return refuse(400, 'invalid_request', 'unsupported client_assertion_type')
        const problem = await oidc.clientAssertionProblem(
          form.get('client_assertion'),
          DEMO_CREDENTIALS.clientId,
          `${mockUrl}/snyk/oauth2/token`
        )
        if (problem) return refuse(401, 'invalid_client', problem)
      } else if (request.headers.authorization || !formOk(form)) {
        return refuse(401, 'invalid_client', 'client authentication failed')
      }
      serial++
      const token = `snyk-mock-${serial}-${Date.now()}`
      return [
        200,
        {
          access_token: token,
          expires_in: 3599,
          token_type: 'bearer',
          scope: 'org.read',
          bot_id: '95233fa3-33cf-4dd3-a6ac-e040985e1a4f'
        }
      ]
    },
    // Fortify on Demand: form scope (api-tenant), grant_type and the client, as fcli sends them.
    'POST /fortify-on-demand/oauth/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }]
      if (!form.get('scope')) return [401, { error: 'invalid_grant', error_description: 'Scope is required' }]
      if (!formOk(form)) return [401, { error: 'invalid_client', error_description: 'Invalid credentials' }]
      return [200, { access_token: jwt(21600), token_type: 'bearer', expires_in: 21600, scope: form.get('scope') }]
    },
    // Upwind: form client credentials with audience, a regional API base URL (src/vendors/upwind.ts).
    'POST /upwind/oauth/token': (request, body) => {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }]
      if (request.headers.authorization || !formOk(form))
        return [401, { error: 'access_denied', error_description: 'Unauthorized' }]
      if (!UPWIND_AUDIENCES.includes(form.get('audience')))
        return [403, { error: 'access_denied', error_description: 'Service not found' }]
      return [200, { access_token: jwt(86400), token_type: 'Bearer', expires_in: 86400 }]
    },
    'GET /github-oidc/idtoken': (request, body, url) => oidc.idTokenEndpoint(request, url),
    'GET /github-oidc/.well-known/openid-configuration': () => [
      200,
      {
        issuer: oidc.issuer,
        jwks_uri: `${oidc.issuer}/.well-known/jwks`,
        id_token_signing_alg_values_supported: ['RS256']
      }
    ],
    'GET /github-oidc/.well-known/jwks': () => [200, oidc.jwks],
    // JFrog's OIDC token exchange (src/vendors/jfrog.ts has the sources).
    'POST /jfrog/access/api/v1/oidc/token': async (request, body) => {
      const json = safeJson(body)
      const refuse = (status, message) => [status, { errors: [{ status, message }] }]
      if (json?.grant_type !== TOKEN_EXCHANGE_GRANT || json?.subject_token_type !== ID_TOKEN_TYPE) {
        return refuse(400, 'grant_type and subject_token_type must be the token exchange of an id_token')
      }
      if (json.provider_name !== SECRETLESS_DEMO.jfrogProvider) return refuse(404, 'OIDC provider not found')
      if (json.project_key !== undefined && json.project_key !== SECRETLESS_DEMO.jfrogProject) {
        return refuse(403, 'no identity mapping in that project')
      }
      const problem = await oidc.idTokenProblem(json.subject_token, SECRETLESS_DEMO.jfrogAudience)
      if (problem) return refuse(401, problem)
      stats.jfrogRunContexts.push(
        Object.fromEntries(Object.entries(json).filter(([field]) => /^(gh_\w+|repo|revision|branch)$/.test(field)))
      )
      return [
        200,
        {
          access_token: jwt(3600),
          token_type: 'access_token',
          expires_in: 3600,
          scope: 'applied-permissions/groups:readers',
          refresh_token: `jfrog-refresh-${serial}`,
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          username: 'demo-user'
        }
      ]
    }
  }

  function crowdstrikeError(status, message, region = CS_REGION) {
    return [status, { meta: { query_time: 0.001 }, errors: [{ code: status, message }] }, 'application/json', region]
  }

  function crowdstrikeToken(form, region = CS_REGION) {
    if (!formOk(form))
      return crowdstrikeError(403, 'Failed to issue access token - Client authentication failed', region)
    const memberCid = form.get('member_cid')
    if (memberCid !== null && memberCid !== DEMO_CREDENTIALS.memberCid.slice(0, 32).toLowerCase())
      return crowdstrikeError(403, 'Failed to generate access token for customer ID', region)
    return [201, { access_token: jwt(1799), token_type: 'bearer', expires_in: 1799 }, 'application/json', region]
  }

  function crowdstrikeRevoke(request, form, region = CS_REGION) {
    if (!basicOk(request)) return crowdstrikeError(401, 'access denied, authorization failed', region)
    stats.revoked.push(form.get('token'))
    return [200, { meta: { query_time: 0.001 }, errors: [] }, 'application/json', region]
  }

  /**
   * A request to one of CrowdStrike's own hosts. At a cloud that is not the client's, both endpoints
   * answer 308 naming its cloud, as CrowdStrike answers a token request (src/vendors/crowdstrike.ts
   * has the sources); the mock does the same for a revocation, which that cloud could not honour.
   */
  function crowdstrikeCloud(host, request, path, body) {
    const cloud = CROWDSTRIKE_CLOUD_HOSTS[host]
    const form = new URLSearchParams(body)
    const endpoint = `${request.method} ${path}`
    let answer
    if (endpoint !== 'POST /oauth2/token' && endpoint !== 'POST /oauth2/revoke') {
      answer = crowdstrikeError(404, 'Not Found', { 'X-Cs-Region': cloud })
    } else if (cloud !== DEMO_CLIENT_CLOUD && clientIdOf(request, form) === DEMO_CREDENTIALS.clientId) {
      answer = [
        308,
        '',
        'text/plain',
        { 'X-Cs-Region': DEMO_CLIENT_CLOUD, Location: `https://${hostOf(DEMO_CLIENT_CLOUD)}${path}` }
      ]
    } else if (endpoint === 'POST /oauth2/token') {
      answer = crowdstrikeToken(form, { 'X-Cs-Region': cloud })
    } else {
      answer = crowdstrikeRevoke(request, form, { 'X-Cs-Region': cloud })
    }
    const [status, payload] = answer
    const token = endpoint === 'POST /oauth2/revoke' ? form.get('token') : payload?.access_token
    stats.cloudRequests.push({ host, request: endpoint, status, ...(status < 300 && token ? { token } : {}) })
    return answer
  }

  /**
   * The OAuth2 client's authentication: its secret (Basic or form), a private_key_jwt assertion,
   * or a GitHub ID token as the assertion (told apart by their issuer, as a server with federated
   * credentials does), or none at all (a public client, for the token exchange only).
   */
  async function authenticateClient(request, form) {
    if (basicOk(request) || formOk(form)) return {}
    if (request.headers.authorization || form.get('client_secret')) return { problem: 'bad client credentials' }
    const assertion = form.get('client_assertion')
    if (!assertion) return { public: true }
    if (form.get('client_assertion_type') !== JWT_BEARER) return { problem: 'unsupported client_assertion_type' }
    if (form.get('client_id') !== DEMO_CREDENTIALS.clientId) return { problem: 'unknown client_id' }
    const problem =
      oidc.issuerOf(assertion) === oidc.issuer
        ? await oidc.idTokenProblem(assertion, SECRETLESS_DEMO.federationAudience)
        : await oidc.clientAssertionProblem(assertion, DEMO_CREDENTIALS.clientId, tokenUrl)
    return problem ? { problem } : {}
  }

  async function entraToken(form) {
    const refuse = (status, code, error, description) => [
      status,
      { error, error_description: `AADSTS${code}: ${description} Trace ID: mock`, error_codes: [code] }
    ]
    if (form.get('grant_type') !== 'client_credentials') return refuse(400, 70003, 'unsupported_grant_type', 'grant')
    if (!/^\S+\/\.default$/.test(form.get('scope') ?? '')) return refuse(400, 70011, 'invalid_scope', 'scope')
    if (form.get('client_id') !== DEMO_CREDENTIALS.clientId)
      return refuse(400, 700016, 'unauthorized_client', 'Application not found in the directory.')
    const assertion = form.get('client_assertion')
    if (form.get('client_secret') !== null) {
      if (!formOk(form)) return refuse(401, 7000215, 'invalid_client', 'Invalid client secret provided.')
    } else if (form.get('client_assertion_type') !== JWT_BEARER || !assertion) {
      return refuse(400, 7000218, 'invalid_client', 'The request body must contain client_assertion or client_secret.')
    } else if (oidc.issuerOf(assertion) === oidc.issuer) {
      const problem = await oidc.idTokenProblem(assertion, SECRETLESS_DEMO.federationAudience)
      if (problem) return refuse(400, 70021, 'invalid_request', 'No matching federated identity record found.')
    } else {
      const tokenUrl = `${entraBase}/${DEMO_CREDENTIALS.entraTenant}/oauth2/v2.0/token`
      const header = safeJson(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8'))
      const problem =
        header?.alg !== 'PS256' || header?.['x5t#S256'] !== DEMO_CERTIFICATE_THUMBPRINT
          ? 'not signed PS256 by the registered certificate'
          : await oidc.clientAssertionProblem(assertion, DEMO_CREDENTIALS.clientId, tokenUrl)
      if (problem) return refuse(401, 700027, 'invalid_client', 'Client assertion failed signature validation.')
    }
    return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: jwt(3599) }]
  }

  function appsecToken(form) {
    if (form.get('grant_type') !== 'client_credentials' || !form.get('client_id'))
      return [400, { error: 'invalid_request' }]
    if (!formOk(form)) return [401, { error: 'invalid_client' }]
    return [200, { access_token: jwt(3600), token_type: 'Bearer', expires_in: 3600 }]
  }

  // Keycloak: an API key is a refresh token for the client it names (azp, ast-app for the demo key); an OAuth
  // client uses client_credentials. Both answers carry a new refresh token, as Checkmarx documents.
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
        const url = new URL(request.url ?? '/', 'https://127.0.0.1')
        const path = url.pathname
        // /hang/...: accepts the request and never answers (timeouts).
        if (path.startsWith('/hang/')) return
        stats.requests.push(`${request.method} ${path}`)
        const body = Buffer.concat(chunks).toString('utf8')
        const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
        const route = Object.hasOwn(CROWDSTRIKE_CLOUD_HOSTS, host)
          ? () => crowdstrikeCloud(host, request, path, body)
          : routes[`${request.method} ${path}`]
        Promise.resolve(route ? route(request, body, url) : [404, { message: 'not found' }])
          .catch(() => [500, { message: 'mock error' }])
          .then(([status, payload, type = 'application/json', headers = {}]) => {
            const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
            response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers })
            response.end(text)
          })
      })
    }
  )
  await new Promise((resolve) => server.listen(port, host, resolve))
  const listening = server.address().port
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${listening}`
  oidc = createOidc(`${url}/github-oidc`)
  tokenUrl = `${url}/oauth2/token`
  entraBase = `${url}/entra-id`
  mockUrl = url
  return {
    url,
    port: listening,
    caFile: CA_FILE,
    stats,
    /** Every ID token the emulated GitHub endpoint issued and every client assertion the mock received. */
    oidcSeen: oidc.seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The client a CrowdStrike request names: client_id in the token form, the Basic user of a revocation. */
function clientIdOf(request, form) {
  const basic = /^basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : form.get('client_id')
}

function hostOf(cloud) {
  return Object.keys(CROWDSTRIKE_CLOUD_HOSTS).find((host) => CROWDSTRIKE_CLOUD_HOSTS[host] === cloud)
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
