import type { Vendor } from './types.js'

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

  // The body is the raw JWT text.
  readToken: (response) => ({ token: response.body.trim(), tokenType: 'Bearer' }),

  refusalHint: (status, context) =>
    status === 401 || status === 403
      ? `Check client-id and client-secret, that client-type matches the client (now '${context.input('client-type')}': ` +
        "'subscription' for subscription-level, 'user' for user-level clients), and that region or base-url is your platform's API gateway."
      : undefined
}
