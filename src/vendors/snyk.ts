import { signClientAssertion, signingKeyProblem } from '../client-assertion.js'
import { readOAuth2Token } from '../token-response.js'
import { clientAuthenticatedForm, freshClientAssertionForm } from './request.js'
import type { Vendor, VendorContext, VendorInputs } from './types.js'

// Snyk service accounts, OAuth 2.0 client credentials:
// - POST {API host}/oauth2/token, form-encoded grant_type=client_credentials with client_id and
//   client_secret in the body (ClientCredentialsSecret), or with client_assertion_type (only the RFC 7523
//   jwt-bearer URN) and client_assertion (ClientCredentialsJWT): snyk/user-docs
//   docs/.gitbook/assets/oauth-api-spec.yaml (docs.snyk.io "OAuth2 API"), and
//   docs/enterprise-setup/service-accounts/service-accounts-using-oauth-2.0.md ("The body format and
//   Content-Type header must be form-urlencoded"). The spec documents the secret in the body only, so
//   client_secret_post is the one secret method offered. The Snyk CLI builds the same token URL,
//   apiUrl + "/oauth2/token" (snyk/go-application-framework pkg/auth/oauth2authenticator.go,
//   getOAuthConfiguration), and leaves golang.org/x/oauth2 to probe Basic first, then the body.
// - private_key_jwt: the assertion is signed RS256 only, with kid (a key of the JWKS the service account
//   registered), iss = sub = the client id, a jti, exp, and aud = the full token URL
//   (oauth-api-spec.yaml, client_assertion); "the aud claim may vary based on the Snyk instance"
//   (service-accounts-using-oauth-2.0.md), so it follows the region, and assertion-audience overrides it.
// - Answer: access_token, expires_in (seconds), token_type bearer, scope, bot_id; a refresh_token
//   "will not be granted in client_credentials grants" (oauth-api-spec.yaml); readOAuth2Token would mask one.
// - Hosts: the API URLs of docs/snyk-data-and-governance/regional-hosting-and-data-residency.md
//   (SNYK-US-01, -US-02, -EU-01, -AU-01), and SNYK-GOV-01 => https://api.snykgov.io from the CLI's own
//   table (go-application-framework pkg/local_workflows/config_workflow.go, `regions`; the CLI help of
//   `snyk config environment`).
// - The CLI reads an OAuth access token from SNYK_OAUTH_TOKEN (service-accounts-using-oauth-2.0.md;
//   go-application-framework pkg/configuration/constants.go AUTHENTICATION_BEARER_TOKEN "snyk_oauth_token").
// - Revocation: /oauth2/revoke revokes refresh tokens (oauth-api-spec.yaml); nothing revokes an access
//   token, so the post step does not try.
const SNYK_API_HOSTS: Readonly<Record<string, string>> = {
  'us-01': 'https://api.snyk.io',
  'us-02': 'https://api.us.snyk.io',
  'eu-01': 'https://api.eu.snyk.io',
  'au-01': 'https://api.au.snyk.io',
  'gov-01': 'https://api.snykgov.io'
}
const AUTH_METHODS = ['client_secret_post', 'private_key_jwt'] as const
// oauth-api-spec.yaml: "The JWT must be signed using a private key with RSA256".
const SNYK_SIGNING_ALGORITHM = 'RS256'
const RSA_KEY_NEEDED =
  "Input 'private-key': Snyk accepts assertions signed RS256 only, which needs an RSA private key (2048 bits or more). " +
  "Pass the RSA key whose public key the service account's JWKS URL serves."
const HOSTS_TEXT = Object.entries(SNYK_API_HOSTS)
  .map(([region, url]) => `${region} ${new URL(url).host}`)
  .join(', ')

export const snyk: Vendor = {
  id: 'snyk',
  title: 'Snyk',
  defaultEnvVar: 'SNYK_OAUTH_TOKEN',
  defaultBaseUrl: SNYK_API_HOSTS['us-01'],
  regions: SNYK_API_HOSTS,
  required: ['client-id'],
  optional: ['client-secret', 'auth-method', 'private-key', 'key-id', 'assertion-audience'],
  requiredWhen: {
    'client-secret': { 'auth-method': ['client_secret_post'] },
    'private-key': { 'auth-method': ['private_key_jwt'] },
    // The spec lists kid among the assertion's required header claims.
    'key-id': { 'auth-method': ['private_key_jwt'] }
  },
  defaults: { 'auth-method': 'client_secret_post' },
  choices: { 'auth-method': AUTH_METHODS },
  validate: checkCredentials,

  tokenRequest(context) {
    const url = tokenUrl(context)
    const fields = { grant_type: 'client_credentials' }
    if (context.input('auth-method') === 'client_secret_post') {
      return clientAuthenticatedForm(url, context, 'client_secret_post', fields)
    }
    return freshClientAssertionForm(url, context.input('client-id'), () => assertion(context), fields)
  },

  readToken: readOAuth2Token,

  refusalHints: { 400: credentialsHint, 401: credentialsHint, 403: credentialsHint }
}

function tokenUrl(context: VendorContext): string {
  return `${context.baseUrl}/oauth2/token`
}

/** What the credential inputs cannot mean together, naming every input involved. */
function checkCredentials(context: VendorInputs): string | undefined {
  const method = context.input('auth-method')
  if (method === 'client_secret_post' && context.input('private-key')) {
    return (
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key " +
      `(auth-method is ${method}, the default, which sends client-secret). Or remove private-key.`
    )
  }
  if (method === 'private_key_jwt' && context.input('client-secret')) {
    return "Inputs 'client-secret' and 'auth-method': auth-method private_key_jwt sends no client secret. Remove client-secret, or use auth-method client_secret_post."
  }
  if (method === 'private_key_jwt' && context.input('private-key')) {
    const problem = signingKeyProblem(context.input('private-key'), SNYK_SIGNING_ALGORITHM)
    // Snyk has no other algorithm to switch to: the key itself must change.
    return problem?.startsWith("Inputs 'private-key' and 'signing-algorithm'") ? RSA_KEY_NEEDED : problem
  }
  return undefined
}

function assertion(context: VendorContext): string {
  return signClientAssertion(context.input('private-key'), SNYK_SIGNING_ALGORITHM, {
    clientId: context.input('client-id'),
    audience: context.input('assertion-audience') || tokenUrl(context),
    keyId: context.input('key-id')
  })
}

function credentialsHint(context: VendorContext): string {
  const credential =
    context.input('auth-method') === 'private_key_jwt'
      ? "Check client-id, that the service account's JWKS URL serves the public key of private-key under key-id, " +
        `and assertion-audience (now ${context.input('assertion-audience') || tokenUrl(context)}: the token URL of your region).`
      : 'Check client-id and client-secret (an OAuth 2.0 client credentials service account).'
  return (
    `${credential} A service account belongs to one region: check region or base-url ` +
    `(now ${new URL(context.baseUrl).host}): ${HOSTS_TEXT}.`
  )
}
