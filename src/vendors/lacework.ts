import { optionalDateTime, parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor } from './types.js'

const CREDENTIALS_HINT =
  "Check client-id (the API key's keyId) and client-secret (its secret), that the key is enabled, and that tenant " +
  '(or base-url) is the account the key was created in: API keys apply to one account only.'

/**
 * Lacework FortiCNAPP: POST https://{account}.lacework.net/api/v2/access/tokens with the key's secret
 * in the X-LW-UAKS header and JSON {"keyId", "expiryTime"} (seconds; default 3600, at most 86400).
 * The answer is {"token", "expiresAt"} at the top level, expiresAt an RFC 3339 date-time, and the
 * token is used as a bearer token. No revocation is documented: ask for a short lifetime instead.
 * Sources: "API Keys and Access Tokens" (https://docs.lacework.net/api/api-access-keys-and-tokens);
 * lacework/go-sdk api/auth.go (tokenRequest, TokenData), api/http.go (X-LW-UAKS), api/client.go
 * (https://{account}.lacework.net) and internal/lacework/server.go (its mock of this answer).
 */
export const lacework: Vendor = {
  id: 'lacework',
  title: 'Lacework',
  defaultEnvVar: 'LACEWORK_ACCESS_TOKEN',
  // Host names are case-insensitive; the lower-case form is the one to show.
  // Stryker disable next-line MethodExpression: equivalent, every message takes the host from a parsed URL (lower case)
  baseUrlFrom: (inputs) => `https://${inputs.input('tenant').toLowerCase()}.lacework.net`,
  required: ['tenant', 'client-id', 'client-secret'],
  optional: ['token-lifetime-seconds'],
  defaults: { 'token-lifetime-seconds': '3600' },
  wholeNumbers: { 'token-lifetime-seconds': [300, 86400] },
  checks: { tenant: checkAccountName },

  tokenRequest: (context) => ({
    url: `${context.baseUrl}/api/v2/access/tokens`,
    // The header carries the raw secret, which masking.ts masks as the client-secret input.
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-LW-UAKS': context.input('client-secret')
    },
    body: JSON.stringify({
      keyId: context.input('client-id'),
      expiryTime: Number(context.input('token-lifetime-seconds'))
    }),
    derivedSecrets: []
  }),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return {
      token: requireTokenString(json.token, title, 'token'),
      tokenType: 'Bearer',
      // A malformed date is an invalid Date: the expiry resolver warns and leaves the expiry unknown.
      expiresAt: optionalDateTime(json.expiresAt)
    }
  },

  refusalHints: {
    400: "Lacework found the request invalid: check client-id (the API key's keyId) and token-lifetime-seconds.",
    401: CREDENTIALS_HINT,
    403: CREDENTIALS_HINT
  }
}

/** The account is the subdomain of lacework.net: one DNS label (go-sdk lwdomain reads ACCOUNT[.CLUSTER].lacework.net). */
function checkAccountName(value: string): string | undefined {
  if (/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(value)) return undefined
  return (
    "must be a Lacework account name for vendor 'lacework': the subdomain of lacework.net (letters, digits and " +
    'hyphens), e.g. acme for acme.lacework.net. For an account in another cluster, such as ' +
    'acme.fra.lacework.net, set tenant to acme and base-url to https://acme.fra.lacework.net.'
  )
}
