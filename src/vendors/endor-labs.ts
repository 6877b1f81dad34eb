import { optionalDateTime, parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor } from './types.js'
import { jsonRequest } from './request.js'

const CREDENTIALS_HINT =
  'Check client-id (the API key) and client-secret (its secret), that the key has not expired or been deleted ' +
  '(Settings > Access Control > API Keys), and base-url if your tenant is not on https://api.endorlabs.com.'

/**
 * Endor Labs: POST https://api.endorlabs.com/v1/auth/api-key with JSON {"key", "secret"} (an API key and its
 * secret). The answer's `token` is a bearer token (Endor Labs calls it ENDOR_TOKEN); its expiry is
 * `expirationTime`, an RFC 3339 date-time (older answers: `expiration_time`). A session started with an API key
 * lasts up to four hours. No revocation is documented for these tokens.
 * Sources: the official SDK endorlabs/endorlabs-sdk src/endorlabs/api_client.py (APIClient._authenticate_api_key:
 * the path, the body, `token`, `expirationTime` / `expiration_time`; the default https://api.endorlabs.com and
 * ENDOR_TOKEN for a token given directly); "Authentication" (https://docs.endorlabs.com/rest-api/authentication/)
 * and "Managing API keys" (https://docs.endorlabs.com/administration/api-keys/: four-hour sessions).
 * endorctl is closed source and its keyless GitHub login endpoint is not published: not offered here.
 */
export const endorLabs: Vendor = {
  id: 'endor-labs',
  title: 'Endor Labs',
  // The variable the SDK reads a token from, and the one Endor Labs' REST API docs export it as.
  defaultEnvVar: 'ENDOR_TOKEN',
  defaultBaseUrl: 'https://api.endorlabs.com',
  required: ['client-id', 'client-secret'],
  optional: [],

  tokenRequest: (context) =>
    jsonRequest(`${context.baseUrl}/v1/auth/api-key`, {
      key: context.input('client-id'),
      secret: context.input('client-secret')
    }),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return {
      token: requireTokenString(json.token, title, 'token'),
      tokenType: 'Bearer',
      // As the SDK reads it: expirationTime, else expiration_time. A malformed one: warned, expiry unknown.
      expiresAt: optionalDateTime(json.expirationTime ?? json.expiration_time)
    }
  },

  refusalHints: {
    400: 'Endor Labs found the request invalid: check client-id (the API key, not its name) and client-secret.',
    401: CREDENTIALS_HINT,
    403: CREDENTIALS_HINT
  }
}
