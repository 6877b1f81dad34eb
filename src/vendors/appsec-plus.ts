import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

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
