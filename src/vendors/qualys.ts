import { ActionError } from '../errors.js'
import { parseJsonText } from '../token-response.js'
import { B64TOKEN_RULE, isB64Token } from '../token-syntax.js'
import type { VendorResponse } from '../http.js'
import type { IssuedToken, Vendor, VendorContext } from './types.js'

// Qualys, sources:
// - Platform -> API gateway: Qualys's list at https://www.qualys.com/platform-identification/ ("API
//   Gateway" rows). GOV1 (platform qualysguard.gov1.qualys.us) is missing on purpose: its gateway row
//   could not be read there, and the candidates disagree (community scripts use gateway.gov1.qualys.us,
//   while Qualys's Jenkins plugins would derive qualysgateway.gov1.qualys.us, below). GOV1 users set base-url.
// - Private cloud platforms: qualysguard.<domain> -> https://qualysgateway.<domain> (base-url), as
//   getGatewayUrl derives it in Qualys's jenkinsci/qualys-iac-security-plugin (util/Helper.java) and
//   jenkinsci/qualys-was-plugin (util/Helper.java).
// - POST /auth/oauth (subscription-level client) or /auth/oidc (user-level client), headers clientId
//   and clientSecret, empty body; the answer is the JWT as text, valid 4 hours:
//   https://docs.qualys.com/en/oauth/oauth-phase2/oauth_ui/generate_authentication_token.htm
// - Qualys's own plugins ask /auth/oidc (the two Jenkins plugins above, oAuthEndpoint), and some modules
//   accept only user-level clients: WAS (https://docs.qualys.com/en/was/api/get_started/user_account.htm),
//   Qualys Flow (https://docs.qualys.com/en/qflow/latest/mergedProjects/apis/introduction/api_authentication.htm).
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
  // This action's own name: Qualys's GitHub actions read no token variable (Qualys/github_action_qiac
  // takes CLIENTID and CLIENTSECRET, Qualys/github-action-qwas a user name and password for Basic).
  defaultEnvVar: 'QUALYS_ACCESS_TOKEN',
  regions: QUALYS_GATEWAYS,
  regionsInUpperCase: true,
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
    "'subscription' for subscription-level, 'user' for user-level clients), and that region or base-url is your platform's API gateway. " +
    "Qualys's own tools use /auth/oidc (client-type: user), and some modules (e.g. WAS) accept only user-level clients."
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
