import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm } from './request.js'
import type { Vendor } from './types.js'

// Region -> API host, from Palo Alto's "API Client Authentication" page for SaaS Security (Data Security).
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
  'Check client-id and client-secret (generated in the SaaS Security web interface) and that region or base-url ' +
  `is the API host of your tenant (${Object.keys(APERTURE_REGIONS).join(', ')}).`

export const paloaltoSaas: Vendor = {
  id: 'paloalto-saas',
  title: 'Palo Alto Networks SaaS Security',
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
