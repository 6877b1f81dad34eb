import * as core from '@actions/core'
import { ActionError } from './errors.js'
import { resolveExpiry } from './expiry.js'
import { type TokenRequest, type VendorResponse, sendWithRetry } from './http.js'
import { type ActionSettings, adviseOnInputs, endpointInputs } from './inputs.js'
import { everySecretForm, maskSecret } from './masking.js'
import { isObject, jwtExpSeconds, parseJsonText } from './token-response.js'
import { B64TOKEN_RULE, isB64Token, isScope, isTokenTypeName } from './token-syntax.js'
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
}

/** Runs the vendor's credential exchange and returns a validated, already masked token. */
export async function obtainToken(settings: ActionSettings): Promise<ObtainedToken> {
  const { vendor, context } = settings
  const request = await vendor.tokenRequest(context)
  // Every form of the secret inputs was masked first thing (maskSecretInputs); add the request's own.
  request.derivedSecrets.forEach(maskSecret)
  const secrets = everySecretForm(context, request.derivedSecrets)
  core.debug(`Requesting a ${vendor.title} token from ${new URL(request.url).host}.`)

  const response = await sendWithRetry(request, settings, vendor.title).catch((error) => adviseOnInputs(error, vendor))
  if (response.status < 200 || response.status > 299) throw refusal(vendor, context, request, response, secrets)
  const issued = readIssuedToken(vendor, response, secrets)
  // Mask before anything else can print it, including our own validation errors.
  maskSecret(issued.token)
  issued.otherSecrets?.forEach(maskSecret)
  validateToken(issued.token, vendor.title)

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
    scope: issued.scope === undefined ? context.input('scope') : grantedScope(issued.scope, vendor.title)
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
  if (status === 401 || status === 403) return 'Check the credentials passed to this step.'
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
  } catch {
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
