import * as core from '@actions/core'
import { warnAboutMisspelledInputs } from './action-inputs.js'
import { describeError } from './errors.js'
import { obtainToken } from './exchange.js'
import { readSettings } from './inputs.js'
import { maskSecretInputs } from './masking.js'
import { publishToken } from './publish.js'

/** The main step: mask, validate, exchange, publish. Every failure becomes one safe error line. */
export async function run(): Promise<void> {
  try {
    // First, so that nothing later, our own errors included, can print a secret.
    maskSecretInputs()
    warnAboutMisspelledInputs()
    const settings = readSettings()
    const token = await obtainToken(settings)
    publishToken(settings, token)
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
