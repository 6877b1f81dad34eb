import { optionalSeconds, parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor, VendorContext, VendorInputs } from './types.js'
import { jsonRequest } from './request.js'

const AUTH_METHODS = ['client_secret', 'github-oidc'] as const

/**
 * Cycode: POST {API host}/api/v1/auth/api-token with JSON {"clientId", "secret"} (a service account's or personal
 * access token's Client ID and secret), or keyless, POST {API host}/api/v1/auth/oidc/api-token with JSON
 * {"client_id", "id_token"} (the job's GitHub ID token). The answer is {"token", "expires_in"}, the lifetime in
 * seconds (2100, 35 minutes, in Cycode's example). No revocation is documented.
 * Sources: the official CLI cycodehq/cycode-cli cycode/cyclient/cycode_token_based_client.py
 * (CycodeTokenBasedClient._request_new_access_token), cycode_oidc_based_client.py
 * (CycodeOidcBasedClient._request_new_access_token) and base_token_auth_client.py (refresh_access_token reads
 * token and expires_in as seconds); cycode/cli/consts.py (DEFAULT_CYCODE_API_URL); Cycode's "API guide:
 * Authentication and retrieving violations" (https://docs.cycode.com/view-and-manage-violations/api-authentication-and-retrieving-violations:
 * the US and EU hosts, the body, the answer) and "Manage configuration"
 * (https://docs.cycode.com/cli/quickstart/cli-configuration: api.eu.cycode.com; CYCODE_CLIENT_ID,
 * CYCODE_CLIENT_SECRET, CYCODE_ID_TOKEN, and no variable for an access token).
 * The audience Cycode expects on the ID token is not published: oidc-audience is passed through, GitHub's default
 * (the repository owner's URL) without it.
 */
export const cycode: Vendor = {
  id: 'cycode',
  title: 'Cycode',
  defaultEnvVar: 'CYCODE_ACCESS_TOKEN',
  defaultBaseUrl: 'https://api.cycode.com',
  regions: { us: 'https://api.cycode.com', eu: 'https://api.eu.cycode.com' },
  required: ['client-id'],
  optional: ['client-secret', 'auth-method', 'oidc-audience'],
  requiredWhen: { 'client-secret': { 'auth-method': ['client_secret'] } },
  defaults: { 'auth-method': 'client_secret' },
  choices: { 'auth-method': AUTH_METHODS },
  validate: checkCombination,

  async tokenRequest(context) {
    if (context.input('auth-method') === 'github-oidc') {
      const idToken = await context.githubIdToken(context.input('oidc-audience'))
      return jsonRequest(
        `${context.baseUrl}/api/v1/auth/oidc/api-token`,
        { client_id: context.input('client-id'), id_token: idToken },
        {},
        [idToken]
      )
    }
    return jsonRequest(`${context.baseUrl}/api/v1/auth/api-token`, {
      clientId: context.input('client-id'),
      secret: context.input('client-secret')
    })
  },

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return {
      token: requireTokenString(json.token, title, 'token'),
      tokenType: 'Bearer',
      expiresInSeconds: optionalSeconds(json.expires_in)
    }
  },

  refusalHints: { 400: refusalHint, 401: refusalHint, 403: refusalHint }
}

/** A client secret only goes with the client-secret method: with github-oidc it would be sent nowhere. */
function checkCombination(inputs: VendorInputs): string | undefined {
  if (inputs.input('auth-method') !== 'github-oidc' || !inputs.input('client-secret')) return undefined
  return (
    "Inputs 'client-secret' and 'auth-method': auth-method github-oidc sends the job's GitHub ID token, no client " +
    'secret. Remove client-secret, or remove auth-method to use the secret.'
  )
}

/** What to check, for the method the step used. */
function refusalHint(context: VendorContext): string {
  return context.input('auth-method') === 'github-oidc'
    ? "Check client-id (the Client ID Cycode gave for OIDC sign-in), that Cycode trusts this repository's GitHub " +
        'ID tokens, and oidc-audience (the audience Cycode expects); and region eu (api.eu.cycode.com) for an EU tenant.'
    : 'Check client-id and client-secret (the Client ID and secret of a Cycode service account or personal access ' +
        'token), that they were not deleted, and region eu (api.eu.cycode.com) for an EU tenant.'
}
