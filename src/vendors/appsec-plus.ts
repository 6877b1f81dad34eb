import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

// AppSec+, source: its Authentication API page, https://appsecportal.pages.dev/api/authentication
// (POST /oauth/token, form grant_type=client_credentials, client_id, client_secret; answer access_token,
// token_type Bearer, expires_in; 400 invalid_request, 401 invalid_client, 429 rate_limited).

export const appsecPlus: Vendor = {
  id: 'appsec-plus',
  title: 'AppSec+',
  defaultEnvVar: 'APPSEC_PLUS_ACCESS_TOKEN',
  defaultBaseUrl: 'https://api.appsecplus.example.com',
  required: ['client-id', 'client-secret'],
  optional: [],

  // AppSec+ documents only the secret in the form body.
  tokenRequest: (context) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth/token`, context, 'client_secret_post', {
      grant_type: 'client_credentials'
    }),

  readToken: readOAuth2Token,

  refusalHints: {
    400: 'AppSec+ found the request incomplete: check that client-id and client-secret are both set.',
    401: 'AppSec+ did not accept the client: check client-id and client-secret.'
  }
}
