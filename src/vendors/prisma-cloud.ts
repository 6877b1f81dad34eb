import { type VendorResponse, headerValue } from '../http.js'
import { isObject, parseJsonObject, parseJsonText, requireTokenString } from '../token-response.js'
import type { Vendor, VendorContext } from './types.js'
import { jsonRequest } from './request.js'

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
// - A refusal's reason is in the x-redlock-status response header (products/prisma-cloud/api/cspm/api-errors.md),
//   a JSON list of {i18nKey, severity, subject}, as the official Go SDK reads it: PaloAltoNetworks/prisma-cloud-go
//   client.go, (*Client).communicate, into error.go PrismaCloudError. The SDK does not read it on a 401; this
//   action does, because /login's 401 is where the two documented reasons come (Login.json above).
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

  // The access key's secret in the body is masked with its input, JSON-escaped form included (masking.ts).
  tokenRequest: (context) =>
    jsonRequest(
      `${context.baseUrl}/login`,
      { username: context.input('client-id'), password: context.input('client-secret') },
      { 'Content-Type': 'application/json; charset=UTF-8' }
    ),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return { token: requireTokenString(json.token, title, 'token'), tokenType: 'Bearer' }
  },

  refusalHints: { 401: refusalHint, 403: refusalHint }
}

// The header is the vendor's text: only i18nKey values shaped like keys are shown, never the subject, which can
// name a user or echo a value. A header longer than any real list of reasons is not read at all.
const MAX_STATUS_HEADER_CHARS = 4096
const MAX_REASONS_SHOWN = 3
const I18N_KEY = /^[A-Za-z0-9_.-]{1,64}$/

/** What each documented reason means, and what to change (Login.json, app-login: 401). */
const REASON_ADVICE: ReadonlyMap<string, (context: VendorContext) => string> = new Map([
  [
    'invalid_credentials',
    (context: VendorContext) =>
      'The access key ID (client-id) or its secret key (client-secret) is wrong, or the key expired or was made ' +
      `inactive (Settings > Access Control > Access Keys). ${stackAdvice(context)}`
  ],
  [
    'sso_enabled_password_login_attempt',
    () =>
      'That is a user name and password where single sign-on is enabled: set client-id and client-secret to an ' +
      "access key ID and its secret key (Settings > Access Control > Access Keys), not a user's login."
  ]
])

/** The header's reasons, when it has any, then what they mean; without a reason Prisma Cloud explains, the general advice. */
function refusalHint(context: VendorContext, response: VendorResponse): string {
  const reasons = refusalReasons(response)
  const shown = reasons.slice(0, MAX_REASONS_SHOWN)
  const more = reasons.length > shown.length ? ` (and ${reasons.length - shown.length} more)` : ''
  const said = shown.length > 0 ? `Prisma Cloud says: ${shown.join(', ')}${more}. ` : ''
  const advice = shown.flatMap((reason) => REASON_ADVICE.get(reason)?.(context) ?? [])
  return said + (advice.length > 0 ? advice.join(' ') : credentialsHint(context))
}

/** The distinct key-shaped i18nKey values of x-redlock-status, in order; none when it is absent or malformed. */
function refusalReasons(response: VendorResponse): string[] {
  const header = headerValue(response, 'x-redlock-status')
  // Stryker disable next-line StringLiteral: equivalent, an empty header is not JSON either, so it has no reasons
  if (header === '' || header.length > MAX_STATUS_HEADER_CHARS) return []
  let statuses: unknown
  try {
    statuses = parseJsonText(header)
  } catch /* Stryker disable next-line BlockStatement: equivalent, statuses left undefined is no reason too */ {
    return []
  }
  if (!Array.isArray(statuses)) return []
  const keys = statuses.map((status) => (isObject(status) ? status.i18nKey : undefined))
  return [...new Set(keys.filter((key): key is string => typeof key === 'string' && I18N_KEY.test(key)))]
}

function credentialsHint(context: VendorContext): string {
  return (
    'Check client-id (the access key ID) and client-secret (its secret key): an access key that expired or was ' +
    `disabled is refused, and so is a user name and password where SSO is enabled. ${stackAdvice(context)}`
  )
}

function stackAdvice(context: VendorContext): string {
  return (
    "An access key works only on its own tenant's stack: region or base-url must match your console URL " +
    `(now ${new URL(context.baseUrl).host}; e.g. region app2.eu for https://app2.eu.prismacloud.io).`
  )
}
