import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { describeError } from './errors.js'
import { clock, isSuccess } from './http.js'
import { readSettings } from './inputs.js'
import { maskSecret, maskSecretInputs } from './masking.js'
import { REVOCATION_ATTEMPTS, REVOCATION_RETRY_MS, documentsRevocation, sendRevocation } from './revoke.js'
import { type StepState, loadStepState, sha256 } from './state.js'
import { checkTokenDir } from './token-dir.js'
import { VENDORS } from './vendors/index.js'
import type { Vendor, VendorContext } from './vendors/types.js'

/**
 * The post step: revoke, delete the token file, clear the variable, touching
 * only what this step's main created. It warns and never fails the job.
 */
export async function run(): Promise<void> {
  try {
    maskSecretInputs()
    const state = loadStepState()
    if (!state) {
      core.info('No token was issued by this step; nothing to clean up.')
      return
    }
    if (!state.cleanup) {
      core.info('cleanup is false; leaving the token in place.')
      return
    }
    await revokeToken(state)
    removeTokenFile(state)
    clearEnvironmentVariable(state)
  } catch (error) {
    core.warning(`Cleanup did not finish: ${describeError(error)}`)
  }
}

async function revokeToken({ vendor: vendorId, revokeToken: token, expiresAt, region }: StepState): Promise<void> {
  if (!token) {
    const vendor = Object.hasOwn(VENDORS, vendorId) ? VENDORS[vendorId] : undefined
    core.info(
      vendor?.canRevoke
        ? 'No revoke-url was given, so the token was not revoked; it stays valid until it expires.'
        : `${vendor?.title ?? 'The vendor'} documents no token revocation; the token stays valid until it expires.`
    )
    return
  }
  maskSecret(token)
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
    core.info('The token has already expired; skipping revocation.')
    return
  }
  try {
    const { vendor, context, timeoutMs } = readSettings()
    if (!documentsRevocation(vendor)) return
    // Cleanup is best effort: a short retry budget keeps the job from hanging on it.
    const policy = {
      maxAttempts: REVOCATION_ATTEMPTS,
      timeoutMs,
      retryBudgetMs: REVOCATION_RETRY_MS + timeoutMs,
      startedAt: clock.now()
    }
    const answer = await sendRevocation(vendor, issuingContext(vendor, context, region), token, policy)
    if (isSuccess(answer.status)) core.info(`Revoked the token at ${answer.host}.`)
    else core.warning(`Token revocation answered HTTP ${answer.status}; the token stays valid until it expires.`)
  } catch (error) {
    core.warning(`Token revocation failed: ${describeError(error)} The token stays valid until it expires.`)
  }
}

/**
 * The context of the region that issued the token: the one main was sent to by the vendor
 * (state.ts `region`), its host taken from the vendor's own table; else the inputs' own.
 */
function issuingContext(vendor: Vendor, context: VendorContext, region: string | undefined): VendorContext {
  const regions = vendor.regions ?? {}
  return region && Object.hasOwn(regions, region) ? { ...context, baseUrl: regions[region] } : context
}

function removeTokenFile({ tokenDir }: StepState): void {
  if (!tokenDir) return
  try {
    // Only ever a directory this action created, whatever the state says.
    const verdict = checkTokenDir(tokenDir)
    if (verdict.kind === 'gone') return
    if (verdict.kind === 'foreign') {
      core.warning(
        `Did not delete the token directory named in the step state: ${verdict.reason}. ` +
          'The post step deletes only a directory that its main step created directly inside RUNNER_TEMP.'
      )
      return
    }
    rmSync(verdict.realPath, { recursive: true, force: true })
    core.info('Deleted the token file.')
  } catch (error) {
    core.warning(`Could not delete the token file: ${describeError(error)}`)
  }
}

function clearEnvironmentVariable({ envVar, tokenSha256 }: StepState): void {
  if (!envVar) return
  const current = process.env[envVar]
  // Clear it only while it still holds this step's token, not a value set since.
  if (current && sha256(current) === tokenSha256) {
    core.exportVariable(envVar, '')
    core.info(`Cleared ${envVar} for the steps that run after this one.`)
  }
}
