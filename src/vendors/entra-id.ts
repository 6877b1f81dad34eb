import {
  certificateMatchesKey,
  certificateProblem,
  signClientAssertion,
  signingKeyProblem
} from '../client-assertion.js'
import type { TokenRequest, VendorResponse } from '../http.js'
import { isObject, parseJsonText, readOAuth2Token } from '../token-response.js'
import { clientAssertionForm, clientAuthenticatedForm } from './request.js'
import type { Vendor, VendorContext, VendorInputs } from './types.js'

// Microsoft Entra ID (Azure AD), the OAuth 2.0 client credentials grant of the Microsoft identity platform:
// - POST https://{login host}/{tenant}/oauth2/v2.0/token, form grant_type=client_credentials, client_id, scope
//   ({resource}/.default), and one credential: client_secret, or client_assertion_type jwt-bearer with a
//   client_assertion. https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// - Certificate credentials: the assertion is signed by the certificate's key; header alg PS256 ("Should be
//   PS256", PSS padding), typ JWT, x5t#S256 = base64url SHA-256 thumbprint of the certificate's DER; claims
//   aud = the token URL, iss = sub = the client id, jti, nbf, exp (5-10 minutes at most), iat.
//   https://learn.microsoft.com/entra/identity-platform/certificate-credentials
// - Workload identity federation: the job's GitHub ID token is the client_assertion, for the audience the
//   app's federated credential names: api://AzureADTokenExchange in the public cloud,
//   api://AzureADTokenExchangeUSGov (Fairfax) and api://AzureADTokenExchangeChina (Mooncake), as listed in
//   https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
//   and in MSAL.NET's KnownCloudConfiguration (AzureAD/microsoft-authentication-library-for-dotnet,
//   TokenExchangeAudience per cloud). The login hosts are azure-identity's AzureAuthorityHosts
//   (login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn); MSAL.NET lists
//   login.partner.microsoftonline.cn as the same China cloud, reachable with base-url.
// - Scopes: Defender for Endpoint https://api.securitycenter.microsoft.com/.default
//   (https://learn.microsoft.com/defender-endpoint/api/exposed-apis-create-app-webapp), Defender XDR
//   https://api.security.microsoft.com/.default (https://learn.microsoft.com/defender-xdr/api-create-app-web),
//   Microsoft Graph https://graph.microsoft.com/.default.
// - Refusals carry AADSTS codes in error_codes and error_description
//   (https://learn.microsoft.com/entra/identity-platform/reference-error-codes); the hints read only the code.
// Entra ID documents no revocation of an access token it issued: it stays valid until it expires.
const LOGIN_HOSTS: Readonly<Record<string, string>> = {
  public: 'https://login.microsoftonline.com',
  usgov: 'https://login.microsoftonline.us',
  china: 'https://login.chinacloudapi.cn'
}

/** The federated credential audience of each cloud, by login host (MSAL.NET's aliases included). */
const FEDERATION_AUDIENCES: Readonly<Record<string, string>> = {
  'login.microsoftonline.us': 'api://AzureADTokenExchangeUSGov',
  'login.usgovcloudapi.net': 'api://AzureADTokenExchangeUSGov',
  'login.chinacloudapi.cn': 'api://AzureADTokenExchangeChina',
  'login.partner.microsoftonline.cn': 'api://AzureADTokenExchangeChina'
}
const PUBLIC_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange'

const SCOPES_TEXT =
  'https://api.securitycenter.microsoft.com/.default (Defender for Endpoint), ' +
  'https://api.security.microsoft.com/.default (Defender XDR) or https://graph.microsoft.com/.default (Microsoft Graph)'

// Certificate credentials are signed PS256, as Microsoft's page says; RS256 is its older form.
const CERTIFICATE_ALGORITHM = 'PS256'

const CREDENTIALS_TEXT =
  "client-secret; private-key with certificate; or auth-method: github-oidc (the job's GitHub ID token)"

const CREDENTIAL_INPUTS = ['client-secret', 'private-key', 'certificate', 'auth-method'] as const

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
// Multi-tenant aliases: the client credentials grant needs the one tenant the app acts in.
const TENANT_ALIASES = ['common', 'organizations', 'consumers']

export const entraId: Vendor = {
  id: 'entra-id',
  title: 'Microsoft Entra ID',
  defaultEnvVar: 'ENTRA_ID_ACCESS_TOKEN',
  defaultBaseUrl: LOGIN_HOSTS.public,
  regions: LOGIN_HOSTS,
  required: ['tenant', 'client-id', 'scope'],
  optional: ['client-secret', 'private-key', 'certificate', 'auth-method', 'oidc-audience'],
  inputExamples: {
    tenant:
      'tenant: 00000000-0000-0000-0000-000000000000 (the Directory (tenant) ID) or tenant: contoso.onmicrosoft.com',
    'client-id': 'client-id: 00000000-0000-0000-0000-000000000000 (the Application (client) ID)',
    scope: `scope: ${SCOPES_TEXT}`
  },
  checks: {
    tenant: tenantProblem,
    scope: (value) =>
      /^\S+\/\.default$/.test(value)
        ? undefined
        : `must be one resource's /.default scope for the client credentials grant: ${SCOPES_TEXT}.`,
    'auth-method': (value) =>
      value.toLowerCase() === 'github-oidc'
        ? undefined
        : `is either github-oidc or not set for vendor 'entra-id': the credential given selects the method (${CREDENTIALS_TEXT}).`,
    certificate: (value) => certificateProblem(value)
  },
  validate: credentialProblem,

  async tokenRequest(context) {
    const url = `${context.baseUrl}/${encodeURIComponent(context.input('tenant'))}/oauth2/v2.0/token`
    const fields = { grant_type: 'client_credentials', scope: context.input('scope') }
    const clientId = context.input('client-id')
    if (context.input('client-secret')) return clientAuthenticatedForm(url, context, 'client_secret_post', fields)
    if (context.input('private-key')) {
      // A new assertion (new jti, new expiry) for every attempt: a retry must not look like a replay.
      const signed = (): TokenRequest => ({
        ...clientAssertionForm(url, clientId, certificateAssertion(context, url), fields),
        forRetry: signed
      })
      return signed()
    }
    const idToken = await context.githubIdToken(federationAudience(context))
    return clientAssertionForm(url, clientId, idToken, fields)
  },

  readToken: readOAuth2Token,

  refusalHints: { 400: refusalHint, 401: refusalHint }
}

function tenantProblem(value: string): string | undefined {
  if (TENANT_ALIASES.includes(value.toLowerCase())) {
    return `'${value.toLowerCase()}' names no single tenant, and the client credentials grant needs one: use the Directory (tenant) ID or a verified domain of the app's tenant.`
  }
  if (GUID.test(value) || DOMAIN.test(value)) return undefined
  return 'is not a tenant ID (a GUID, 00000000-0000-0000-0000-000000000000) or domain (contoso.onmicrosoft.com): use the Directory (tenant) ID of the app registration.'
}

/** Exactly one credential, complete and consistent, before any request. */
function credentialProblem(inputs: VendorInputs): string | undefined {
  const given = [
    inputs.input('client-secret') ? 'client-secret' : '',
    inputs.input('private-key') || inputs.input('certificate') ? 'private-key/certificate' : '',
    inputs.input('auth-method') ? 'auth-method' : ''
  ].filter(Boolean)
  if (given.length === 0) {
    return `Vendor 'entra-id' needs one credential: ${CREDENTIALS_TEXT}. For a client secret, it is empty; check the secret passed to client-secret.`
  }
  if (given.length > 1) {
    const names = CREDENTIAL_INPUTS.filter((name) => inputs.input(name))
    return `Inputs ${names.map((name) => `'${name}'`).join(', ')}: vendor 'entra-id' takes exactly one credential (${CREDENTIALS_TEXT}). Remove all but one.`
  }
  const key = inputs.input('private-key')
  const certificate = inputs.input('certificate')
  if (key && !certificate) {
    return "Input 'certificate': is required with private-key for vendor 'entra-id': the PEM certificate registered with the app (Certificates & secrets), whose thumbprint names the key."
  }
  if (certificate && !key) {
    return "Input 'private-key': is required with certificate for vendor 'entra-id': the certificate's private key, from a secret, signs the client assertion."
  }
  if (!key) return undefined
  const keyProblem = signingKeyProblem(key, CERTIFICATE_ALGORITHM, { algorithmIsInput: false })
  if (keyProblem) return keyProblem
  if (!certificateMatchesKey(certificate, key)) {
    return "Inputs 'certificate' and 'private-key': the certificate is not the private key's: pass the certificate made from this key (the one registered with the app), or the key of this certificate."
  }
  return undefined
}

function certificateAssertion(context: VendorContext, tokenUrl: string): string {
  return signClientAssertion(context.input('private-key'), CERTIFICATE_ALGORITHM, {
    clientId: context.input('client-id'),
    audience: tokenUrl,
    keyId: '',
    certificate: context.input('certificate')
  })
}

/** oidc-audience, else the federated credential audience of the login host's cloud. */
function federationAudience(context: VendorContext): string {
  const host = new URL(context.baseUrl).hostname.toLowerCase()
  return context.input('oidc-audience') || FEDERATION_AUDIENCES[host] || PUBLIC_FEDERATION_AUDIENCE
}

/** What each AADSTS code of a refusal means for this step's inputs. Only a code in this table is named. */
const AADSTS_HINTS: Readonly<Record<number, string>> = {
  90002:
    'the tenant was not found: check tenant (the Directory (tenant) ID), and region if the tenant is in a national cloud.',
  900023: 'the tenant is not a valid tenant ID or domain: check tenant.',
  700016:
    'the application was not found in this tenant: check client-id (the Application (client) ID) and tenant, and that the app is registered or consented there.',
  7000215:
    "the client secret is not valid: pass the secret's Value (not its Secret ID) in client-secret, or create a new one.",
  7000222:
    'the client secret has expired: create a new one under Certificates & secrets and update the secret passed to client-secret.',
  700027:
    "the client assertion was refused: check that certificate is registered with the app (Certificates & secrets), is the private key's and has not expired, and that the runner's clock is right.",
  700024: "the client assertion is not within its valid time range: check the runner's clock.",
  70021:
    "no federated credential of the app matches the job's GitHub ID token: add one with issuer https://token.actions.githubusercontent.com, this repository's subject (branch, environment or pull request) and audience oidc-audience.",
  500011:
    'the resource of scope was not found in the tenant: check scope, and that the API (e.g. Defender for Endpoint) is enabled in the tenant.'
}

/** The AADSTS codes of a refusal: its error_codes, else the AADSTS numbers in error_description. */
function aadstsCodes(response: VendorResponse): number[] {
  let json: unknown
  try {
    json = parseJsonText(response.body)
  } catch /* Stryker disable next-line BlockStatement: equivalent, json left undefined reads as no code too */ {
    return []
  }
  if (!isObject(json)) return []
  if (Array.isArray(json.error_codes)) return json.error_codes.filter((code): code is number => Number.isInteger(code))
  // Stryker disable next-line StringLiteral: equivalent, any text without an AADSTS code reads as no code
  const description = typeof json.error_description === 'string' ? json.error_description.slice(0, 2000) : ''
  return [...description.matchAll(/\bAADSTS(\d{5,8})\b/g)].map((match) => Number(match[1]))
}

function refusalHint(context: VendorContext, response: VendorResponse): string {
  const code = aadstsCodes(response).find((candidate) => Object.hasOwn(AADSTS_HINTS, candidate))
  if (code !== undefined) return `AADSTS${code}: ${AADSTS_HINTS[code]}`
  const credential = context.input('client-secret')
    ? 'client-secret'
    : context.input('private-key')
      ? 'certificate and private-key'
      : "the app's federated credential for this workflow (audience oidc-audience)"
  return `Check tenant, client-id, scope and ${credential}, and region for a national cloud.`
}
