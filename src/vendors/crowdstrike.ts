import { headerValue } from '../http.js'
import { readOAuth2Token } from '../token-response.js'
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
//   (CrowdStrike/ansible_collection_falcon issue 86; psfalcon and falconpy follow that header), or
//   403 (CrowdStrike/falcon-scripts PR 294); errors come as {"errors": [{"code", "message"}]}.
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
    308: (context, response) => {
      const cloud = headerValue(response, 'x-cs-region').trim().toLowerCase()
      return Object.hasOwn(CROWDSTRIKE_CLOUDS, cloud)
        ? `the API client belongs to the ${cloud} cloud: set region to ${cloud}.`
        : `the API client belongs to another cloud than ${host(context)}: set region to its cloud (${CLOUD_NAMES}).`
    },
    400: 'Check client-id and client-secret.',
    401: credentialsHint,
    403: credentialsHint
  },

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

function credentialsHint(context: VendorContext): string {
  const memberCidHint = context.input('member-cid')
    ? ', and that this parent client may act for member-cid (a child CID in Flight Control)'
    : ''
  return (
    `Check client-id and client-secret${memberCidHint}. A client of another cloud is refused too: ` +
    `region must be the API client's cloud (${CLOUD_NAMES}; now ${host(context)}).`
  )
}
