import * as core from '@actions/core'
import { ActionError } from './errors.js'
import { postWithRetry } from './http.js'
import type { ActionSettings } from './inputs.js'
import { SECRET_INPUTS, maskSecret } from './inputs.js'
import { isObject, jwtExpiry } from './token-response.js'
import type { Vendor, VendorContext, VendorResponse } from './vendors/types.js'

/** A token ready to hand to later steps. */
export interface ObtainedToken {
  token: string
  tokenType: string
  expiresAt?: Date
  /** Lifetime in whole seconds at issue time. */
  expiresIn?: number
  scope: string
}

/** Runs the vendor's credential exchange and returns a validated, already masked token. */
export async function obtainToken(settings: ActionSettings): Promise<ObtainedToken> {
  const { vendor, context } = settings
  const request = vendor.tokenRequest(context)
  request.derivedSecrets.forEach(maskSecret)
  core.debug(`Requesting a ${vendor.title} token from ${new URL(request.url).host}.`)

  const response = await postWithRetry(request, settings, vendor.title)
  if (response.status < 200 || response.status > 299) {
    throw refusal(vendor, context, response, [...SECRET_INPUTS.map(context.input), ...request.derivedSecrets])
  }
  const issued = vendor.readToken(response)
  // Mask before anything else can print it, including our own validation errors.
  maskSecret(issued.token)
  validateToken(issued.token, vendor.title)

  const expiresAt = issued.expiresAt ?? expiryFromLifetime(issued.expiresInSeconds) ?? jwtExpiry(issued.token)
  return {
    token: issued.token,
    tokenType: normaliseTokenType(issued.tokenType),
    expiresAt,
    // The vendor's own lifetime when it gave one, else what is left until the absolute expiry.
    expiresIn: issued.expiresInSeconds ?? (expiresAt && Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))),
    // RFC 6749 5.1: an omitted scope is the scope that was requested.
    scope: issued.scope ?? context.input('scope')
  }
}

function validateToken(token: string, title: string): void {
  if (token === '') throw new ActionError(`${title} answered without a token (empty body).`)
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    throw new ActionError(`${title} answered with a token that contains whitespace or control characters; refusing to use it.`)
  }
}

function expiryFromLifetime(seconds: number | undefined): Date | undefined {
  return seconds === undefined ? undefined : new Date(Date.now() + seconds * 1000)
}

/** `bearer` -> `Bearer`; other types keep their spelling. Tokens without a type are bearer tokens. */
export function normaliseTokenType(type: string | undefined): string {
  if (!type) return 'Bearer'
  return type.toLowerCase() === 'bearer' ? 'Bearer' : type
}

/** Explains a non-2xx final answer with what is safe to show from the vendor's error body. */
function refusal(vendor: Vendor, context: VendorContext, response: VendorResponse, secrets: string[]): ActionError {
  const { status } = response
  if (status >= 300 && status < 400) {
    return new ActionError(
      `${vendor.title} answered HTTP ${status} (a redirect). Credential requests are never redirected: ` +
        'set base-url (or token-url) to the final API URL.'
    )
  }
  const detail = vendorErrorDetail(response, secrets)
  const hint = vendor.refusalHint(status, context) ?? defaultHint(status)
  return new ActionError(`${vendor.title} refused the token request: HTTP ${status}${detail ? ` (${detail})` : ''}. ${hint}`)
}

function defaultHint(status: number): string {
  if (status === 401 || status === 403) return 'Check the credentials passed to this step.'
  if (status === 404) return 'Check base-url, region or token-url: the token endpoint was not found.'
  return 'Check the inputs passed to this step.'
}

/** error / error_description / message / field names of errors, single line, secrets removed. */
function vendorErrorDetail(response: VendorResponse, secrets: string[]): string {
  let json: unknown
  try {
    json = JSON.parse(response.body)
  } catch {
    return ''
  }
  if (!isObject(json)) return ''
  const parts = [json.error, json.error_description, json.message].filter((part): part is string => typeof part === 'string')
  if (isObject(json.errors)) parts.push(`invalid: ${Object.keys(json.errors).join(', ')}`)
  let text = parts.join(': ').replace(/[^\x20-\x7e]/g, ' ').trim()
  for (const secret of secrets) if (secret) text = text.split(secret).join('***')
  return text.length > 200 ? `${text.slice(0, 200)}...` : text
}
