import { readOAuth2Token } from '../token-response.js'
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
// Checkmarx/ast-cli (internal/wrappers/client.go) sent the same until PR 1053 (February 2025); since then it
// sends the API key's own azp claim as client_id, falling back to ast-app. The docs still say ast-app.
const API_KEY_CLIENT_ID = 'ast-app'

const REGIONS_TEXT = Object.keys(CHECKMARX_IAM_HOSTS)
  .map((name) => name.toUpperCase())
  .join(', ')

/**
 * Checkmarx One's token endpoint, a Keycloak realm per tenant:
 * POST {IAM host}/auth/realms/{tenant}/protocol/openid-connect/token, form-encoded. Either an API key
 * (a long-lived refresh token) or an OAuth client's id and secret (client_credentials); the answer is
 * access_token and expires_in (30 minutes) plus a new refresh_token, which is masked and never handed
 * on (readOAuth2Token). Checkmarx documents no revocation, and the API key must never be revoked.
 * Sources: the Authentication API page above; Checkmarx/ast-cli internal/wrappers/client.go (the answer's
 * fields, the lower-cased tenant in the realm path, and 400/401 for bad credentials, 404 for an unknown tenant).
 */
export const checkmarxOne: Vendor = {
  id: 'checkmarx-one',
  title: 'Checkmarx One',
  defaultEnvVar: 'CHECKMARX_ONE_ACCESS_TOKEN',
  // No default: each region's IAM host knows only its own tenants.
  regions: CHECKMARX_IAM_HOSTS,
  regionsInUpperCase: true,
  required: ['tenant'],
  optional: ['refresh-token', 'client-id', 'client-secret'],
  checks: { tenant: checkTenant },
  validate: exactlyOneCredential,

  tokenRequest(context) {
    // ast-cli lower-cases the tenant (addTenantAuthURI): realm names are lower case.
    const realm = encodeURIComponent(context.input('tenant').toLowerCase())
    const url = `${context.baseUrl}/auth/realms/${realm}/protocol/openid-connect/token`
    const apiKey = context.input('refresh-token')
    // The docs' two requests: the API key as a refresh token of the ast-app client, or the OAuth client's id and secret as form fields.
    return apiKey
      ? formRequest(url, { grant_type: 'refresh_token', client_id: API_KEY_CLIENT_ID, refresh_token: apiKey })
      : clientAuthenticatedForm(url, context, 'client_secret_post', { grant_type: 'client_credentials' })
  },

  readToken: readOAuth2Token,

  refusalHints: {
    // Keycloak answers 400 invalid_grant for an API key it no longer accepts, 401 for a bad client.
    400: credentialsHint,
    401: credentialsHint,
    404:
      "No such tenant at this IAM host: check 'tenant' (your tenant account name) and that region or base-url " +
      `is your account's region (${REGIONS_TEXT}).`
  }
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
