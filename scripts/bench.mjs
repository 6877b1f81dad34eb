// npm run bench: measures the bundled main step against the local HTTPS mock.
//  1. Latency: median wall time of dist/main for one Picus token, beside a bare Node 24 script
//     that does only the same POST, mask and output write, run alternately in one process.
//  2. Matrix: 24 concurrent main steps with default inputs against an endpoint allowing 4 tokens/s
//     (429 + Retry-After: 1), all must succeed; the makespan is compared with the ideal 24 / 4 = 6 s.
// Prints a Markdown table (copied into the README) and exits non-zero if a run failed.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { demoInputs, startMockVendors } from '../test-support/mock-vendors.mjs'
import { PROJECT_ROOT, createRunnerJob } from '../test-support/runner.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31)
const MATRIX_RUNS = 24
const RATE_PER_SECOND = 4

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const mock = await startMockVendors({ rateLimitPerSecond: RATE_PER_SECOND })
const extraEnv = { NODE_EXTRA_CA_CERTS: mock.caFile }
const job = createRunnerJob()
let failed = false

try {
  const inputs = { ...demoInputs(mock.url).picus, 'export-env': 'false' }
  const action = []
  const bare = []
  const actionRss = []
  const bareRss = []
  // One warm-up each, then alternate so both see the same machine state.
  for (let round = -1; round < ROUNDS; round++) {
    const a = await job.run('main', { inputs, extraEnv })
    const b = await job.run('main', { inputs, extraEnv, script: join(PROJECT_ROOT, 'scripts', 'bench-bare-token.mjs') })
    if (a.exitCode !== 0 || b.exitCode !== 0 || !a.outputs.token || !b.outputs.token) {
      failed = true
      console.error('a latency run failed:', a.log, b.log)
      break
    }
    if (round < 0) continue
    action.push(a.wallMs)
    bare.push(b.wallMs)
    actionRss.push(a.maxRssKiB)
    bareRss.push(b.maxRssKiB)
  }

  const matrixInputs = {
    vendor: 'appsec-plus',
    'base-url': `${mock.url}/limited`,
    'client-id': 'demo-client',
    'client-secret': 'demo-client-secret',
    // Default retry inputs: rate-limited answers are retried for up to max-retry-seconds.
    'export-env': 'false'
  }
  mock.stats.rateLimited = 0
  const started = performance.now()
  const matrix = await Promise.all(
    Array.from({ length: MATRIX_RUNS }, () => job.run('main', { inputs: matrixInputs, extraEnv }))
  )
  const makespanS = (performance.now() - started) / 1000
  const succeeded = matrix.filter((run) => run.exitCode === 0 && run.outputs.token).length
  if (succeeded !== MATRIX_RUNS) failed = true
  const idealS = MATRIX_RUNS / RATE_PER_SECOND

  const bundleKiB = (entry) => (statSync(join(PROJECT_ROOT, 'dist', entry, 'index.js')).size / 1024).toFixed(0)
  const ratio = median(action) / median(bare)
  const rows = [
    ['main step, median wall time', `${median(action).toFixed(0)} ms`],
    ['bare Node 24 POST + mask + output, median', `${median(bare).toFixed(0)} ms`],
    ['ratio (target <= 1.3x)', `${ratio.toFixed(2)}x`],
    [
      'peak memory (max RSS), main step / bare',
      `${(median(actionRss) / 1024).toFixed(0)} MiB / ${(median(bareRss) / 1024).toFixed(0)} MiB`
    ],
    ['bundle size, dist/main / dist/post', `${bundleKiB('main')} KiB / ${bundleKiB('post')} KiB`],
    [
      `matrix: ${MATRIX_RUNS} concurrent runs at ${RATE_PER_SECOND} tokens/s`,
      `${succeeded}/${MATRIX_RUNS} succeeded, ${mock.stats.rateLimited} answers were 429`
    ],
    [
      `matrix makespan vs ideal ${idealS} s (target <= 1.5x)`,
      `${makespanS.toFixed(1)} s (${(makespanS / idealS).toFixed(2)}x)`
    ]
  ]
  console.log(`Node ${process.version}, ${ROUNDS} alternating rounds\n`)
  console.log('| measure | result |\n|---|---|')
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`)
} finally {
  await mock.close()
  job.dispose()
}
if (failed) {
  console.error('\nbenchmark runs failed')
  process.exit(1)
}
