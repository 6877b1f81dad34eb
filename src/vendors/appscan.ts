import { parseJsonObject, requireTokenString } from '../token-response.js'
import type { Vendor, VendorInputs } from './types.js'
import { jsonRequest } from './request.js'

const NORTH_AMERICA = 'https://cloud.appscan.com'
const EUROPE = 'https://eu.cloud.appscan.com'

const CREDENTIALS_HINT =
  'Check client-id (the Key ID) and client-secret (the Key Secret); that the key was not replaced (generating a new ' +
  'key expires the previous one at once), revoked or expired; and the data center: region eu (eu.cloud.appscan.com) ' +
  'for a key made there, or base-url for AppScan 360°.'

/**
 * HCL AppScan on Cloud (ASoC): POST https://cloud.appscan.com/api/v4/Account/ApiKeyLogin (Europe:
 * https://eu.cloud.appscan.com) with the API key as JSON {"keyId", "keySecret"}; success is 200 or 201 and the
 * bearer token is the answer's `Token`, spelled so (a `token` field is not it). The answer's lifetime field is not
 * in HCL's public clients: the expiry comes from the token's JWT exp when it has one. No revocation is documented.
 * Sources: HCL's official GitHub action HCL-TECH-SOFTWARE/appscan-sast-action src/asoc.js (login: the JSON body,
 * 200/201, responseJson.Token), src/constants.js (SERVICE_URL, EU_SERVICE_URL, API_LOGIN) and src/settings.js
 * (getServiceUrl: a Key ID starting eu-central is a European key); HCL-TECH-SOFTWARE/appscan-issue-gateway-2
 * (the same body and Token); "Generating API Keys" and "REST API" in HCL's docs
 * (https://help.hcl-software.com/appscan/ASoC/appseccloud_generate_api_key_cm.html, .../appseccloud_rest_apis.html:
 * the two data centers and /api/v4/Account/ApiKeyLogin). The docs give no JSON spelling of the fields: this module
 * spells them as HCL's own clients do.
 */
export const appscan: Vendor = {
  id: 'appscan',
  title: 'AppScan on Cloud',
  defaultEnvVar: 'APPSCAN_ACCESS_TOKEN',
  defaultBaseUrl: NORTH_AMERICA,
  regions: { na: NORTH_AMERICA, eu: EUROPE },
  baseUrlFrom: dataCenterOfKey,
  required: ['client-id', 'client-secret'],
  optional: [],

  tokenRequest: (context) =>
    jsonRequest(`${context.baseUrl}/api/v4/Account/ApiKeyLogin`, {
      keyId: context.input('client-id'),
      keySecret: context.input('client-secret')
    }),

  readToken(response, title) {
    const json = parseJsonObject(response, title)
    return { token: requireTokenString(json.Token, title, 'Token'), tokenType: 'Bearer' }
  },

  refusalHints: {
    400: 'AppScan on Cloud found the request invalid: check client-id (the Key ID) and client-secret (the Key Secret).',
    401: CREDENTIALS_HINT,
    403: CREDENTIALS_HINT
  }
}

/** Without region or base-url, as HCL's appscan-sast-action picks it: a Key ID starting eu-central is European. */
function dataCenterOfKey(inputs: VendorInputs): string {
  return inputs.input('client-id').startsWith('eu-central') ? EUROPE : NORTH_AMERICA
}
