import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext } from './types.js'

// OpenText Fortify on Demand (FoD) API keys, OAuth2 client credentials, as Fortify's CLI does it
// (fortify/fcli, module fcli-fod):
// - POST {API URL}/oauth/token, form scope, grant_type=client_credentials, client_id, client_secret:
//   _common/session/helper/oauth/FoDOAuthHelper.java (createToken, generateTokenRequest). The scope
//   defaults to api-tenant (_common/session/cli/mixin/FoDSessionLoginOptions.java, --scopes); fcli joins
//   several scopes with ',' and the scope input is sent as written.
// - The API URL is the portal host with 'api.' in front: _common/rest/helper/FoDProductHelper.java
//   (getApiUrl) adds it to any host that lacks it. So does this action, for a base-url on fortify.com
//   or fortifygov.com only: any other host (a proxy, a mock) is used as given.
// - Answer: access_token and expires_in in seconds (_common/session/helper/oauth/FoDTokenCreateResponse.java,
//   setExpiresIn), token_type.
// - Data centers: api.emea.fortify.com is fcli's example API URL (FoDMessages.properties,
//   fcli.fod.session.login.url.0); api.ams.fortify.com is the FOD_API_URL of Fortify's own workflows
//   (fcli .github/workflows/fortify-analysis.yml; fortify/gha-setup-fod-uploader README). Other data
//   centers (APAC, Singapore, FedRAMP) appear only in third-party code here, so they take base-url.
// - Revocation: fcli's logout (_common/session/cli/cmd/FoDSessionLogoutCommand.java) does not revoke: FoD's
//   /oauth/retireToken is undocumented, and tokens expire in 6 hours anyway (fortify/fcli issue 422).
const FOD_DATA_CENTERS: Readonly<Record<string, string>> = {
  ams: 'https://api.ams.fortify.com',
  emea: 'https://api.emea.fortify.com'
}
const FOD_SCOPE = 'api-tenant'
const FORTIFY_HOSTS = /(^|\.)(fortify\.com|fortifygov\.com)$/i
const DATA_CENTERS_TEXT = Object.entries(FOD_DATA_CENTERS)
  .map(([region, url]) => `${region} ${new URL(url).host}`)
  .join(', ')

export const fortifyOnDemand: Vendor = {
  id: 'fortify-on-demand',
  title: 'Fortify on Demand',
  defaultEnvVar: 'FORTIFY_ON_DEMAND_ACCESS_TOKEN',
  regions: FOD_DATA_CENTERS,
  // Data centers whose API URL no Fortify source here confirms: the portal URL in base-url finds it.
  refusedRegions: Object.fromEntries(
    ['apac', 'sgp', 'fed'].map((name) => [
      name,
      "is a data center without a confirmed API URL in this action: set base-url to the URL of your tenant's portal " +
        '(the host you sign in at, e.g. https://<data center>.fortify.com); the action asks its api. host, as fcli does.'
    ])
  ),
  required: ['client-id', 'client-secret'],
  optional: ['scope'],
  defaults: { scope: FOD_SCOPE },

  tokenRequest: (context) =>
    clientAuthenticatedForm(`${apiUrl(context.baseUrl)}/oauth/token`, context, 'client_secret_post', {
      scope: context.input('scope'),
      grant_type: 'client_credentials'
    }),

  readToken: readOAuth2Token,

  refusalHints: { 400: credentialsHint, 401: credentialsHint, 403: credentialsHint, 404: notFoundHint }
}

/** FoDProductHelper.getApiUrl: a Fortify portal URL (https://emea.fortify.com) becomes its API URL. */
function apiUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (FORTIFY_HOSTS.test(url.hostname) && !url.hostname.startsWith('api.')) url.hostname = `api.${url.hostname}`
  return url.toString().replace(/\/+$/, '')
}

function credentialsHint(context: VendorContext): string {
  return (
    'Check client-id and client-secret (an API key and its secret, from Administration > Settings > API), ' +
    `scope (now ${context.input('scope')}), and that region or base-url is your tenant's data center ` +
    `(now ${new URL(apiUrl(context.baseUrl)).host}): ${DATA_CENTERS_TEXT}; another data center by base-url.`
  )
}

function notFoundHint(context: VendorContext): string {
  return (
    `No token endpoint at ${new URL(apiUrl(context.baseUrl)).host}: set base-url to your data center's API URL, ` +
    'e.g. https://api.ams.fortify.com (the portal host with api. in front), without /oauth/token.'
  )
}
