import { readOAuth2Token } from '../token-response.js'
import { type ClientAuthentication, clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

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

  readToken: (response) => readOAuth2Token(response, 'OAuth2 server'),

  refusalHint: (status) =>
    status === 400 || status === 401
      ? 'Check client-id, client-secret, scope and audience, and whether the server expects auth-method ' +
        'client_secret_basic (the default) or client_secret_post.'
      : undefined,

  // RFC 7009: the client authenticates to the revocation endpoint as it did to the token endpoint.
  revocationRequest: (context, token) =>
    context.input('revoke-url')
      ? clientAuthenticatedForm(context.input('revoke-url'), context, authentication(context.input('auth-method')), {
          token,
          token_type_hint: 'access_token'
        })
      : undefined
}

function authentication(value: string): ClientAuthentication {
  return value === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic'
}
