import {
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  certificateMatchesKey,
  certificateProblem,
  signClientAssertion,
  signingKeyProblem
} from '../client-assertion.js'
import type { TokenRequest, VendorResponse } from '../http.js'
import { parseJsonObject, readOAuth2Token } from '../token-response.js'
import { clientAssertionForm, clientAuthenticatedForm, publicClientForm } from './request.js'
import type { IssuedToken, Vendor, VendorContext, VendorInputs } from './types.js'

// Client authentication: RFC 6749 2.3.1 (client_secret_basic / _post), RFC 7523 2.2 with the
// client's own signed JWT (private_key_jwt: OpenID Connect Core 9; Okta, Auth0, PingOne; with certificate,
// the header also carries its SHA-256 thumbprint, x5t#S256, RFC 7515 4.1.8, as Entra ID wants), the
// same with the job's GitHub ID token as the assertion
// (Entra ID "workload identity federation": client_credentials with client_assertion_type
// jwt-bearer, audience api://AzureADTokenExchange), or none (RFC 6749 2.1 public clients).
const SECRET_METHODS = ['client_secret_basic', 'client_secret_post'] as const
const AUTH_METHODS = [...SECRET_METHODS, 'private_key_jwt', 'github-oidc', 'none'] as const

// RFC 8693 2.1 and 3: the token-exchange grant, with the job's GitHub ID token as the subject.
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:'
// RFC 8693 3: issued token types that are no token for an API.
const NOT_ACCESS_TOKENS = ['refresh_token', 'id_token', 'saml1', 'saml2'].map((type) => TOKEN_TYPE + type)

export const oauth2: Vendor = {
  id: 'oauth2',
  title: 'OAuth2 server',
  defaultEnvVar: 'OAUTH2_ACCESS_TOKEN',
  required: ['token-url'],
  optional: [
    'client-id',
    'client-secret',
    'scope',
    'audience',
    'auth-method',
    'revoke-url',
    'grant-type',
    'private-key',
    'certificate',
    'key-id',
    'signing-algorithm',
    'assertion-audience',
    'oidc-audience',
    'resource'
  ],
  requiredWhen: {
    'client-id': { 'auth-method': AUTH_METHODS.filter((method) => method !== 'none') },
    'client-secret': { 'auth-method': SECRET_METHODS },
    'private-key': { 'auth-method': ['private_key_jwt'] },
    'oidc-audience': { 'auth-method': ['github-oidc'], 'grant-type': ['token-exchange'] }
  },
  defaults: { 'auth-method': 'client_secret_basic', 'grant-type': 'client_credentials', 'signing-algorithm': 'RS256' },
  choices: {
    'auth-method': AUTH_METHODS,
    'grant-type': ['client_credentials', 'token-exchange'],
    'signing-algorithm': SIGNING_ALGORITHMS
  },
  checks: { certificate: (value) => certificateProblem(value) },
  validate: checkCombination,

  async tokenRequest(context) {
    const exchange = context.input('grant-type') === 'token-exchange'
    const idToken = await idTokenIfNeeded(context, exchange)
    const grant = exchange
      ? { grant_type: TOKEN_EXCHANGE_GRANT, subject_token: idToken, subject_token_type: `${TOKEN_TYPE}id_token` }
      : { grant_type: 'client_credentials' }
    return authenticatedForm(context.input('token-url'), context, idToken, {
      ...grant,
      scope: context.input('scope'),
      audience: context.input('audience'),
      resource: context.input('resource')
    })
  },

  readToken: readOAuth2OrExchangedToken,

  refusalHints: { 400: clientHint, 401: clientHint },

  canRevoke: (context) => context.input('revoke-url') !== '',

  // RFC 7009: the client authenticates to the revocation endpoint as it did to the token endpoint.
  async revocationRequest(context, token) {
    const idToken = await idTokenIfNeeded(context, false)
    return authenticatedForm(context.input('revoke-url'), context, idToken, { token, token_type_hint: 'access_token' })
  }
}

/**
 * What the inputs cannot mean together. Checked before requiredWhen, so an input those make
 * required may still be missing here.
 */
function checkCombination(context: VendorInputs): string | undefined {
  const method = context.input('auth-method')
  if (context.input('private-key') && method !== 'private_key_jwt') {
    // The likely mistake is a missing auth-method, whether or not a client-secret is there too.
    const secret = context.input('client-secret') ? ' (then client-secret is not needed: remove it)' : ''
    return `Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key${secret}. A private key signs only with private_key_jwt; auth-method is ${method}${method === 'client_secret_basic' ? ', the default' : ''}. Or remove private-key.`
  }
  if (context.input('client-secret') && !(SECRET_METHODS as readonly string[]).includes(method)) {
    return `Inputs 'client-secret' and 'auth-method': auth-method ${method} sends no client secret. Remove client-secret (no secret is needed), or use client_secret_basic or client_secret_post.`
  }
  if (method === 'none' && context.input('grant-type') !== 'token-exchange') {
    return "Inputs 'auth-method' and 'grant-type': auth-method none (a public client) works only with grant-type token-exchange; client_credentials needs the client to authenticate."
  }
  if (context.input('certificate') && method !== 'private_key_jwt') {
    return `Inputs 'certificate' and 'auth-method': a certificate names the signing key of private_key_jwt only; auth-method is ${method}. Set auth-method: private_key_jwt with private-key, or remove certificate.`
  }
  const key = context.input('private-key')
  if (method !== 'private_key_jwt' || !key) return undefined
  const keyProblem = signingKeyProblem(key, algorithmOf(context))
  if (keyProblem) return keyProblem
  const certificate = context.input('certificate')
  if (certificate && !certificateMatchesKey(certificate, key)) {
    return "Inputs 'certificate' and 'private-key': the certificate is not the private key's: pass the certificate made from this key, or the key of this certificate."
  }
  return undefined
}

/** The job's GitHub ID token when the grant (token exchange) or the client authentication needs it, else ''. */
function idTokenIfNeeded(context: VendorContext, forGrant: boolean): Promise<string> {
  const needed = forGrant || context.input('auth-method') === 'github-oidc'
  return needed ? context.githubIdToken(context.input('oidc-audience')) : Promise.resolve('')
}

/** A form request with the client authentication that auth-method names. */
function authenticatedForm(
  url: string,
  context: VendorContext,
  idToken: string,
  fields: Record<string, string | undefined>
): TokenRequest {
  const clientId = context.input('client-id')
  const method = context.input('auth-method')
  let request: TokenRequest
  if (method === 'private_key_jwt') {
    // A new assertion (new jti, new expiry) for every attempt: a retry must not look like a replay.
    const signed = (): TokenRequest => ({
      ...clientAssertionForm(url, clientId, assertion(context), fields),
      forRetry: signed
    })
    request = signed()
  } else if (method === 'github-oidc') {
    request = clientAssertionForm(url, clientId, idToken, fields)
  } else if (method === 'none') {
    request = publicClientForm(url, clientId, fields)
  } else {
    request = clientAuthenticatedForm(
      url,
      context,
      method === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
      fields
    )
  }
  // The ID token, sent as subject_token or as the assertion, is scrubbed from vendor text like any secret.
  return idToken ? { ...request, derivedSecrets: [...request.derivedSecrets, idToken] } : request
}

function assertion(context: VendorContext): string {
  return signClientAssertion(context.input('private-key'), algorithmOf(context), {
    clientId: context.input('client-id'),
    // RFC 7523 3: the token endpoint URL identifies the authorization server; some servers want their issuer.
    audience: context.input('assertion-audience') || context.input('token-url'),
    keyId: context.input('key-id'),
    // Optional: when given, the header names the certificate by its SHA-256 thumbprint (x5t#S256).
    certificate: context.input('certificate')
  })
}

function algorithmOf(context: VendorInputs): SigningAlgorithm {
  return context.input('signing-algorithm') as SigningAlgorithm
}

/**
 * RFC 6749 5.1, and RFC 8693 2.2.1: a token exchange says what it issued; only a token for an API will do.
 * Any other is issued all the same, so it is returned as unusable: the flow revokes it where it can.
 */
function readOAuth2OrExchangedToken(response: VendorResponse, title: string): IssuedToken {
  const issued = readOAuth2Token(response, title)
  const issuedType = parseJsonObject(response, title).issued_token_type
  if (typeof issuedType === 'string' && NOT_ACCESS_TOKENS.includes(issuedType)) {
    return {
      ...issued,
      unusable: `${title} issued a token of type ${issuedType}, which is not an access token. Check audience, resource and scope.`
    }
  }
  // RFC 8693 2.2.1: N_A is the token_type of a token that is not usable as an access token.
  if (issued.tokenType?.toUpperCase() === 'N_A') {
    return {
      ...issued,
      unusable: `${title} answered token_type N_A: the token it issued is not usable as an access token (RFC 8693 2.2.1). Check audience, resource and scope.`
    }
  }
  return issued
}

function clientHint(context: VendorContext): string {
  const method = context.input('auth-method')
  const client =
    method === 'private_key_jwt'
      ? 'Check client-id, that the server holds the public key of private-key (and its key-id, if it needs one) for ' +
        'signing-algorithm, and assertion-audience (default: token-url; some servers want their issuer URL).'
      : method === 'github-oidc'
        ? "Check client-id, and that the client's federated credential trusts this workflow: issuer " +
          'https://token.actions.githubusercontent.com, the subject of this repository and branch or environment, and audience oidc-audience.'
        : method === 'none'
          ? 'Check client-id, if the server wants one.'
          : 'Check client-id, client-secret, scope and audience, and whether the server expects auth-method ' +
            'client_secret_basic (the default) or client_secret_post.'
  const exchange =
    context.input('grant-type') === 'token-exchange'
      ? ' For the token exchange, check that the server accepts GitHub ID tokens with audience oidc-audience, and audience, resource and scope.'
      : ''
  return client + exchange
}
