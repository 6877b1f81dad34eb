import { ActionError } from '../errors.js'
import { parseJsonText } from '../token-response.js'
import { B64TOKEN_RULE, isB64Token } from '../token-syntax.js'
import type { VendorResponse } from '../http.js'
import type { IssuedToken, Vendor, VendorContext } from './types.js'

// Qualys platform -> API gateway, from Qualys's own list at
// https://www.qualys.com/platform-identification/ ("API Gateway URL" column).
const QUALYS_GATEWAYS: Readonly<Record<string, string>> = {
  us1: 'https://gateway.qg1.apps.qualys.com',
  us2: 'https://gateway.qg2.apps.qualys.com',
  us3: 'https://gateway.qg3.apps.qualys.com',
  us4: 'https://gateway.qg4.apps.qualys.com',
  eu1: 'https://gateway.qg1.apps.qualys.eu',
  eu2: 'https://gateway.qg2.apps.qualys.eu',
  eu3: 'https://gateway.qg3.apps.qualys.it',
  in1: 'https://gateway.qg1.apps.qualys.in',
  ca1: 'https://gateway.qg1.apps.qualys.ca',
  ae1: 'https://gateway.qg1.apps.qualys.ae',
  uk1: 'https://gateway.qg1.apps.qualys.co.uk',
  au1: 'https://gateway.qg1.apps.qualys.com.au',
  ksa1: 'https://gateway.qg1.apps.qualysksa.com'
}

// Subscription-level clients authenticate at /auth/oauth, user-level ones at /auth/oidc.
const PATH_BY_CLIENT_TYPE: Readonly<Record<string, string>> = { subscription: '/auth/oauth', user: '/auth/oidc' }

export const qualys: Vendor = {
  id: 'qualys',
  title: 'Qualys',
  // The variable Qualys's own GitHub actions read.
  defaultEnvVar: 'QUALYS_ACCESS_TOKEN',
  regions: QUALYS_GATEWAYS,
  required: ['client-id', 'client-secret'],
  optional: ['client-type'],
  defaults: { 'client-type': 'subscription' },
  choices: { 'client-type': Object.keys(PATH_BY_CLIENT_TYPE) },

  tokenRequest: (context) => ({
    url: `${context.baseUrl}${PATH_BY_CLIENT_TYPE[context.input('client-type')]}`,
    // What `curl --data-raw ''` sends, as in Qualys's examples.
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'text/plain, application/json',
      clientId: context.input('client-id'),
      clientSecret: context.input('client-secret')
    },
    body: '',
    derivedSecrets: []
  }),

  readToken: readQualysToken,

  refusalHints: { 401: credentialsHint, 403: credentialsHint }
}

function credentialsHint(context: VendorContext): string {
  return (
    `Check client-id and client-secret, that client-type matches the client (now '${context.input('client-type')}': ` +
    "'subscription' for subscription-level, 'user' for user-level clients), and that region or base-url is your platform's API gateway."
  )
}

/** The body is the raw JWT text. Anything that does not look like a token is an error, not a token. */
function readQualysToken(response: VendorResponse, title: string): IssuedToken {
  // trim() also drops a byte order mark.
  const body = response.body.trim()
  if (isJsonStructure(body)) {
    throw new ActionError(
      `${title} answered HTTP ${response.status} with JSON instead of a token. ` +
        "Check client-id, client-secret and client-type, and that region or base-url is your platform's API gateway."
    )
  }
  // An empty body is explained by the shared token check.
  if (body !== '' && !isB64Token(body)) {
    throw new ActionError(
      `${title} answered HTTP ${response.status} with text that is not a token (a JWT or an RFC 6750 token: ${B64TOKEN_RULE}). ` +
        "Check that region or base-url is your platform's API gateway, not a web page or a proxy."
    )
  }
  return { token: body, tokenType: 'Bearer' }
}

function isJsonStructure(text: string): boolean {
  if (!/^[[{]/.test(text)) return false
  try {
    parseJsonText(text)
    return true
  } catch {
    return false
  }
}
