import { type VendorResponse, headerValue } from '../http.js'
import { isObject, parseJsonText, readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext } from './types.js'

// CrowdStrike Falcon OAuth2, as the official SDKs implement it:
// - clouds and hosts: CrowdStrike/falconpy src/falconpy/_enum/_base_url.py (BaseURL) and
//   CrowdStrike/psfalcon public/oauth2.ps1 (Request-FalconToken, 'Cloud' -> 'Hostname').
// - POST /oauth2/token, form client_id, client_secret and optional member_cid (the child CID of a
//   Flight Control parent): falconpy src/falconpy/_endpoint/_oauth2.py and _util/_auth.py
//   (login_payloads). Success is 201 with access_token and expires_in (falconpy
//   _auth_object/_falcon_interface.py, _login_handler); tokens live 30 minutes (_oauth2.py).
// - POST /oauth2/revoke, header `basic base64(client_id:client_secret)` of the raw values, form
//   token=: falconpy _util/_auth.py (logout_payloads) and _util/_functions.py (generate_b64cred);
//   psfalcon Revoke-FalconToken.
// - A CID is 32 hex characters, optionally with a '-XX' checksum (the CCID), which is dropped and
//   the rest lower-cased before it is sent: psfalcon private/Private.ps1 (Confirm-CidValue) and the
//   MemberCid pattern of Request-FalconToken.
// - A client of another cloud is answered 308 with X-Cs-Region naming its cloud
//   (CrowdStrike/ansible_collection_falcon issue 86), or 403 (CrowdStrike/falcon-scripts PR 294);
//   errors come as {"errors": [{"code", "message"}]}.
// - Cloud discovery: the SDKs ask again at the cloud that X-Cs-Region names, with the host from their
//   own table: psfalcon public/oauth2.ps1 (Request-FalconToken retries a 308 at the mapped Hostname),
//   falconpy _util/_functions.py (autodiscover_region) and gofalcon falcon/cloud.go (Autodiscover).
//   So does this action (regionOfRefusal), once, and never when base-url is set.
// - A 403 with the single message "access denied, authorization failed" is IP-based allowlisting
//   refusing the caller's address: gofalcon falcon/cloud.go (Autodiscover).
// - A 429 says when the limit resets in X-RateLimit-RetryAfter (Unix seconds): gofalcon
//   falcon/api_client.go (parseRetryAfter); http.ts waits for it.
// - us-3: CrowdStrike/gofalcon falcon/cloud.go (added June 2026), as CrowdStrike's scripts list it too.
const CROWDSTRIKE_CLOUDS: Readonly<Record<string, string>> = {
  'us-1': 'https://api.crowdstrike.com',
  'us-2': 'https://api.us-2.crowdstrike.com',
  'us-3': 'https://api.us-3.crowdstrike.com',
  'eu-1': 'https://api.eu-1.crowdstrike.com',
  'us-gov-1': 'https://api.laggar.gcw.crowdstrike.com',
  'us-gov-2': 'https://api.us-gov-2.crowdstrike.mil'
}
const CLOUD_NAMES = Object.keys(CROWDSTRIKE_CLOUDS).join(', ')

const CID = /^([0-9a-f]{32})(?:-\w{2})?$/i

export const crowdstrike: Vendor = {
  id: 'crowdstrike',
  title: 'CrowdStrike Falcon',
  defaultEnvVar: 'CROWDSTRIKE_ACCESS_TOKEN',
  defaultBaseUrl: CROWDSTRIKE_CLOUDS['us-1'],
  regions: CROWDSTRIKE_CLOUDS,
  required: ['client-id', 'client-secret'],
  optional: ['member-cid'],
  checks: { 'member-cid': checkMemberCid },

  tokenRequest: (context) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth2/token`, context, 'client_secret_post', {
      member_cid: memberCid(context)
    }),

  readToken: readOAuth2Token,

  refusalHints: {
    308: otherCloudHint,
    400: 'Check client-id and client-secret.',
    401: credentialsHint,
    403: (context, response) => (isIpAllowlistRefusal(response) ? IP_ALLOWLIST_HINT : credentialsHint(context))
  },

  regionOfRefusal: (response) => (response.status === 308 ? cloudOf(response) : undefined),

  canRevoke: () => true,

  // The same client authenticates the revocation, as a Basic header of the raw id:secret.
  revocationRequest: (context, token) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth2/revoke`, context, 'raw_basic', { token })
}

function checkMemberCid(value: string): string | undefined {
  if (CID.test(value)) return undefined
  return 'is not a CrowdStrike CID: use the child CID of 32 hexadecimal characters, optionally with its checksum (e.g. -A1).'
}

/** The CID as CrowdStrike expects member_cid: without the checksum, in lower case. */
function memberCid(context: VendorContext): string | undefined {
  return CID.exec(context.input('member-cid'))?.[1].toLowerCase()
}

function host(context: VendorContext): string {
  return new URL(context.baseUrl).host
}

/** The cloud that X-Cs-Region names, when it is one of the table's; never the header's other text. */
function cloudOf(response: VendorResponse): string | undefined {
  const cloud = headerValue(response, 'x-cs-region').trim().toLowerCase()
  return Object.hasOwn(CROWDSTRIKE_CLOUDS, cloud) ? cloud : undefined
}

/** base-url wins over region: a host that is not one of the clouds' is the user's own. */
function isCustomBaseUrl(context: VendorContext): boolean {
  return !Object.values(CROWDSTRIKE_CLOUDS).includes(context.baseUrl)
}

/** A 308 that discovery did not follow: base-url is set, the cloud is unknown, or it was asked already. */
function otherCloudHint(context: VendorContext, response: VendorResponse): string {
  const cloud = cloudOf(response)
  if (isCustomBaseUrl(context)) {
    return cloud
      ? `the API client belongs to the ${cloud} cloud (${new URL(CROWDSTRIKE_CLOUDS[cloud]).host}), not to base-url ${host(context)}: ` +
          `set base-url to that cloud's API host, or remove base-url and set region to ${cloud}.`
      : `the API client belongs to another cloud than base-url ${host(context)}: set base-url to its cloud's API host.`
  }
  return cloud
    ? `the API client belongs to the ${cloud} cloud: set region to ${cloud}.`
    : `the API client belongs to another cloud than ${host(context)}: set region to its cloud (${CLOUD_NAMES}), ` +
        'or base-url to the API host of a cloud not listed here.'
}

function credentialsHint(context: VendorContext): string {
  const memberCidHint = context.input('member-cid')
    ? ', and that this parent client may act for member-cid (a child CID in Flight Control)'
    : ''
  const setting = isCustomBaseUrl(context)
    ? "base-url must be the API host of the API client's cloud"
    : "region must be the API client's cloud"
  return (
    `Check client-id and client-secret${memberCidHint}. A client of another cloud is refused too: ` +
    `${setting} (${CLOUD_NAMES}; now ${host(context)}).`
  )
}

const IP_ALLOWLIST_MESSAGE = 'access denied, authorization failed'
const IP_ALLOWLIST_HINT =
  "CrowdStrike answers this when the runner's IP address is not on the API client's IP allowlist: allow the " +
  "runner's address in the Falcon console's IP-based allowlisting, or run this step on a runner whose address is allowed."

/** gofalcon's test: the errors list holds just this message. Read, never echoed. */
function isIpAllowlistRefusal(response: VendorResponse): boolean {
  let json: unknown
  try {
    json = parseJsonText(response.body)
  } catch /* Stryker disable next-line BlockStatement: equivalent, json left undefined is no such refusal too */ {
    return false
  }
  const errors = isObject(json) ? json.errors : undefined
  if (!Array.isArray(errors) || errors.length !== 1 || !isObject(errors[0])) return false
  const message = errors[0].message
  return typeof message === 'string' && message.trim().toLowerCase() === IP_ALLOWLIST_MESSAGE
}
