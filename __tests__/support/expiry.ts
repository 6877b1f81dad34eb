import { expect } from '@jest/globals'

// A step takes well under this long; expires-in counts down from issue time while it runs.
const STEP_SECONDS = 5

/**
 * The expiry outputs of a token issued for `lifetimeSeconds`: expires-in is whole seconds, at most
 * the lifetime and no more than a step's run below it (so neither '' nor milliseconds pass), and
 * expires-at says the same moment. Without a lifetime, only that the two outputs agree.
 */
export function expectExpiry(outputs: Record<string, string>, lifetimeSeconds?: number): void {
  expect(outputs['expires-in']).toMatch(/^\d+$/)
  const expiresIn = Number(outputs['expires-in'])
  if (lifetimeSeconds !== undefined) {
    expect(expiresIn).toBeLessThanOrEqual(lifetimeSeconds)
    expect(expiresIn).toBeGreaterThanOrEqual(lifetimeSeconds - STEP_SECONDS)
  } else {
    expect(expiresIn).toBeGreaterThan(0)
  }
  expect(outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  const secondsToExpiry = (Date.parse(outputs['expires-at']) - Date.now()) / 1000
  expect(Math.abs(secondsToExpiry - expiresIn)).toBeLessThanOrEqual(STEP_SECONDS)
}
