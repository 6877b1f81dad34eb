// `npm run local-action` runs main and post from source with @github/local-action, as action
// authors debug locally: this keeps that working against the local mock vendors.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, startMockVendors } from '../test-support/mock-vendors.mjs'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
let mock: Mock
let workDir: string
beforeAll(async () => {
  mock = await startMockVendors()
  workDir = mkdtempSync(join(tmpdir(), 'vendor-token-local-action-'))
})
afterAll(async () => {
  await mock.close()
  rmSync(workDir, { recursive: true, force: true })
})

describe('local-action, as npm run local-action runs it', () => {
  it('runs main and post from source with .env.example pointed at the mock', async () => {
    // The committed example, with the mock's real port instead of 8443.
    const envFile = join(workDir, '.env')
    writeFileSync(envFile, readFileSync('.env.example', 'utf8').replaceAll('https://127.0.0.1:8443', mock.url))
    const revokedBefore = mock.stats.revoked.length

    const { stdout } = await runLocalAction(envFile)

    expect(stdout).toMatch(
      /Obtained a Bearer token from OAuth2 server \(expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; token SHA-256 [0-9a-f]{12}\); exported as OAUTH2_ACCESS_TOKEN\./
    )
    expect(stdout).toContain('::set-output name=scope::scan:read')
    expect(stdout).toContain('Running Post Step')
    expect(stdout).toMatch(/Revoked the token at 127\.0\.0\.1:\d+\./)
    expect(stdout).toContain('Deleted the token file.')
    expect(mock.stats.revoked.length).toBe(revokedBefore + 1)
    // The token and the secret never reach the output: local-action itself skips secret outputs.
    expect(stdout).not.toContain(mock.stats.revoked.at(-1))
    expect(stdout).not.toContain(DEMO_CREDENTIALS.clientSecret)
    expect(stdout).not.toContain('::error::')
  })

  it('exits 1 when the action fails, which local-action alone does not', async () => {
    const envFile = join(workDir, 'failing.env')
    writeFileSync(envFile, 'INPUT_VENDOR=picus\n')

    const failure = await runLocalAction(envFile).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error
    )

    expect(failure?.code).toBe(1)
    expect(failure?.stdout).toContain("Input 'refresh-token': is required for vendor 'picus', and it is empty.")
    expect(failure?.stderr).toContain('local-action: the action failed (see the ::error:: line above).')
  })
})

/** `npm run local-action -- <env file>`, as a contributor runs it. */
function runLocalAction(envFile: string) {
  return promisify(execFile)('node', ['scripts/local-action.mjs', envFile], {
    // NODE_PRESERVE_SYMLINKS: local-action stubs @actions/core by the path `npm ls` gives; where node_modules
    // is a symlink (a worktree sharing one install), Node would otherwise load the real path, unstubbed.
    env: { ...process.env, NODE_EXTRA_CA_CERTS: mock.caFile, RUNNER_TEMP: workDir, NODE_PRESERVE_SYMLINKS: '1' },
    timeout: 60_000
  })
}
