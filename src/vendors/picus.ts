import { ActionError } from '../errors.js'
import { parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor } from './types.js'
import { jsonRequest } from './request.js'

// Picus, sources:
// - POST /v1/auth/token, JSON {"refresh_token"}, answer {"token", "expire_at"}; access tokens live 2 hours;
//   refresh tokens are generated under Settings > Rest API Token with a name, description, scope and the
//   number of expiration days the user chooses, and shown once (the page's intro still says 6 months):
//   https://apidocs.picussecurity.com/docs/authentication-method, https://apidocs.picussecurity.com/reference/authtokenparam
// - 401 refused credentials, 403 no permission, 422 invalid parameter with an `errors` object:
//   https://apidocs.picussecurity.com/docs/response-codes-errors
// - Only https://api.picussecurity.com is documented, no regional host: on-premises needs base-url.
// Picus documents expire_at in milliseconds, its swagger in seconds:
// anything past this value can only be milliseconds (1e12 s is the year 33658).
const MILLISECONDS_THRESHOLD = 1e12

const REFRESH_TOKEN_HINT =
  'A Picus refresh token expires after the number of days chosen when it was generated, and it is shown only once: ' +
  'check its expiration date under Settings > Rest API Token in the Picus console, generate a new one there if needed, ' +
  'and store it in the secret passed as refresh-token. Picus on premises: set base-url to its API URL.'

export const picus: Vendor = {
  id: 'picus',
  title: 'Picus',
  defaultEnvVar: 'PICUS_ACCESS_TOKEN',
  defaultBaseUrl: 'https://api.picussecurity.com',
  required: ['refresh-token'],
  optional: [],

  tokenRequest: (context) =>
    jsonRequest(`${context.baseUrl}/v1/auth/token`, { refresh_token: context.input('refresh-token') }),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    const token = requireTokenString(json.token, title, 'token')
    const expireAt = json.expire_at
    if (expireAt === undefined || expireAt === null) return { token, tokenType: 'Bearer' }
    if (typeof expireAt !== 'number') {
      throw new ActionError(`${title} answered with an 'expire_at' that is not a positive number.`)
    }
    // A number out of range (negative, huge) makes an invalid or unusable Date: expiry.ts reports it as unknown.
    const milliseconds = expireAt > MILLISECONDS_THRESHOLD ? expireAt : expireAt * 1000
    return { token, tokenType: 'Bearer', expiresAt: new Date(milliseconds) }
  },

  refusalHints: {
    401: REFRESH_TOKEN_HINT,
    403: REFRESH_TOKEN_HINT,
    422: 'Picus rejected the request as invalid: check that refresh-token holds the whole refresh token.'
  }
}
