import { readOAuth2Token } from '../token-response.js'
import { type ClientAuthentication, clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

const CLIENT_HINT =
  'Check client-id, client-secret, scope and audience, and whether the server expects auth-method ' +
  'client_secret_basic (the default) or client_secret_post.'

export const oauth2: Vendor = {
  id: 'oauth2',
  title: 'OAuth2 server',
  defaultEnvVar: 'OAUTH2_ACCESS_TOKEN',
  required: ['client-id', 'client-secret', 'token-url'],
  optional: ['scope', 'audience', 'auth-method', 'revoke-url'],
  defaults: { 'auth-method': 'client_secret_basic' },
  choices: { 'auth-method': ['client_secret_basic', 'client_secret_post'] },

  tokenRequest: (context) =>
    clientAuthenticatedForm(context.input('token-url'), context, authentication(context.input('auth-method')), {
      grant_type: 'client_credentials',
      scope: context.input('scope'),
      audience: context.input('audience')
    }),

  readToken: readOAuth2Token,

  refusalHints: { 400: CLIENT_HINT, 401: CLIENT_HINT },

  canRevoke: (context) => context.input('revoke-url') !== '',

  // RFC 7009: the client authenticates to the revocation endpoint as it did to the token endpoint.
  revocationRequest: (context, token) =>
    clientAuthenticatedForm(context.input('revoke-url'), context, authentication(context.input('auth-method')), {
      token,
      token_type_hint: 'access_token'
    })
}

function authentication(value: string): ClientAuthentication {
  return value === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic'
}
