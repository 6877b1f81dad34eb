// npm run demo: try the action without credentials. Starts the local HTTPS mock
// of every vendor, runs the bundled dist/ main and post steps against each as
// the runner does, and prints what a workflow would see (secrets masked).
// The secretless legs (private_key_jwt, github-oidc, token-exchange, jfrog, cycode github-oidc) get their GitHub ID
// token from the mock's emulation of GitHub's endpoint, signed with a throwaway test key:
// a job with `permissions: id-token: write` has the same two variables, pointing at GitHub.
import { demoInputs, githubIdTokenEnv, startMockVendors } from '../test-support/mock-vendors.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'

const mock = await startMockVendors()
const extraEnv = { NODE_EXTRA_CA_CERTS: mock.caFile, ...githubIdTokenEnv(mock.url) }
let failures = 0

console.log(`Mock vendors at ${mock.url} (throwaway CA ${mock.caFile})\n`)
try {
  for (const [vendor, inputs] of Object.entries(demoInputs(mock.url))) {
    const job = createRunnerJob()
    const stepInputs = { ...inputs, 'write-token-file': 'true' }
    const main = await job.run('main', { inputs: stepInputs, extraEnv })
    const post = await job.run('post', { inputs: stepInputs, state: main.state, env: { ...main.env, ...extraEnv } })
    if (main.exitCode !== 0 || post.exitCode !== 0) failures++

    // The runner trims inputs (a PEM key's last line break) before the action masks them.
    const masked = (value) => (value && main.masks.includes(value.trim()) ? '***' : value || '(empty)')
    console.log(`== ${vendor}: main exit ${main.exitCode}, post exit ${post.exitCode}`)
    console.log(
      `   with:        ${Object.entries(inputs)
        .map(([name, value]) => `${name}=${masked(value)}`)
        .join(' ')}`
    )
    for (const name of [
      'token',
      'token-type',
      'expires-at',
      'expires-in',
      'scope',
      'user',
      'csrf-token',
      'token-file'
    ]) {
      console.log(
        `   ${`outputs.${name}`.padEnd(20)} ${name === 'token' ? masked(main.outputs[name]) : main.outputs[name] || '(empty)'}`
      )
    }
    for (const [name, value] of Object.entries(main.env)) console.log(`   env ${name.padEnd(16)} ${masked(value)}`)
    const lines = (log) => log.split('\n').filter((line) => line && !line.startsWith('::debug::'))
    for (const line of lines(main.log)) console.log(`   main log     ${line}`)
    for (const line of lines(post.log)) console.log(`   post log     ${line}`)
    console.log()
    job.dispose()
  }
  console.log(
    `Revoked at the mock's revocation endpoints (oauth2, crowdstrike): ${mock.stats.revoked.length} token(s).`
  )
} finally {
  await mock.close()
}
if (failures) {
  console.error(`${failures} vendor(s) failed.`)
  process.exit(1)
}
