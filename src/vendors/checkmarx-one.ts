import { InputError } from '../errors.js'
import { readOAuth2Token, unverifiedJwtClaims } from '../token-response.js'
import { clientAuthenticatedForm, formRequest } from './request.js'
import { EMPTY_SECRET_CAUSES, SECRET_INPUTS } from '../masking.js'
import type { Vendor, VendorContext, VendorInput, VendorInputs } from './types.js'

// Checkmarx One's IAM (Keycloak) hosts, by the region names Checkmarx uses.
// US, EU, ANZ, IND, SNG: the "Authentication API" page of the Checkmarx One docs
// (https://checkmarx.com/resource/documents/en/34965-68774-checkmarx-one-authentication-api.html).
// US2, EU2, DEU, UAE (mea): Checkmarx's own map of IAM hosts in Checkmarx/ast-vscode-extension
// (src/services/mcpSettingsInjector.ts, commit 548ceb75), as third-party copies of the docs list them too.
const CHECKMARX_IAM_HOSTS: Readonly<Record<string, string>> = {
  us: 'https://iam.checkmarx.net',
  us2: 'https://us.iam.checkmarx.net',
  eu: 'https://eu.iam.checkmarx.net',
  eu2: 'https://eu-2.iam.checkmarx.net',
  deu: 'https://deu.iam.checkmarx.net',
  anz: 'https://anz.iam.checkmarx.net',
  ind: 'https://ind.iam.checkmarx.net',
  sng: 'https://sng.iam.checkmarx.net',
  uae: 'https://mea.iam.checkmarx.net'
}

// The docs' API-key request: grant_type=refresh_token, client_id=ast-app, refresh_token=<API key>.
const API_KEY_CLIENT_ID = 'ast-app'

const REGIONS_TEXT = Object.keys(CHECKMARX_IAM_HOSTS)
  .map((name) => name.toUpperCase())
  .join(', ')

const REGION_HOSTS = new Set(Object.values(CHECKMARX_IAM_HOSTS).map((url) => new URL(url).hostname))

// An API key is a Keycloak offline token (a JWT of about 1 KB) that names its own realm and client.
// Checkmarx/ast-cli reads both without verifying the signature (internal/wrappers/client.go, commit
// b329a87c): GetRealmURL takes the realm URL, https://{IAM host}/auth/realms/{tenant}, from the key's aud
// claim (ExtractFromTokenClaims: a string, or the first non-empty string of an array), and since PR 1053
// (February 2025) getAPIKeyPayload sends the key's azp claim as client_id, falling back to ast-app
// (extractAZPFromToken). This module does the same, with two differences, both on purpose:
// - given inputs win over the claims (ast-cli lets aud win over --base-auth-uri and --tenant): a
//   workflow that sets tenant, region or base-url means them;
// - a host from aud is used only if it is a Checkmarx IAM host (a region's, or a name under
//   iam.checkmarx.net): the claims are unverified, so a key naming any other host is not sent there.
// The claims are hostile input: a key past MAX_API_KEY_CHARS is not read, and each claim must have the
// expected type and shape; anything else counts as absent.
const MAX_API_KEY_CHARS = 8192
const MAX_CLAIM_CHARS = 255
// Only https, no user info, no port, and exactly /auth/realms/{one segment}, optionally with a final '/'.
const REALM_URL =
  /^https:\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)\/auth\/realms\/([a-z0-9_-][a-z0-9._-]*)\/?$/i

/** What an API key says about itself, unverified; each part undefined when the key does not say it readably. */
interface ApiKeyClaims {
  /** The realm its aud names: the IAM host (lower case) and the realm (the tenant), as written. */
  realm?: { host: string; name: string }
  /** Its azp: the client it was issued to. */
  client?: string
}

/**
 * Checkmarx One's token endpoint, a Keycloak realm per tenant:
 * POST {IAM host}/auth/realms/{tenant}/protocol/openid-connect/token, form-encoded. Either an API key
 * (a long-lived refresh token) or an OAuth client's id and secret (client_credentials); the answer is
 * access_token and expires_in (30 minutes) plus a new refresh_token, which is masked and never handed
 * on (readOAuth2Token). Checkmarx documents no revocation, and the API key must never be revoked.
 * With an API key, tenant and the IAM host may come from the key itself (above).
 * Sources: the Authentication API page above; Checkmarx/ast-cli internal/wrappers/client.go (the answer's
 * fields, the lower-cased tenant in the realm path, and 400/401 for bad credentials, 404 for an unknown tenant).
 */
export const checkmarxOne: Vendor = {
  id: 'checkmarx-one',
  title: 'Checkmarx One',
  defaultEnvVar: 'CHECKMARX_ONE_ACCESS_TOKEN',
  // No default: each region's IAM host knows only its own tenants. An API key names its own.
  regions: CHECKMARX_IAM_HOSTS,
  regionsInUpperCase: true,
  baseUrlFrom: iamHostOfApiKey,
  required: [],
  optional: ['tenant', 'refresh-token', 'client-id', 'client-secret'],
  checks: { tenant: checkTenant },
  validate: (inputs) => exactlyOneCredential(inputs) ?? missingTenant(inputs),

  tokenRequest(context) {
    const apiKey = context.input('refresh-token')
    const claims = apiKey ? readApiKey(apiKey) : {}
    // ast-cli lower-cases the tenant input (addTenantAuthURI): realm names are lower case. A realm the
    // key names is used as written, as GetRealmURL does. validate made sure there is one or the other.
    const tenant = context.input('tenant').toLowerCase()
    // Stryker disable next-line StringLiteral: never used, validate refuses an empty tenant unless the key names its realm
    const realm = encodeURIComponent(tenant || (claims.realm?.name ?? ''))
    const url = `${context.baseUrl}/auth/realms/${realm}/protocol/openid-connect/token`
    // The docs' two requests: the API key as a refresh token of its client (ast-cli: its azp, else ast-app),
    // or the OAuth client's id and secret as form fields.
    return apiKey
      ? formRequest(url, {
          grant_type: 'refresh_token',
          client_id: claims.client ?? API_KEY_CLIENT_ID,
          refresh_token: apiKey
        })
      : clientAuthenticatedForm(url, context, 'client_secret_post', { grant_type: 'client_credentials' })
  },

  readToken: readOAuth2Token,

  refusalHints: {
    // Keycloak answers 400 invalid_grant for an API key it no longer accepts, 401 for a bad client.
    400: credentialsHint,
    401: credentialsHint,
    404: (context) =>
      `No such tenant at this IAM host (${new URL(context.baseUrl).host}): ` +
      (context.input('tenant')
        ? "check 'tenant' (your tenant account name) and that region or base-url is your account's region " +
          `(${REGIONS_TEXT}).`
        : "the API key names a realm this host does not know. Check that region or base-url is your account's " +
          `region (${REGIONS_TEXT}), or set 'tenant' to your tenant account name.`)
  }
}

/** The key's claims, read without verifying them; see the comment at MAX_API_KEY_CHARS. */
function readApiKey(apiKey: string): ApiKeyClaims {
  const claims = unverifiedClaims(apiKey)
  if (!claims) return {}
  // Stryker disable next-line StringLiteral: equivalent, any text the realm URL pattern refuses reads as no aud
  const aud = REALM_URL.exec(firstString(claims.aud) ?? '')
  const azp = firstString(claims.azp)
  return {
    realm: aud ? { host: aud[1].toLowerCase(), name: aud[2] } : undefined,
    client: azp !== undefined && /^[\x21-\x7e]+$/.test(azp) ? azp : undefined
  }
}

/** Not a JWT, or one too large or not plain base64url: the key is still sent, with client_id ast-app, where the inputs say. */
function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  if (token.length > MAX_API_KEY_CHARS || !/^[\w-]+$/.test(token.split('.')[1] ?? '')) return undefined
  return unverifiedJwtClaims(token)
}

/** As ast-cli ExtractFromTokenClaims: a string, or an array's first non-empty string; trimmed, bounded. */
function firstString(value: unknown): string | undefined {
  const found = (Array.isArray(value) ? value : [value]).find((item) => typeof item === 'string' && item.trim())
  const text = typeof found === 'string' ? found.trim() : undefined
  return text !== undefined && text.length <= MAX_CLAIM_CHARS ? text : undefined
}

/** A region's host, or a name under iam.checkmarx.net (a whole label before it: not xiam.checkmarx.net). */
function isCheckmarxIamHost(host: string): boolean {
  return REGION_HOSTS.has(host) || host === 'iam.checkmarx.net' || host.endsWith('.iam.checkmarx.net')
}

/** Without region and base-url: the IAM host the API key names, if it is Checkmarx's; else which inputs to set. */
function iamHostOfApiKey(inputs: VendorInputs): string {
  const apiKey = inputs.input('refresh-token')
  const realm = apiKey ? readApiKey(apiKey).realm : undefined
  if (realm && isCheckmarxIamHost(realm.host)) return `https://${realm.host}`
  const why = !apiKey
    ? ' with an OAuth client (client-id and client-secret)'
    : !realm
      ? ': the API key in refresh-token does not name its IAM host'
      : ": the API key in refresh-token names an IAM host that is not Checkmarx One's (a region's host or a name " +
        'under iam.checkmarx.net), so the key is not sent there'
  const tenant = inputs.input('tenant') ? '' : 'tenant to your tenant account name, and '
  throw new InputError(
    'region',
    `or 'base-url' is required for vendor 'checkmarx-one'${why}. Set ${tenant}region to your account's region ` +
      `(${REGIONS_TEXT}) or base-url to your IAM URL.`
  )
}

/** The tenant: given, or the realm an API key names. */
function missingTenant(inputs: VendorInputs): string | undefined {
  if (inputs.input('tenant')) return undefined
  const apiKey = inputs.input('refresh-token')
  if (!apiKey) {
    return (
      "Input 'tenant': is required for vendor 'checkmarx-one' with an OAuth client (client-id and client-secret): " +
      'your tenant account name, e.g. acme.'
    )
  }
  if (readApiKey(apiKey).realm) return undefined
  return (
    "Input 'tenant': is required for vendor 'checkmarx-one': the API key in refresh-token does not name its realm " +
    "(its aud claim). Set tenant to your tenant account name, and region or base-url to your account's region " +
    `(${REGIONS_TEXT}).`
  )
}

function credentialsHint(context: VendorContext): string {
  const account = `that tenant and region (or base-url) are those of its account (${REGIONS_TEXT})`
  if (context.input('refresh-token')) {
    return (
      `Check the API key in refresh-token, and ${account}. API keys expire after the period set in the IAM settings ` +
      'and stop working when the license changes: generate a new one under Identity and Access Management > API Keys.'
    )
  }
  return `Check client-id and client-secret (an OAuth client, whose secret expires after the period set in the IAM settings), and ${account}.`
}

/** The tenant is the realm: one path segment. encodeURIComponent keeps '.' and '..', which a URL resolves. */
function checkTenant(value: string): string | undefined {
  if (value.includes('/') || value === '.' || value === '..') {
    return "must be one path segment for vendor 'checkmarx-one' (no '/', not '.' or '..'): use your tenant account name, e.g. acme."
  }
  return undefined
}

/** An API key (refresh-token) or an OAuth client (client-id and client-secret): exactly one of the two. */
function exactlyOneCredential(inputs: VendorInputs): string | undefined {
  const apiKey = inputs.input('refresh-token') !== ''
  const clientId = inputs.input('client-id') !== ''
  const clientSecret = inputs.input('client-secret') !== ''
  if (apiKey && (clientId || clientSecret)) {
    return (
      "Input 'refresh-token': and 'client-id' / 'client-secret' were both given for vendor 'checkmarx-one'. " +
      'Pass either an API key in refresh-token or an OAuth client in client-id and client-secret, not both.'
    )
  }
  if (!apiKey && !clientId && !clientSecret) {
    return (
      "Input 'refresh-token': or 'client-id' and 'client-secret' are required for vendor 'checkmarx-one'. " +
      `Pass an API key in refresh-token, or an OAuth client in client-id and client-secret. ${EMPTY_SECRET_CAUSES}`
    )
  }
  if (clientId !== clientSecret) {
    const missing: VendorInput = clientId ? 'client-secret' : 'client-id'
    const given = clientId ? 'client-id' : 'client-secret'
    const empty = SECRET_INPUTS.includes(missing) ? `, and it is empty. ${EMPTY_SECRET_CAUSES}` : '.'
    return `Input '${missing}': is required with '${given}' for vendor 'checkmarx-one'${empty}`
  }
  return undefined
}
