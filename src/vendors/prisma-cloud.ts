import { parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor, VendorContext } from './types.js'

// Prisma Cloud (CSPM) access keys, from pan.dev (PaloAltoNetworks/pan.dev):
// - API hosts: products/prisma-cloud/api/cspm/apiurls.md ("API URLs": console URL -> API URL). The
//   region names here are the console host's labels before .prismacloud (app2.eu for
//   https://app2.eu.prismacloud.io). The docs name no default: region or base-url is required.
// - POST /login, JSON {"username": access key ID, "password": secret key}; 200 answers
//   {"token": JWT, "message", "customerNames"}; 401 is invalid_credentials or
//   sso_enabled_password_login_attempt; 429 too many requests: openapi-specs/cspm/Login.json (app-login).
// - The JWT is valid for 10 minutes and is sent as the x-redlock-auth header (Login.json info;
//   products/prisma-cloud/api/cspm/api-headers.md). No expiry field: expiry.ts reads the JWT exp.
// - No revocation is documented (only GET /auth_token/extend, to renew).
const PRISMA_CLOUD_API_HOSTS: Readonly<Record<string, string>> = {
  app: 'https://api.prismacloud.io',
  app2: 'https://api2.prismacloud.io',
  app3: 'https://api3.prismacloud.io',
  app4: 'https://api4.prismacloud.io',
  'app.anz': 'https://api.anz.prismacloud.io',
  'app.eu': 'https://api.eu.prismacloud.io',
  'app2.eu': 'https://api2.eu.prismacloud.io',
  'app.gov': 'https://api.gov.prismacloud.io',
  'app.cn': 'https://api.prismacloud.cn',
  'app.ca': 'https://api.ca.prismacloud.io',
  'app.sg': 'https://api.sg.prismacloud.io',
  'app.uk': 'https://api.uk.prismacloud.io',
  'app.ind': 'https://api.ind.prismacloud.io',
  'app.jp': 'https://api.jp.prismacloud.io',
  'app.fr': 'https://api.fr.prismacloud.io',
  'app.id': 'https://api.id.prismacloud.io'
}

export const prismaCloud: Vendor = {
  id: 'prisma-cloud',
  title: 'Prisma Cloud',
  defaultEnvVar: 'PRISMA_CLOUD_ACCESS_TOKEN',
  regions: PRISMA_CLOUD_API_HOSTS,
  required: ['client-id', 'client-secret'],
  optional: [],

  tokenRequest: (context) => ({
    url: `${context.baseUrl}/login`,
    headers: { 'Content-Type': 'application/json; charset=UTF-8', Accept: 'application/json' },
    body: JSON.stringify({ username: context.input('client-id'), password: context.input('client-secret') }),
    // The secret's JSON-escaped form is masked with the input (masking.ts).
    derivedSecrets: []
  }),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return { token: requireTokenString(json.token, title, 'token'), tokenType: 'Bearer' }
  },

  refusalHints: { 401: credentialsHint, 403: credentialsHint }
}

function credentialsHint(context: VendorContext): string {
  return (
    'Check client-id (the access key ID) and client-secret (its secret key): an access key that expired or was ' +
    'disabled is refused, and so is a user name and password where SSO is enabled. An access key works only on ' +
    `its own tenant's stack: region or base-url must match your console URL (now ${new URL(context.baseUrl).host}; ` +
    'e.g. region app2.eu for https://app2.eu.prismacloud.io).'
  )
}
