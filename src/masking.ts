// Everything the runner must mask, registered before anything can print it.
import * as core from '@actions/core'
import { misspelledInputs } from './action-inputs.js'
import { holdsPrivateKey } from './pem.js'
import type { VendorContext, VendorInput } from './vendors/types.js'

/** Inputs that hold a secret. */
export const SECRET_INPUTS: readonly VendorInput[] = ['client-secret', 'refresh-token', 'api-token', 'private-key']

/** Why a `${{ secrets.NAME }}` input is empty: said when any secret input is required and empty. */
export const EMPTY_SECRET_CAUSES =
  'A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, ' +
  'or withheld (pull requests from forks and Dependabot runs get no secrets).'

/** Registers a secret with the runner so it is replaced by *** in every log line. */
export function maskSecret(value: string): void {
  if (value) core.setSecret(value)
}

/**
 * Masks every form of every secret input. The first thing main and post do, before validation.
 * Also what the runner did not know to mask: the value of a misspelled secret input
 * (`client_secret:`), and a private key pasted into ca-certificate or certificate by mistake.
 */
export function maskSecretInputs(): void {
  for (const name of SECRET_INPUTS) secretForms(core.getInput(name)).forEach(maskSecret)
  for (const { meant, variable } of misspelledInputs()) {
    if (!(SECRET_INPUTS as readonly string[]).includes(meant)) continue
    // As core.getInput would read it (trimmed), and as it is.
    const value = process.env[variable] ?? ''
    new Set([...secretForms(value.trim()), ...secretForms(value)]).forEach(maskSecret)
  }
  for (const name of ['ca-certificate', 'certificate']) {
    const certificates = core.getInput(name)
    if (holdsPrivateKey(certificates)) secretForms(certificates).forEach(maskSecret)
  }
}

/**
 * Every form a secret can take on the wire or in a vendor's echo of it: raw, form-encoded
 * (space as +), percent-encoded, and JSON-escaped. All are masked and scrubbed.
 * A multi-line secret (a PEM private key) is masked line by line too, since a log shows
 * it line by line; its -----BEGIN/END----- lines are labels, not secret.
 */
function secretForms(secret: string): string[] {
  if (!secret) return []
  const lines = secret.includes('\n')
    ? secret
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('-----'))
    : []
  return [
    ...new Set([
      secret,
      formEncodeComponent(secret),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      ...lines
    ])
  ]
}

/**
 * Every form of every secret input and the forms a request derived from them (a Basic
 * header), for the runner's mask and for scrubbing vendor text.
 */
export function everySecretForm(context: VendorContext, derivedSecrets: readonly string[]): string[] {
  const inputForms = SECRET_INPUTS.flatMap((name) => secretForms(context.input(name)))
  return [...new Set([...inputForms, ...derivedSecrets])].filter(Boolean)
}

/** application/x-www-form-urlencoded encoding of one value (space as +). */
export function formEncodeComponent(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}
