import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext } from './types.js'

// Upwind API credentials, OAuth2 client credentials, as Upwind's own Terraform provider does it
// (upwindsecurity/terraform-provider-upwind internal/client/client.go):
// - One token endpoint for every region, `tokenURL` https://auth.upwind.io/oauth/token: "The region is
//   pinned via the `audience` parameter, not the token host".
// - Form grant_type=client_credentials with client_id and client_secret as form fields ("Upwind expects
//   client_id/client_secret as form params (not Basic auth)": AuthStyleInParams), and `audience`.
// - `regionHosts`: us api.upwind.io, eu api.eu.upwind.io, me api.me.upwind.io, ap api.ap.upwind.io, and
//   `baseURLAndAudience`: the regional API base URL is both where the token is used and its audience
//   ("they must not diverge"); its endpoint override moves both. So here region and base-url give the
//   API base URL, which is the audience; token-url moves only the token endpoint (a proxy, tests);
//   a given audience input is sent as it is.
// - The provider has no default region; us, the API host without a region label, is the default here.
// - Answer: an OAuth2 token response (golang.org/x/oauth2 reads access_token, token_type, expires_in).
//   Upwind publishes no lifetime, error body or revocation for these tokens: the post step does not revoke.
const UPWIND_API_HOSTS: Readonly<Record<string, string>> = {
  us: 'https://api.upwind.io',
  eu: 'https://api.eu.upwind.io',
  me: 'https://api.me.upwind.io',
  ap: 'https://api.ap.upwind.io'
}
const UPWIND_TOKEN_URL = 'https://auth.upwind.io/oauth/token'
const REGIONS_TEXT = Object.entries(UPWIND_API_HOSTS)
  .map(([region, url]) => `${region} ${url}`)
  .join(', ')

export const upwind: Vendor = {
  id: 'upwind',
  title: 'Upwind',
  defaultEnvVar: 'UPWIND_ACCESS_TOKEN',
  defaultBaseUrl: UPWIND_API_HOSTS.us,
  regions: UPWIND_API_HOSTS,
  required: ['client-id', 'client-secret'],
  optional: ['audience', 'token-url'],
  defaults: { 'token-url': UPWIND_TOKEN_URL },

  tokenRequest: (context) =>
    clientAuthenticatedForm(context.input('token-url'), context, 'client_secret_post', {
      grant_type: 'client_credentials',
      audience: audienceFor(context)
    }),

  readToken: readOAuth2Token,

  refusalHints: { 400: credentialsHint, 401: credentialsHint, 403: credentialsHint }
}

/** The audience input, or the API base URL the token is for (the region's, or base-url), as Upwind's provider sends. */
function audienceFor(context: VendorContext): string {
  return context.input('audience') || context.baseUrl
}

function credentialsHint(context: VendorContext): string {
  return (
    'Check client-id and client-secret (Upwind API credentials), and that the audience ' +
    `(now ${audienceFor(context)}) is the API of your organization's region: set region (${REGIONS_TEXT}) or base-url.`
  )
}
