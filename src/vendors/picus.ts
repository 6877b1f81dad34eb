import { ActionError } from '../errors.js'
import { parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor } from './types.js'

// Picus documents expire_at in milliseconds, its swagger in seconds:
// anything past this value can only be milliseconds (1e12 s is the year 33658).
const MILLISECONDS_THRESHOLD = 1e12

export const picus: Vendor = {
  id: 'picus',
  title: 'Picus',
  defaultEnvVar: 'PICUS_ACCESS_TOKEN',
  defaultBaseUrl: 'https://api.picussecurity.com',
  required: ['refresh-token'],
  optional: [],

  tokenRequest: (context) => ({
    url: `${context.baseUrl}/v1/auth/token`,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refresh_token: context.input('refresh-token') }),
    derivedSecrets: []
  }),

  readToken(response) {
    const json = parseJsonObject(response, 'Picus')
    const token = requireTokenString(json.token, 'Picus', 'token')
    const expireAt = json.expire_at
    if (expireAt === undefined || expireAt === null) return { token, tokenType: 'Bearer' }
    if (typeof expireAt !== 'number') {
      throw new ActionError("Picus answered with an 'expire_at' that is not a positive number.")
    }
    // A number out of range (negative, huge) makes an invalid or unusable Date: expiry.ts reports it as unknown.
    const milliseconds = expireAt > MILLISECONDS_THRESHOLD ? expireAt : expireAt * 1000
    return { token, tokenType: 'Bearer', expiresAt: new Date(milliseconds) }
  },

  refusalHint: (status) =>
    status === 401 || status === 403
      ? 'Picus refresh tokens are valid for 6 months and are shown only once: generate a new one under ' +
        'Settings > Rest API Token in the Picus console and store it in the secret passed as refresh-token.'
      : status === 422
        ? 'Picus rejected the request as invalid: check that refresh-token holds the whole refresh token.'
        : undefined
}
