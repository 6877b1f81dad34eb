import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

// Palo Alto Networks Data Security (Strata Cloud Manager), formerly documented as the SaaS Security API:
// the hosts still say aperture / prisma-saas. Sources:
// - Region -> API host: "API Client Authentication",
//   https://docs.paloaltonetworks.com/saas-security/data-security/syslog-and-api-integration/api-client-integration/api-client-authentication
// - POST /oauth/token, Basic Base64(client_id:client_secret), form grant_type=client_credentials and
//   scope=api_access; a missing expires_in means the token does not expire: "Retrieve a Token",
//   https://docs.paloaltonetworks.com/saas-security/data-security/syslog-and-api-integration/api-client-integration/retrieve-a-token
// - 401 without or with invalid credentials: "Authentication Errors",
//   https://docs.paloaltonetworks.com/saas-security/data-security/syslog-and-api-integration/api-client-integration/authentication-errors
const APERTURE_REGIONS: Readonly<Record<string, string>> = {
  us: 'https://api.aperture.paloaltonetworks.com',
  eu: 'https://api.aperture-eu.paloaltonetworks.com',
  apac: 'https://api.aperture-apac.paloaltonetworks.com',
  uk: 'https://api.aperture-uk.paloaltonetworks.com',
  in1: 'https://api.in1.prisma-saas.paloaltonetworks.com',
  au1: 'https://api.au1.prisma-saas.paloaltonetworks.com',
  uk2: 'https://api.uk2.prisma-saas.paloaltonetworks.com',
  jp1: 'https://api.jp1.prisma-saas.paloaltonetworks.com'
}

const CREDENTIALS_HINT =
  'Check client-id and client-secret (of the API client added under Settings > Directory & External Services in ' +
  'Data Security, the SaaS Security web interface) and that region or base-url is the API host of your tenant ' +
  `(${Object.keys(APERTURE_REGIONS).join(', ')}: api.aperture*.paloaltonetworks.com or api.*.prisma-saas.paloaltonetworks.com).`

export const paloaltoSaas: Vendor = {
  id: 'paloalto-saas',
  title: 'Palo Alto Networks Data Security (SaaS Security)',
  defaultEnvVar: 'PALOALTO_SAAS_ACCESS_TOKEN',
  defaultBaseUrl: APERTURE_REGIONS.us,
  regions: APERTURE_REGIONS,
  required: ['client-id', 'client-secret'],
  optional: ['scope'],
  defaults: { scope: 'api_access' },

  // Palo Alto documents the header as Base64(client_id:client_secret), not form-encoded first.
  tokenRequest: (context) =>
    clientAuthenticatedForm(`${context.baseUrl}/oauth/token`, context, 'raw_basic', {
      grant_type: 'client_credentials',
      scope: context.input('scope')
    }),

  // A missing expires_in means the token does not expire: no expiry is invented.
  readToken: readOAuth2Token,

  refusalHints: { 401: CREDENTIALS_HINT, 403: CREDENTIALS_HINT }
}
