// Behind an HTTP CONNECT proxy, main and post run as the runner runs them: the bundled dist/ in
// child processes, and the same scenarios from source in-process (so coverage sees transport.ts).
// The vendor is https://api.vendor.test:<mock port>, a name only the test proxy resolves
// (http-client never proxies loopback, so 127.0.0.1 would not exercise the proxy).
import nock from 'nock'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs, startMockVendors } from '../test-support/mock-vendors.mjs'
import { startProxy } from '../test-support/proxy.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'
import { createJob, type StepOptions, type StepResult } from './support/action.js'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
type Proxy = Awaited<ReturnType<typeof startProxy>>
/** A dist job (child processes) or a source job (in-process): the same run() either way. */
interface Job {
  run(entry: 'main' | 'post', options?: StepOptions): Promise<Step>
  dispose(): void
}
// Only dist runs time the step.
type Step = StepResult & { wallMs?: number }

// A mutation run (stryker.config.mjs) mutates src/ only: the dist runs could kill no mutant, so they are left out.
const MUTATION_RUN = process.env.VENDOR_TOKEN_MUTATION_RUN === '1'
const MODES: Record<string, () => Job> = MUTATION_RUN
  ? { source: createJob }
  : { dist: createRunnerJob, source: createJob }
let makeJob: () => Job = createRunnerJob
const describeDist = MUTATION_RUN ? describe.skip : describe

let mock: Mock
beforeAll(async () => {
  mock = await startMockVendors()
})
afterAll(() => mock.close())

// Two attempts of 1 s, at most 1 s of backoff between them, plus Node start-up and a loaded machine.
const TIMEOUT_SECONDS = 1
const ATTEMPTS = 2
const STEP_BOUND_MS = ATTEMPTS * TIMEOUT_SECONDS * 1000 + 1000 + 2000

const vendorUrl = (path = '') => `https://api.vendor.test:${mock.port}${path}`
const oauth2Inputs = (path = '') => ({
  ...demoInputs(vendorUrl(path)).oauth2,
  'timeout-seconds': String(TIMEOUT_SECONDS),
  'max-attempts': String(ATTEMPTS)
})

// What the mock issues (test-support/mock-vendors.mjs): its own JWTs, with these lifetimes.
const OAUTH2_LIFETIME = 900
const PICUS_LIFETIME = 7200

/** A token the mock issued, passed through unchanged: sub demo, jti mock-<n>, the vendor's lifetime. */
function expectMockToken(token: string, lifetimeSeconds: number): void {
  const [, payload] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
  expect(claims.sub).toBe('demo')
  expect(claims.jti).toMatch(/^mock-\d+$/)
  expect(Number(claims.exp) - Number(claims.iat)).toBe(lifetimeSeconds)
}

/** Runs a dist step; every run must leave stderr empty (no warnings, no stack traces). */
async function run(job: Job, entry: 'main' | 'post', options: StepOptions): Promise<Step> {
  const step = await job.run(entry, options)
  expect(step.stderr).toBe('')
  return step
}

/** Runs `test` with a fresh proxy and job, and always stops both. */
async function withProxy(
  options: Parameters<typeof startProxy>[0],
  test: (proxy: Proxy, job: Job) => Promise<void>
): Promise<void> {
  const proxy = await startProxy(options)
  const job = makeJob()
  try {
    await test(proxy, job)
  } finally {
    await proxy.close()
    job.dispose()
  }
}

const proxyEnv = (proxy: Proxy, extra: Record<string, string> = {}) => ({
  NODE_EXTRA_CA_CERTS: mock.caFile,
  https_proxy: proxy.url,
  ...extra
})

/** A main step through a normal proxy, for the post tests. */
async function issueThroughProxy(job: Job, inputs: Record<string, string>): Promise<Step> {
  let main: Step | undefined
  await withProxy({}, async (proxy) => {
    main = await run(job, 'main', { inputs, extraEnv: proxyEnv(proxy) })
  })
  expect(main?.exitCode).toBe(0)
  return main!
}

describe.each(Object.keys(MODES))('%s:', (mode) => {
  beforeAll(() => {
    makeJob = MODES[mode]
    // In-process steps open real sockets to the proxy and the mock: nock must not intercept them.
    if (mode === 'source') nock.restore()
  })
  afterAll(() => {
    if (mode === 'source') nock.activate()
  })

  describe('through https_proxy', () => {
    it('main gets a token through the tunnel and post revokes it through the tunnel', () =>
      withProxy({}, async (proxy, job) => {
        const inputs = oauth2Inputs()
        const main = await run(job, 'main', { inputs, extraEnv: proxyEnv(proxy, { RUNNER_DEBUG: '1' }) })

        expect(main.exitCode).toBe(0)
        const token = main.outputs.token
        expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
        expect(proxy.stats.targets).toEqual([`api.vendor.test:${mock.port}`])

        const post = await run(job, 'post', { inputs, state: main.state, env: { ...main.env, ...proxyEnv(proxy) } })

        expect(post.exitCode).toBe(0)
        expect(post.log).toContain(`Revoked the token at api.vendor.test:${mock.port}.`)
        expect(mock.stats.revoked).toContain(token)
        expect(proxy.stats.targets).toEqual([`api.vendor.test:${mock.port}`, `api.vendor.test:${mock.port}`])
      }))

    it('honours upper-case HTTPS_PROXY', () =>
      withProxy({}, async (proxy, job) => {
        const main = await run(job, 'main', {
          inputs: oauth2Inputs(),
          extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile, HTTPS_PROXY: proxy.url }
        })
        expect(main.exitCode).toBe(0)
        expectMockToken(main.outputs.token, OAUTH2_LIFETIME)
        expect(proxy.stats.connects).toBe(1)
      }))

    it('tunnels through an https:// proxy (its certificate trusted through NODE_EXTRA_CA_CERTS)', () =>
      withProxy({ tls: true }, async (proxy, job) => {
        expect(proxy.url).toMatch(/^https:/)
        const main = await run(job, 'main', { inputs: oauth2Inputs(), extraEnv: proxyEnv(proxy) })
        expect(main.exitCode).toBe(0)
        expectMockToken(main.outputs.token, OAUTH2_LIFETIME)
        expect(proxy.stats.targets).toEqual([`api.vendor.test:${mock.port}`])
      }))

    it('sends CONNECT [v6]:port for an IPv6 literal, and checks the certificate against that IP', () =>
      withProxy({}, async (proxy, job) => {
        const inputs = demoInputs(`https://[2001:db8::1]:${mock.port}`).picus
        const main = await run(job, 'main', { inputs, extraEnv: proxyEnv(proxy) })
        expect(main.log).not.toContain('::error::')
        expectMockToken(main.outputs.token, PICUS_LIFETIME)
        expect(proxy.stats.targets).toEqual([`[2001:db8::1]:${mock.port}`])
      }))

    // The proxy is 127.0.0.1, which the certificate covers: the tunnel must check the target's name.
    it.each(['other.vendor.test', '[2001:db8::2]'])(
      'refuses a certificate that does not cover the target %s, though it covers the proxy',
      (host) =>
        withProxy({}, async (proxy, job) => {
          const main = await run(job, 'main', {
            inputs: demoInputs(`https://${host}:${mock.port}`).picus,
            extraEnv: proxyEnv(proxy)
          })
          expect(main.exitCode).toBe(1)
          expect(main.log).toContain(
            `::error::The TLS certificate of ${host}:${mock.port} is not trusted (ERR_TLS_CERT_ALTNAME_INVALID).`
          )
          expect(proxy.stats.targets).toEqual([`${host}:${mock.port}`])
        })
    )

    it('sends hosts listed in no_proxy directly, never to the proxy', () =>
      withProxy({}, async (proxy, job) => {
        const inputs = { ...oauth2Inputs(), 'max-attempts': '1' }
        const main = await run(job, 'main', {
          inputs,
          extraEnv: proxyEnv(proxy, { no_proxy: 'example.com, .vendor.test' })
        })
        // Only the proxy can resolve api.vendor.test, so going direct fails on the name.
        expect(main.exitCode).toBe(1)
        expect(main.log).toMatch(/::error::.*api\.vendor\.test:\d+/)
        expect(main.log).not.toContain('proxy')
        expect(proxy.stats.connects).toBe(0)
      }))

    it('sends the decoded proxy credentials, masks the password and never prints it (main and post)', () => {
      const user = 'ci-bot'
      const password = 'pr0xy p@ss:w/rd'
      return withProxy({ mode: 'auth', user, password }, async (proxy, job) => {
        const https_proxy = `http://${user}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`
        const extraEnv = { NODE_EXTRA_CA_CERTS: mock.caFile, RUNNER_DEBUG: '1', https_proxy }
        const inputs = oauth2Inputs()
        const main = await run(job, 'main', { inputs, extraEnv })
        const post = await run(job, 'post', { inputs, state: main.state, env: { ...main.env, ...extraEnv } })

        expect(main.exitCode).toBe(0)
        expect(post.exitCode).toBe(0)
        expect(mock.stats.revoked).toContain(main.outputs.token)
        expect(proxy.stats.connects).toBe(2)
        for (const step of [main, post]) {
          expect(step.masks).toContain(password)
          for (const form of [
            password,
            encodeURIComponent(password),
            Buffer.from(`${user}:${password}`).toString('base64')
          ]) {
            expect(step.log).not.toContain(form)
            expect(step.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(form)
          }
        }
      })
    })
  })

  describe('proxy refusals', () => {
    it('a 407 is explained as the proxy refusing authentication, not retried, and the password is not printed', () =>
      withProxy({ mode: 'auth', user: 'ci-bot', password: 'right' }, async (proxy, job) => {
        const https_proxy = `http://ci-bot:wrong-proxy-password@127.0.0.1:${proxy.port}`
        const main = await run(job, 'main', {
          inputs: oauth2Inputs(),
          extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile, https_proxy }
        })

        expect(main.exitCode).toBe(1)
        expect(main.log).toContain(
          `::error::The proxy 127.0.0.1:${proxy.port} (from https_proxy) refused authentication (HTTP 407): ` +
            'check the user and password in the proxy URL.'
        )
        expect(main.log).not.toMatch(/ECONNRESET|transient|retrying/)
        expect(main.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('wrong-proxy-password')
        expect(proxy.stats.connects).toBe(1)
      }))

    it('a 407 to a proxy URL without credentials says to add them', () =>
      withProxy({ mode: 'auth', user: 'ci-bot', password: 'right' }, async (proxy, job) => {
        const main = await run(job, 'main', { inputs: oauth2Inputs(), extraEnv: proxyEnv(proxy) })
        expect(main.exitCode).toBe(1)
        expect(main.log).toContain(
          `::error::The proxy 127.0.0.1:${proxy.port} (from https_proxy) requires authentication (HTTP 407): ` +
            'put the user and password in the proxy URL, http://user:password@host:port.'
        )
      }))

    it('a 403 to CONNECT is final and names the target', () =>
      withProxy({ mode: 'refuse', status: 403 }, async (proxy, job) => {
        const main = await run(job, 'main', { inputs: oauth2Inputs(), extraEnv: proxyEnv(proxy) })
        expect(main.exitCode).toBe(1)
        expect(main.log).toContain(
          `::error::The proxy 127.0.0.1:${proxy.port} (from https_proxy) refused to connect to api.vendor.test:${mock.port} (HTTP 403).`
        )
        expect(proxy.stats.connects).toBe(1)
      }))

    it('an unreachable proxy is named, and treated as transient', async () => {
      const closed = await startProxy()
      await closed.close()
      const job = makeJob()
      const inputs = { ...oauth2Inputs(), 'max-attempts': '1' }
      const main = await run(job, 'main', {
        inputs,
        extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile, https_proxy: closed.url }
      })
      expect(main.exitCode).toBe(1)
      expect(main.log).toContain(
        `last connection to the proxy 127.0.0.1:${closed.port} failed (ECONNREFUSED). This looks transient`
      )
      job.dispose()
    })
  })

  describe('IPv6 literals', () => {
    let mock6: Mock
    beforeAll(async () => {
      mock6 = await startMockVendors({ host: '::1' })
    })
    afterAll(() => mock6.close())

    it('https://[::1]:port works for main and post (and loopback is never sent to the proxy)', () =>
      withProxy({}, async (proxy, job) => {
        expect(mock6.url).toBe(`https://[::1]:${mock6.port}`)
        const inputs = demoInputs(mock6.url).oauth2
        const extraEnv = proxyEnv(proxy)
        const main = await run(job, 'main', { inputs, extraEnv })
        expect(main.log).not.toContain('::error::')
        expect(main.exitCode).toBe(0)
        expectMockToken(main.outputs.token, OAUTH2_LIFETIME)

        const post = await run(job, 'post', { inputs, state: main.state, env: { ...main.env, ...extraEnv } })
        expect(post.exitCode).toBe(0)
        expect(post.log).toContain(`Revoked the token at [::1]:${mock6.port}.`)
        expect(mock6.stats.revoked).toContain(main.outputs.token)
        expect(proxy.stats.connects).toBe(0)
      }))

    it('another vendor with base-url https://[::1]:port', async () => {
      const job = makeJob()
      const main = await run(job, 'main', {
        inputs: demoInputs(mock6.url).picus,
        extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile }
      })
      expect(main.exitCode).toBe(0)
      expect(main.log).not.toContain(DEMO_CREDENTIALS.refreshToken)
      expectMockToken(main.outputs.token, PICUS_LIFETIME)
      job.dispose()
    })
  })
})

// The slow ones (each waits out its timeouts) run side by side; each has its own proxy and job.
describeDist('every wait is bounded and the process exits (dist)', () => {
  beforeAll(() => {
    makeJob = createRunnerJob
  })

  it.concurrent('502 from the proxy is retried like a 5xx', () =>
    withProxy({ mode: 'refuse', status: 502 }, async (proxy, job) => {
      const main = await run(job, 'main', { inputs: oauth2Inputs(), extraEnv: proxyEnv(proxy) })
      expect(main.exitCode).toBe(1)
      expect(main.log).toMatch(
        new RegExp(`the proxy 127\\.0\\.0\\.1:${proxy.port} answered HTTP 502 to CONNECT; retrying in \\d\\.\\d s`)
      )
      expect(proxy.stats.connects).toBe(2)
    })
  )

  it.concurrent('a proxy that never answers CONNECT ends main within timeout x attempts + backoff', () =>
    withProxy({ mode: 'silent' }, async (proxy, job) => {
      const main = await run(job, 'main', { inputs: oauth2Inputs(), extraEnv: proxyEnv(proxy) })
      expect(main.exitCode).toBe(1)
      expect(main.log).toContain(
        `did not answer usefully after 2 attempt(s): last no answer within 1 s (the proxy 127.0.0.1:${proxy.port} did not answer CONNECT).`
      )
      expect(main.wallMs).toBeGreaterThanOrEqual(ATTEMPTS * TIMEOUT_SECONDS * 1000)
      expect(main.wallMs).toBeLessThan(STEP_BOUND_MS)
      expect(proxy.stats.connects).toBe(2)
    })
  )

  it.concurrent('a target that stalls behind the proxy ends main within the same bound', () =>
    withProxy({}, async (proxy, job) => {
      const main = await run(job, 'main', { inputs: oauth2Inputs('/hang'), extraEnv: proxyEnv(proxy) })
      expect(main.exitCode).toBe(1)
      expect(main.log).toContain(
        'did not answer usefully after 2 attempt(s): last no answer within 1 s. This looks transient'
      )
      expect(main.wallMs).toBeLessThan(STEP_BOUND_MS)
      expect(proxy.stats.connects).toBe(2)
    })
  )

  it.concurrent('post behind a proxy that never answers warns, exits 0, within the bound', async () => {
    const job = createRunnerJob()
    const inputs = oauth2Inputs()
    const main = await issueThroughProxy(job, inputs)
    await withProxy({ mode: 'silent' }, async (silent) => {
      const post = await run(job, 'post', { inputs, state: main.state, env: { ...main.env, ...proxyEnv(silent) } })
      expect(post.exitCode).toBe(0)
      expect(post.log).toContain('::warning::Token revocation failed: OAuth2 server at api.vendor.test:')
      expect(post.log).toContain('The token stays valid until it expires.')
      expect(post.env).toEqual({ OAUTH2_ACCESS_TOKEN: '' })
      expect(post.wallMs).toBeLessThan(STEP_BOUND_MS)
      expect(silent.stats.connects).toBe(2)
    })
    job.dispose()
  })
})

it.each(['main', 'post'])('dist/%s bundles the tunnel stub, not the tunnel package', (entry) => {
  // The real package is never used (src/transport.ts tunnels) and logs a DeprecationWarning with a proxy password.
  const bundle = readFileSync(`dist/${entry}/index.js`, 'utf8')
  expect(bundle).not.toContain('createSecureSocket')
  expect(bundle).not.toContain('TunnelingAgent')
})
