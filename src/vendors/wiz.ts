import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext } from './types.js'

// Wiz service accounts, OAuth2 client credentials:
// - POST https://auth.app.wiz.io/oauth/token, form grant_type=client_credentials, client_id,
//   client_secret, audience: the curl from Wiz's docs quoted in trufflesecurity/trufflehog PR 2691,
//   and the Wiz-maintained XSOAR integration demisto/content Packs/Wiz/Integrations/Wiz/Wiz.py
//   (get_token, which reads access_token from a 200 answer).
// - Hosts: Wiz.py builds its "Cognito" token URLs from COGNITO_PREFIX (auth.app, auth.gov, auth.test)
//   under URL_SUFFIX wiz.io and URL_SUFFIX_FED wiz.us, and its legacy "Auth0" ones from AUTH0_PREFIX
//   (auth, auth0.gov, auth0.test) under wiz.io. auth.app.wiz.us is Wiz for Government (FedRAMP);
//   auth.gov.wiz.io is on wiz.io, Wiz commercial hosted in AWS GovCloud. Hence the region names:
//   `fedramp` for the first, `commercial-govcloud` for the second. `gov`, which named auth.gov.wiz.io
//   until this release, is refused: a FedRAMP user would read it as their own.
// - Audience: get_token sends beyond-api to the Auth0 hosts and wiz-api to the Cognito ones. The
//   Auth0 hosts are being retired (Wiz.py: AUTH_DEFAULT "NEED TO BE REMOVED AFTER THAT AUTH0 IS
//   DEPRECATED"), so they are reachable by base-url only, which still picks beyond-api for them.
// - The answer may carry a refresh_token: readOAuth2Token masks it and never outputs it.
// Wiz's own docs (docs.wiz.io) need a login; the fields above could not be read there.
const WIZ_AUTH_HOSTS: Readonly<Record<string, string>> = {
  commercial: 'https://auth.app.wiz.io',
  fedramp: 'https://auth.app.wiz.us',
  'commercial-govcloud': 'https://auth.gov.wiz.io'
}

/** Wiz.py AUTH0_PREFIX under wiz.io: the legacy Auth0 token hosts, which expect audience beyond-api. */
const AUTH0_HOSTS: readonly string[] = ['auth.wiz.io', 'auth0.gov.wiz.io', 'auth0.test.wiz.io']

const HOSTS_TEXT =
  'commercial auth.app.wiz.io, fedramp (Wiz for Government) auth.app.wiz.us, ' +
  'commercial-govcloud (Wiz commercial in AWS GovCloud) auth.gov.wiz.io'

export const wiz: Vendor = {
  id: 'wiz',
  title: 'Wiz',
  defaultEnvVar: 'WIZ_ACCESS_TOKEN',
  defaultBaseUrl: WIZ_AUTH_HOSTS.commercial,
  regions: WIZ_AUTH_HOSTS,
  refusedRegions: {
    gov:
      "is ambiguous for vendor 'wiz', so it is refused. Use fedramp for Wiz for Government (FedRAMP, auth.app.wiz.us), " +
      'or commercial-govcloud for Wiz commercial hosted in AWS GovCloud (auth.gov.wiz.io, what gov meant before).'
  },
  required: ['client-id', 'client-secret'],
  optional: ['audience'],

  tokenRequest: (context) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth/token`, context, 'client_secret_post', {
      grant_type: 'client_credentials',
      audience: audienceFor(context)
    }),

  readToken: readOAuth2Token,

  refusalHints: {
    400: (context) =>
      `Check audience (now ${audienceFor(context)}: Wiz service accounts use wiz-api, or beyond-api at the legacy ` +
      `Auth0 hosts ${AUTH0_HOSTS.join(', ')}), client-id and client-secret.`,
    401: credentialsHint,
    403: credentialsHint
  }
}

/** The audience input, or what Wiz.py get_token sends to this host: beyond-api for Auth0, wiz-api otherwise. */
function audienceFor(context: VendorContext): string {
  const given = context.input('audience')
  if (given) return given
  return AUTH0_HOSTS.includes(new URL(context.baseUrl).hostname) ? 'beyond-api' : 'wiz-api'
}

function credentialsHint(context: VendorContext): string {
  return (
    `Check client-id and client-secret (a Wiz service account), and that region or base-url is your tenant's ` +
    `authentication URL (now ${new URL(context.baseUrl).host}): ${HOSTS_TEXT}.`
  )
}
