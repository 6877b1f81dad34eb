// Every input of action.yml, once (a contract test checks the two agree), and the `with:` keys
// that miss one of them by a letter or two.
import * as core from '@actions/core'
import { nearMiss } from './near-miss.js'
import { VENDOR_INPUTS } from './vendors/types.js'

export const ACTION_INPUTS: readonly string[] = [
  'vendor',
  'base-url',
  'region',
  ...VENDOR_INPUTS,
  'env-var',
  'export-env',
  'write-token-file',
  'cleanup',
  'timeout-seconds',
  'max-attempts',
  'max-retry-seconds',
  'job-summary',
  'ca-certificate'
]

/** A `with:` key that is not an input of this action but nearly one. */
export interface MisspelledInput {
  /** The key as the runner passed it, lower case: `regoin`, `client_secret`. */
  key: string
  /** The input it nearly is: `region`, `client-secret`. */
  meant: string
  /** Its INPUT_* variable, whose value is never printed. */
  variable: string
}

/**
 * The runner passes every `with:` key as INPUT_<KEY> (upper case, hyphens kept, spaces as '_'),
 * ours or not, after its own "Unexpected input(s)" warning. Those that are a near miss of ours.
 */
export function misspelledInputs(env: NodeJS.ProcessEnv = process.env): MisspelledInput[] {
  const ours = new Set(ACTION_INPUTS.map((name) => `INPUT_${name.toUpperCase()}`))
  const found: MisspelledInput[] = []
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_') || ours.has(variable)) continue
    const key = variable.slice('INPUT_'.length).toLowerCase()
    const meant = nearMiss(key, ACTION_INPUTS)
    if (meant) found.push({ key, meant, variable })
  }
  return found
}

/** One warning per misspelled key, naming the input it should be; never its value. */
export function warnAboutMisspelledInputs(): void {
  for (const { key, meant } of misspelledInputs()) {
    core.warning(
      `'${printableKey(key)}' is not an input of this action, so its value was not used; did you mean '${meant}'? ` +
        `Rename it in the step's with:.`
    )
  }
}

/** A key as the runner passed it, reduced to characters safe in a log line. */
function printableKey(key: string): string {
  return key.replace(/[^\w.-]/g, '?').slice(0, 60)
}
