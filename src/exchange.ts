import * as core from '@actions/core'
import { ActionError, describeError } from './errors.js'
import { resolveExpiry } from './expiry.js'
import { type TokenRequest, type VendorResponse, clock, isSuccess, sendWithRetry } from './http.js'
import { type ActionSettings, adviseOnInputs, articleFor, endpointInputs } from './inputs.js'
import { everySecretForm, maskSecret } from './masking.js'
import { REVOCATION_ATTEMPTS, REVOCATION_RETRY_MS, documentsRevocation, sendRevocation } from './revoke.js'
import { saveStepState } from './state.js'
import { isObject, jwtExpSeconds, parseJsonText } from './token-response.js'
import {
  B64TOKEN_RULE,
  CSRF_TOKEN_RULE,
  USER_NAME_RULE,
  isB64Token,
  isCsrfToken,
  isScope,
  isTokenTypeName,
  isUserName
} from './token-syntax.js'
import { printableVendorText, scrubSecrets } from './vendor-text.js'
import type { IssuedToken, RefusalHint, Vendor, VendorContext } from './vendors/types.js'

const MAX_DETAIL_LENGTH = 200

/** A token ready to hand to later steps. Every field is validated and single-line. */
export interface ObtainedToken {
  /** An RFC 6750 b64token. */
  token: string
  /** An RFC 6749 type name. */
  tokenType: string
  expiresAt?: Date
  /** Lifetime in whole seconds at issue time. */
  expiresIn?: number
  /** RFC 6749 scope tokens separated by single spaces, or ''. */
  scope: string
  /** The user the token acts as (token-syntax.ts USER_NAME), or '' when the vendor does not say. */
  user: string
  /** The CSRF token to send with the token (token-syntax.ts CSRF_TOKEN), already masked, or ''. */
  csrfToken: string
}

/** Runs the vendor's credential exchange and returns a validated, already masked token. */
export async function obtainToken(settings: ActionSettings): Promise<ObtainedToken> {
  const { vendor } = settings
  let { context } = settings
  // Every form of every secret sent, for scrubbing vendor text: the secret inputs' and each request's own.
  // Stryker disable next-line ArrayDeclaration: a made-up entry would only scrub that same made-up text from vendor messages
  const secrets: string[] = []
  let sent = await requestToken(settings, context, secrets)
  const region = regionToAskInstead(vendor, context, sent.response)
  if (region) {
    context = { ...context, baseUrl: region.baseUrl }
    // The post step revokes where the token was issued.
    saveStepState({ region: region.name })
    core.notice(
      `${vendor.title} answered that these credentials belong to region ${region.name}; asking ${new URL(region.baseUrl).host} instead. ` +
        `Set region: ${region.name} to save this round trip.`
    )
    sent = await requestToken(settings, context, secrets)
  }
  const { request, response } = sent
  if (!isSuccess(response.status)) throw refusal(vendor, context, request, response, secrets)
  const issued = readIssuedToken(vendor, response, secrets)
  // Mask before anything else can print it, including our own validation errors.
  maskSecret(issued.token)
  issued.otherSecrets?.forEach(maskSecret)
  try {
    if (issued.unusable) throw new ActionError(issued.unusable)
    validateToken(issued.token, vendor.title)
  } catch (error) {
    // Issued but refused here: it must not stay valid for anyone who saw the answer.
    await revokeRefusedToken(settings, context, issued.token)
    throw error
  }

  const expiry = resolveExpiry(issued, jwtExpSeconds(issued.token))
  if (expiry.unusable.length > 0) {
    core.warning(
      `${vendor.title} answered with an expiry that is not a usable date (${expiry.unusable.join(', ')}: negative, not a number, ` +
        `or past the year 9999); ${expiry.source ? `using ${expiry.source} instead` : 'the expiry outputs are left empty'}.`
    )
  }
  return {
    token: issued.token,
    tokenType: tokenTypeOf(issued.tokenType, vendor.title),
    expiresAt: expiry.expiresAt,
    expiresIn: expiry.expiresIn,
    // RFC 6749 5.1: an omitted scope is the scope that was requested.
    scope: issued.scope === undefined ? context.input('scope') : grantedScope(issued.scope, vendor.title),
    user: issued.user === undefined ? '' : actingUser(issued.user, vendor.title),
    csrfToken: issued.csrfToken === undefined ? '' : csrfToken(issued.csrfToken, vendor.title)
  }
}

/**
 * Builds and sends the token request for `context`; the secrets of every attempt join `secrets`.
 * Returns the answer with the request it answered (the last attempt's), which a refusal names.
 */
async function requestToken(
  settings: ActionSettings,
  context: VendorContext,
  secrets: string[]
): Promise<{ request: TokenRequest; response: VendorResponse }> {
  const { vendor } = settings
  const request = await vendor.tokenRequest(context)
  // Every form of the secret inputs was masked first thing (maskSecretInputs); add the request's own.
  request.derivedSecrets.forEach(maskSecret)
  secrets.push(...everySecretForm(context, request.derivedSecrets))
  core.debug(`Requesting ${articleFor(vendor.title)} ${vendor.title} token from ${new URL(request.url).host}.`)
  // A retry may carry new secrets (a newly signed client assertion): they are scrubbed too.
  let sent = request
  const addRetrySecrets = (retry: TokenRequest) => {
    sent = retry
    secrets.push(...retry.derivedSecrets)
  }
  const response = await sendWithRetry(request, settings, vendor.title, addRetrySecrets).catch((error) =>
    adviseOnInputs(error, vendor)
  )
  return { request: sent, response }
}

/**
 * The region to ask once more, when the vendor's refusal names the credentials' own region and the
 * step asked one of the vendor's own hosts. The host comes from the vendor's table, never from the answer.
 */
function regionToAskInstead(
  vendor: Vendor,
  context: VendorContext,
  response: VendorResponse
): { name: string; baseUrl: string } | undefined {
  const name = vendor.regionOfRefusal?.(response)
  const regions = vendor.regions ?? {}
  if (name === undefined || !Object.hasOwn(regions, name)) return undefined
  const ownHosts = [...Object.values(regions), vendor.defaultBaseUrl]
  // A custom base-url is the user's choice (a proxy, a private endpoint): never switched.
  if (!ownHosts.includes(context.baseUrl) || regions[name] === context.baseUrl) return undefined
  return { name, baseUrl: regions[name] }
}

/**
 * Best effort, as short as the post step's revocation and never past the step's own budget.
 * Logs what happened, never the token.
 */
async function revokeRefusedToken(settings: ActionSettings, context: VendorContext, token: string): Promise<void> {
  const { vendor } = settings
  if (!token) return
  if (!documentsRevocation(vendor) || !vendor.canRevoke?.(context)) {
    core.info(
      documentsRevocation(vendor)
        ? 'The refused token was not revoked (no revoke-url); it stays valid until it expires.'
        : `${vendor.title} documents no token revocation; the refused token stays valid until it expires.`
    )
    return
  }
  const { timeoutMs, retryBudgetMs, startedAt } = settings
  const elapsedMs = clock.now() - startedAt
  try {
    const answer = await sendRevocation(vendor, context, token, {
      maxAttempts: REVOCATION_ATTEMPTS,
      timeoutMs,
      retryBudgetMs: Math.min(retryBudgetMs, elapsedMs + REVOCATION_RETRY_MS),
      startedAt
    })
    if (isSuccess(answer.status)) core.info(`Revoked the refused token at ${answer.host}.`)
    else core.warning(`Could not revoke the refused token: HTTP ${answer.status}. It stays valid until it expires.`)
  } catch (error) {
    core.warning(`Could not revoke the refused token: ${describeError(error)} It stays valid until it expires.`)
  }
}

/** The vendor's reading of a 2xx answer; when it fails, the answer's own error fields are added, scrubbed. */
function readIssuedToken(vendor: Vendor, response: VendorResponse, secrets: string[]): IssuedToken {
  try {
    return vendor.readToken(response, vendor.title)
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    const detail = vendorErrorDetail(response, secrets)
    throw detail ? new ActionError(`${error.message} The answer says: ${detail}.`) : error
  }
}

/** RFC 6750 b64token only: a later `run:` step that interpolates the token never sees shell syntax. */
function validateToken(token: string, title: string): void {
  if (token === '') throw new ActionError(`${title} answered without a token (empty body).`)
  if (!isB64Token(token)) {
    throw new ActionError(
      `${title} answered with a token that is not an RFC 6750 bearer token (${B64TOKEN_RULE} only); refusing to use it.`
    )
  }
}

/** `bearer` -> `Bearer`; other valid types keep their spelling. Without a type, or with an invalid one, Bearer. */
function tokenTypeOf(type: string | undefined, title: string): string {
  if (type === undefined) return 'Bearer'
  if (!isTokenTypeName(type)) {
    core.warning(
      `${title} answered with a token_type that is not an RFC 6749 type name (up to 64 letters, digits, '-', '.', '_'); using Bearer.`
    )
    return 'Bearer'
  }
  return type.toLowerCase() === 'bearer' ? 'Bearer' : type
}

/** An RFC 6749 3.3 scope, or '' with a warning: the scope output is always a single line of scope tokens. */
function grantedScope(scope: string, title: string): string {
  if (isScope(scope)) return scope
  core.warning(
    `${title} answered with a scope that is not a list of RFC 6749 scope tokens separated by single spaces; the scope output is left empty.`
  )
  return ''
}

/** The reported user, or '' with a warning: it is printed and becomes an output, so it must be plain. */
function actingUser(user: string, title: string): string {
  if (isUserName(user)) return user
  core.warning(`${title} answered with a user name that is not ${USER_NAME_RULE}; the user output is left empty.`)
  return ''
}

/** The CSRF token, masked, or '' with a warning that never quotes it: it becomes an output and a later header. */
function csrfToken(value: string, title: string): string {
  if (isCsrfToken(value)) {
    maskSecret(value)
    return value
  }
  core.warning(
    `${title} answered with an X-CSRF-TOKEN that is not ${CSRF_TOKEN_RULE}; the csrf-token output is left empty.`
  )
  return ''
}

/**
 * Explains a non-2xx final answer with where the request went (so a doubled path shows at once)
 * and what is safe to show from the vendor's error body.
 */
function refusal(
  vendor: Vendor,
  context: VendorContext,
  request: TokenRequest,
  response: VendorResponse,
  secrets: string[]
): ActionError {
  const { status } = response
  const vendorHint = vendor.refusalHints?.[status]
  const hintText = (hint: RefusalHint) => (typeof hint === 'function' ? hint(context, response) : hint)
  const target = scrubSecrets(requestTarget(request), secrets)
  if (status >= 300 && status < 400) {
    return new ActionError(
      `${vendor.title} answered HTTP ${status} (a redirect) to ${target}. Credential requests are never redirected: ` +
        (vendorHint ? hintText(vendorHint) : `set ${endpointInputs(vendor)} to the final API URL.`)
    )
  }
  const detail = vendorErrorDetail(response, secrets)
  const hint = vendorHint ? hintText(vendorHint) : defaultRefusalHint(vendor, status)
  return new ActionError(
    `${vendor.title} refused the token request (${target}): HTTP ${status}${detail ? ` (${detail})` : ''}. ${hint}`
  )
}

/**
 * Method, host and path of a request, e.g. `POST api.example.com/v1/auth/token`: never the query,
 * user info or fragment, which can carry a secret. A path segment may name a tenant; that is fine.
 */
export function requestTarget(request: TokenRequest): string {
  const url = new URL(request.url)
  return printableVendorText(`${request.method ?? 'POST'} ${url.host}${url.pathname}`, MAX_DETAIL_LENGTH)
}

/** The hint for a refusal that the vendor's own table does not cover; it names only the vendor's own inputs. */
function defaultRefusalHint(vendor: Vendor, status: number): string {
  if (
    // Stryker disable next-line ConditionalExpression: every vendor has its own 401 hint today; this is for one without
    status === 401 ||
    status === 403
  )
    return 'Check the credentials passed to this step.'
  if (status === 404) return `The token endpoint was not found: check ${endpointInputs(vendor)}.`
  return 'Check the inputs passed to this step.'
}

/**
 * error / error_description / message / field names of errors (or the messages of an errors
 * list, as CrowdStrike sends), as one printable line.
 * Secrets are scrubbed first, while the text is still exactly what the vendor sent,
 * so that neither the scrubber nor the runner's mask misses a secret that a later step altered.
 */
function vendorErrorDetail(response: VendorResponse, secrets: string[]): string {
  let json: unknown
  try {
    json = parseJsonText(response.body)
  } catch /* Stryker disable next-line BlockStatement: json stays undefined, which also answers '' */ {
    return ''
  }
  if (!isObject(json)) return ''
  const parts = [json.error, json.error_description, json.message].filter(isString)
  if (isObject(json.errors)) parts.push(`invalid: ${Object.keys(json.errors).join(', ')}`)
  // JFrog: {"errors": [{"status": 401, "message": "..."}]}
  if (Array.isArray(json.errors)) {
    parts.push(
      ...json.errors
        .map((item) => (isObject(item) ? item.message : undefined))
        .filter(isString)
        .slice(0, 3)
    )
  }
  return printableVendorText(scrubSecrets(parts.join(': '), secrets), MAX_DETAIL_LENGTH)
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}
