import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext } from './types.js'

// Wiz service accounts, OAuth2 client credentials:
// - POST https://auth.app.wiz.io/oauth/token, form grant_type=client_credentials, client_id,
//   client_secret, audience=wiz-api: the curl from Wiz's docs quoted in trufflesecurity/trufflehog
//   PR 2691, and the Wiz-maintained XSOAR integration demisto/content
//   Packs/Wiz/Integrations/Wiz/Wiz.py (get_token: audience wiz-api for the auth.app / auth.gov
//   hosts, reads access_token from a 200 answer).
// - auth.gov.wiz.io is the token host of the gov region (Wiz.py COGNITO_PREFIX 'auth.gov').
//   Wiz for Government (FedRAMP) tenants use auth.app.wiz.us (Wiz.py URL_SUFFIX_FED): base-url.
// - The answer may carry a refresh_token: readOAuth2Token masks it and never outputs it.
// Wiz's own docs (docs.wiz.io) need a login; the fields above could not be read there.
const WIZ_AUTH_HOSTS: Readonly<Record<string, string>> = {
  commercial: 'https://auth.app.wiz.io',
  gov: 'https://auth.gov.wiz.io'
}

export const wiz: Vendor = {
  id: 'wiz',
  title: 'Wiz',
  defaultEnvVar: 'WIZ_ACCESS_TOKEN',
  defaultBaseUrl: WIZ_AUTH_HOSTS.commercial,
  regions: WIZ_AUTH_HOSTS,
  required: ['client-id', 'client-secret'],
  optional: ['audience'],
  defaults: { audience: 'wiz-api' },

  tokenRequest: (context) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth/token`, context, 'client_secret_post', {
      grant_type: 'client_credentials',
      audience: context.input('audience')
    }),

  readToken: readOAuth2Token,

  refusalHints: {
    400: 'Check audience (Wiz service accounts use wiz-api, the default), client-id and client-secret.',
    401: credentialsHint,
    403: credentialsHint
  }
}

function credentialsHint(context: VendorContext): string {
  return (
    `Check client-id and client-secret (a Wiz service account), and that region or base-url is your tenant's ` +
    `authentication URL (now ${new URL(context.baseUrl).host}): commercial auth.app.wiz.io, gov auth.gov.wiz.io, ` +
    'Wiz for Government base-url https://auth.app.wiz.us.'
  )
}
