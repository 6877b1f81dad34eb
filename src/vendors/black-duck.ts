import { type VendorResponse, headerValue } from '../http.js'
import { optionalSeconds, parseJsonObject, requireTokenString } from '../token-response.js'
import type { IssuedToken, Vendor } from './types.js'

// Black Duck SCA (formerly Synopsys Black Duck Hub), a user's API token for a bearer token:
// - POST {server}/api/tokens/authenticate with `Authorization: token {api token}` and no body; the answer is
//   JSON bearerToken and expiresInMilliseconds (milliseconds), and an X-CSRF-TOKEN header. Black Duck's
//   official Python client, blackducksoftware/hub-rest-api-python blackduck/Authentication.py
//   (BearerAuth.authenticate), reads these three and sends `X-CSRF-TOKEN` back with `Authorization: bearer`
//   on every later request (hence the csrf-token output); its Java client,
//   blackducksoftware/blackduck-common ApiTokenBlackDuckHttpClient (attemptAuthentication), posts the same
//   request and reads bearerToken.
// - Servers are per customer (on premises, or a hosted instance): base-url is required.
// Black Duck documents no revocation of a bearer token: it stays valid until it expires.
export const blackDuck: Vendor = {
  id: 'black-duck',
  title: 'Black Duck',
  defaultEnvVar: 'BLACK_DUCK_ACCESS_TOKEN',
  baseUrlExample: 'https://blackduck.example.com',
  required: ['api-token'],
  optional: [],

  tokenRequest(context) {
    const authorization = `token ${context.input('api-token')}`
    return {
      url: `${context.baseUrl}/api/tokens/authenticate`,
      // No Accept header, as BearerAuth.authenticate sends none.
      headers: { Authorization: authorization },
      body: '',
      derivedSecrets: [authorization]
    }
  },

  readToken: readBlackDuckToken,

  refusalHints: {
    401: 'Check api-token: a Black Duck user API token (My Access Tokens in the user menu), not expired or deleted, for the server in base-url.',
    403: 'The API token was refused: check that its user is active and the token has the access it needs (read, or read and write), on the server in base-url.'
  }
}

/** bearerToken, its lifetime in milliseconds (as seconds), and the X-CSRF-TOKEN header to send back with it. */
function readBlackDuckToken(response: VendorResponse, title: string): IssuedToken {
  const json = parseJsonObject(response, title)
  const milliseconds = optionalSeconds(json.expiresInMilliseconds)
  const csrfToken = headerValue(response, 'x-csrf-token')
  return {
    token: requireTokenString(json.bearerToken, title, 'bearerToken'),
    expiresInSeconds: milliseconds === undefined ? undefined : milliseconds / 1000,
    ...(csrfToken ? { csrfToken } : {})
  }
}
