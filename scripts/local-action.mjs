// `npm run local-action [-- <env file>]`: runs main and post from source with @github/local-action,
// and exits 1 when the action failed. local-action itself exits 0 after core.setFailed (its setFailed
// stub "does not set a failure exit code for the process"; @github/local-action src/stubs/core/core.ts),
// so a contributor would not see the failure in the exit code; its ::error:: line is what tells.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(fileURLToPath(import.meta.url), '..', '..')
const envFile = process.argv[2] ?? '.env'
const bin = join(root, 'node_modules', '.bin', 'local-action')
const child = spawn(bin, ['run', '.', 'src/main.ts', envFile, '--post', 'src/post.ts'], {
  cwd: root,
  // The mock vendors' throwaway CA, unless the caller trusts another one.
  env: { ...process.env, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? 'test-support/tls/ca.pem' },
  stdio: ['inherit', 'pipe', 'inherit']
})

// Colour codes and all, as local-action prints them; only the start of each line matters.
const ANSI = /\u001b\[[0-9;]*m/g
let pending = ''
let failed = false
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  const lines = (pending + chunk.toString('utf8')).split('\n')
  pending = lines.pop() ?? ''
  if (lines.some((line) => line.replace(ANSI, '').startsWith('::error'))) failed = true
})
child.on('close', (code) => {
  if (pending.replace(ANSI, '').startsWith('::error')) failed = true
  if (failed && code === 0) console.error('local-action: the action failed (see the ::error:: line above).')
  process.exitCode = code !== 0 ? (code ?? 1) : failed ? 1 : 0
})
