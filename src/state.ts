// The contract between the main step and its own post step. The runner keeps step state per
// step (STATE_* for post), so two uses of the action in one job never see each other's state.
import * as core from '@actions/core'
import { createHash } from 'node:crypto'

/** What the main step saves for its post step, once a token has been issued. */
export interface StepState {
  /** The vendor id; its presence means a token was issued. */
  vendor: string
  /** False when the user asked the post step to leave everything in place. */
  cleanup: boolean
  /** SHA-256 of the token, so post clears the variable only while it still holds this token. */
  tokenSha256: string
  /** ISO 8601 expiry, when known: post does not revoke an expired token. */
  expiresAt?: string
  /** The variable the token was exported as. */
  envVar?: string
  /** The token file's directory, which post deletes. */
  tokenDir?: string
  /** The token itself, kept only when post will revoke it. */
  revokeToken?: string
  /**
   * The region that issued the token when the vendor sent main to it (CrowdStrike's cloud discovery),
   * so that post revokes there. A name from the vendor's table, never a URL.
   */
  region?: string
}

// The state keys, as the runner stores them.
const KEYS: Readonly<Record<keyof StepState, string>> = {
  vendor: 'vendor',
  cleanup: 'cleanup',
  tokenSha256: 'token-sha256',
  expiresAt: 'expires-at',
  envVar: 'env-var',
  tokenDir: 'token-dir',
  revokeToken: 'revoke-token',
  region: 'region'
}

/** Saves the given fields. Main saves as it goes, so post can clean up after a later failure. */
export function saveStepState(fields: Partial<StepState>): void {
  for (const [field, value] of Object.entries(fields) as Array<[keyof StepState, string | boolean | undefined]>) {
    if (value !== undefined) core.saveState(KEYS[field], String(value))
  }
}

/** The main step's state, or undefined when it issued no token. */
export function loadStepState(): StepState | undefined {
  const vendor = core.getState(KEYS.vendor)
  if (!vendor) return undefined
  const optional = (field: keyof StepState) => core.getState(KEYS[field]) || undefined
  return {
    vendor,
    cleanup: core.getState(KEYS.cleanup) !== 'false',
    tokenSha256: core.getState(KEYS.tokenSha256),
    expiresAt: optional('expiresAt'),
    envVar: optional('envVar'),
    tokenDir: optional('tokenDir'),
    revokeToken: optional('revokeToken'),
    region: optional('region')
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
