import { ActionError } from './errors.js'
import { type VendorResponse, headerValue } from './http.js'
import type { IssuedToken } from './vendors/types.js'

/** JSON.parse after dropping one leading byte order mark, which some servers send and JSON.parse refuses. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)
}

/** Parses a JSON body or explains, without quoting the body, why it is not JSON. */
export function parseJson(response: VendorResponse, vendorTitle: string): unknown {
  try {
    return parseJsonText(response.body)
  } catch {
    const type = headerValue(response, 'content-type') || 'no content type'
    throw new ActionError(
      `${vendorTitle} answered HTTP ${response.status} with a body that is not JSON (${safeContentType(type)}). ` +
        'Check that base-url points at the API host, not the web console or a proxy login page.'
    )
  }
}

export function parseJsonObject(response: VendorResponse, vendorTitle: string): Record<string, unknown> {
  const parsed = parseJson(response, vendorTitle)
  if (!isObject(parsed)) {
    throw new ActionError(`${vendorTitle} answered HTTP ${response.status} with JSON that is not an object.`)
  }
  return parsed
}

/**
 * Reads an RFC 6749 section 5.1 access token response. A refresh token or an ID token in it
 * is a secret too: masked at once, never exported.
 */
export function readOAuth2Token(response: VendorResponse, vendorTitle: string): IssuedToken {
  const json = parseJsonObject(response, vendorTitle)
  return {
    token: requireTokenString(json.access_token, vendorTitle, 'access_token'),
    tokenType: optionalString(json.token_type),
    expiresInSeconds: optionalSeconds(json.expires_in),
    scope: optionalString(json.scope),
    otherSecrets: [json.refresh_token, json.id_token].filter((value): value is string => typeof value === 'string')
  }
}

export function requireTokenString(value: unknown, vendorTitle: string, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ActionError(`${vendorTitle} answered without a token: the response has no '${field}' string.`)
  }
  return value
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * A lifetime in seconds, given as a number or a numeric string; undefined when absent.
 * Anything else present is NaN, so that expiry.ts reports it instead of silently dropping it.
 */
export function optionalSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number') return value
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN
}

// RFC 3339 date-time: a date, a time and a zone (without one, the instant would depend on the runner's zone).
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/**
 * An absolute expiry given as an RFC 3339 (ISO 8601) date-time; undefined when absent.
 * Anything else present is an invalid Date, so that expiry.ts reports it instead of silently dropping it.
 */
export function optionalDateTime(value: unknown): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined
  return new Date(typeof value === 'string' && RFC3339_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN)
}

/**
 * The `exp` claim of a JWT, read without verifying it (we only use it to report expiry).
 * Undefined when the token is not a readable JWT or has no exp; NaN when exp is not a number.
 */
export function jwtExpSeconds(token: string): number | undefined {
  // Not a JWT we can read: expiry stays unknown.
  const claims = unverifiedJwtClaims(token)
  if (!claims || claims.exp === undefined) return undefined
  return typeof claims.exp === 'number' ? claims.exp : Number.NaN
}

/**
 * The claims of a JWT (header.payload.signature), read without verifying its signature: only for
 * what the action reports or uses as a default, never to trust. Undefined when the payload is not
 * a JSON object.
 */
export function unverifiedJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return isObject(claims) ? claims : undefined
  } catch {
    return undefined
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function safeContentType(value: string): string {
  return value.replace(/[^\w/.+;= -]/g, '').slice(0, 80)
}
