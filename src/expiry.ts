import type { IssuedToken } from './vendors/types.js'

// The last instant an ISO 8601 date with a 4-digit year can name (toISOString writes +275760-... beyond it).
const LATEST_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

export interface Expiry {
  expiresAt?: Date
  /** Lifetime in whole seconds at issue. */
  expiresIn?: number
  /** The field the expiry was taken from, when known. */
  source?: string
  /** Fields the vendor gave that could not be used. */
  unusable: string[]
}

interface Candidate {
  field: string
  atMs: number
  lifetimeSeconds?: number
}

/**
 * The one place expiry is decided: the vendor's absolute expiry, else its lifetime,
 * else the token's JWT `exp`. A value that is negative, not a finite number, or past
 * the year 9999 is unusable: the next source is tried, and with none left the expiry is
 * unknown. Never throws, since the token has already been issued.
 */
export function resolveExpiry(
  issued: IssuedToken,
  jwtExpSeconds: number | undefined,
  now: number = Date.now()
): Expiry {
  const candidates: Candidate[] = []
  if (issued.expiresAt !== undefined) candidates.push({ field: 'expiry time', atMs: issued.expiresAt.getTime() })
  if (issued.expiresInSeconds !== undefined) {
    const lifetimeSeconds = issued.expiresInSeconds
    candidates.push({ field: 'expires_in', atMs: now + lifetimeSeconds * 1000, lifetimeSeconds })
  }
  if (jwtExpSeconds !== undefined) candidates.push({ field: 'JWT exp', atMs: jwtExpSeconds * 1000 })

  const unusable: string[] = []
  for (const { field, atMs, lifetimeSeconds } of candidates) {
    if (!isRepresentable(atMs) || (lifetimeSeconds !== undefined && !(lifetimeSeconds >= 0))) {
      unusable.push(field)
      continue
    }
    // The vendor's own lifetime when it gave one, else what is left until the absolute expiry.
    const expiresIn = lifetimeSeconds ?? Math.max(0, (atMs - now) / 1000)
    return { expiresAt: new Date(atMs), expiresIn: Math.floor(expiresIn), source: field, unusable }
  }
  return { unusable }
}

function isRepresentable(atMs: number): boolean {
  return Number.isFinite(atMs) && atMs > 0 && atMs <= LATEST_EXPIRY_MS
}
