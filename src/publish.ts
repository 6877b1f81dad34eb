import * as core from '@actions/core'
import { appendFileSync, writeFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { join } from 'node:path'
import { ActionError, describeError, errorCode } from './errors.js'
import type { ObtainedToken } from './exchange.js'
import type { ActionSettings } from './inputs.js'
import { saveStepState, sha256 } from './state.js'
import { makeTokenDir, tokenDirParent } from './token-dir.js'
import { escapeHtml } from './vendor-text.js'

/**
 * Hands an already-masked token to later steps: outputs, env, optional file,
 * and the state the post step needs to clean up exactly what was created here.
 */
export function publishToken(settings: ActionSettings, obtained: ObtainedToken): void {
  const { token, tokenType, expiresAt, scope } = obtained
  const { vendor, context, cleanup } = settings
  const tokenSha256 = sha256(token)
  saveStepState({
    vendor: vendor.id,
    cleanup,
    tokenSha256,
    expiresAt: expiresAt?.toISOString(),
    // The post step needs the token itself only to revoke it.
    revokeToken: cleanup && vendor.canRevoke?.(context) ? token : undefined
  })

  // The file first: if it cannot be written, nothing has been published yet.
  const tokenFile = settings.writeTokenFile ? writeTokenFile(token) : ''
  core.setOutput('token', token)
  core.setOutput('token-type', tokenType)
  core.setOutput('expires-at', expiresAt ? isoSeconds(expiresAt) : '')
  core.setOutput('expires-in', obtained.expiresIn === undefined ? '' : String(obtained.expiresIn))
  core.setOutput('scope', scope)
  core.setOutput('user', obtained.user)
  core.setOutput('csrf-token', obtained.csrfToken)

  if (settings.exportEnv) {
    core.exportVariable(settings.envVar, token)
    saveStepState({ envVar: settings.envVar })
  }

  core.setOutput('token-file', tokenFile)

  const expiry = expiresAt ? `expires at ${isoSeconds(expiresAt)}` : 'expiry not reported'
  const exported = settings.exportEnv ? `; exported as ${settings.envVar}` : ''
  const user = obtained.user ? ` for user ${obtained.user}` : ''
  const fingerprint = tokenFingerprint(tokenSha256)
  core.info(
    `Obtained a ${tokenType} token from ${settings.vendor.title}${user} (${expiry}; token SHA-256 ${fingerprint})${exported}.`
  )
  if (!settings.jobSummary) return
  try {
    writeSummary(settings, obtained, tokenFile, fingerprint)
  } catch (error) {
    // The summary is a convenience; the token is already delivered.
    core.warning(`Could not write the job summary: ${describeError(error)}`)
  }
}

/**
 * The token in a 0600 file of its own 0700 directory, which the post step deletes. On Windows the
 * mode means nothing beyond "not read-only": the file inherits the ACL of RUNNER_TEMP, so the
 * runner's folder and user account are what protect it there (README, Runners).
 */
function writeTokenFile(token: string): string {
  try {
    const directory = makeTokenDir()
    saveStepState({ tokenDir: directory })
    const file = join(directory, 'token')
    // Stryker disable next-line StringLiteral: '' means 'w'; the file cannot exist yet in the fresh mkdtemp directory
    writeFileSync(file, token, { mode: 0o600, flag: 'wx' })
    return file
  } catch (error) {
    const code = errorCode(error)
    throw new ActionError(
      `Could not write the token file under ${tokenDirParent()}${code ? ` (${code})` : ''}: ` +
        'check that RUNNER_TEMP is a writable directory, or set write-token-file to false.'
    )
  }
}

/**
 * The first 12 hex characters of the token's SHA-256: enough to match this run with the token in
 * the vendor's audit log or a later step's error, and nothing that helps to recover the token.
 */
function tokenFingerprint(tokenSha256: string): string {
  return tokenSha256.slice(0, 12)
}

function isoSeconds(date: Date): string {
  // Stryker disable next-line Regex: toISOString() has exactly one '.sssZ', always at the end
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * One small table in the job summary. Written here, synchronously, rather than through
 * core.summary: the same HTML without loading the async file API at the end of every step.
 */
function writeSummary(settings: ActionSettings, obtained: ObtainedToken, tokenFile: string, fingerprint: string): void {
  const summaryFile = process.env.GITHUB_STEP_SUMMARY
  if (!summaryFile) return
  const rows = [
    ['Vendor', settings.vendor.title],
    ['Token type', obtained.tokenType],
    ['Token SHA-256', `${fingerprint}...`],
    ['Expires at', obtained.expiresAt ? isoSeconds(obtained.expiresAt) : 'not reported'],
    ['Scope', obtained.scope || '(none reported)'],
    ['User', obtained.user || '(not reported)'],
    ['Environment variable', settings.exportEnv ? settings.envVar : '(not exported)'],
    ['Token file', tokenFile ? 'written (0600, removed by the post step)' : '(not written)']
  ]
  // Table cells are HTML. The token type and scope come from the vendor: they were validated as
  // single-line ASCII (exchange.ts), but RFC 6749 scopes may hold < > & ' .
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')
  appendFileSync(
    summaryFile,
    `<h3>vendor-token</h3>${EOL}<table><tr><th>Field</th><th>Value</th></tr>${body}</table>${EOL}`,
    // Stryker disable next-line ObjectLiteral: utf8 is appendFileSync's default encoding; kept to say so
    { encoding: 'utf8' }
  )
}
