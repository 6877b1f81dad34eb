// End to end: the bundled dist/ run as the runner runs it, against the local HTTPS mock of every vendor.
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs, startMockVendors } from '../test-support/mock-vendors.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'
import { expectExpiry } from './support/expiry.js'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
let mock: Mock
let inputs: ReturnType<typeof demoInputs>

beforeAll(async () => {
  mock = await startMockVendors()
  inputs = demoInputs(mock.url)
})
afterAll(() => mock.close())

const ENV_VARS: Record<string, string> = {
  picus: 'PICUS_ACCESS_TOKEN',
  securithings: 'SECURITHINGS_ACCESS_TOKEN',
  'appsec-plus': 'APPSEC_PLUS_ACCESS_TOKEN',
  qualys: 'QUALYS_ACCESS_TOKEN',
  'paloalto-saas': 'PALOALTO_SAAS_ACCESS_TOKEN',
  crowdstrike: 'CROWDSTRIKE_ACCESS_TOKEN',
  wiz: 'WIZ_ACCESS_TOKEN',
  'prisma-cloud': 'PRISMA_CLOUD_ACCESS_TOKEN',
  'checkmarx-one': 'CHECKMARX_ONE_ACCESS_TOKEN',
  lacework: 'LACEWORK_ACCESS_TOKEN',
  'entra-id': 'ENTRA_ID_ACCESS_TOKEN',
  snyk: 'SNYK_OAUTH_TOKEN',
  'fortify-on-demand': 'FORTIFY_ON_DEMAND_ACCESS_TOKEN',
  'black-duck': 'BLACK_DUCK_ACCESS_TOKEN',
  'endor-labs': 'ENDOR_TOKEN',
  appscan: 'APPSCAN_ACCESS_TOKEN',
  cycode: 'CYCODE_ACCESS_TOKEN',
  upwind: 'UPWIND_ACCESS_TOKEN',
  oauth2: 'OAUTH2_ACCESS_TOKEN'
}
// Vendors whose post step revokes the token at the mock.
const REVOKING = ['oauth2', 'crowdstrike']
const SECRETS = [
  DEMO_CREDENTIALS.clientSecret,
  DEMO_CREDENTIALS.refreshToken,
  DEMO_CREDENTIALS.checkmarxApiKey,
  DEMO_CREDENTIALS.blackDuckApiToken
]
// RFC 6750 b64token: JWTs, and opaque tokens such as Lacework's.
const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/

describe.each(Object.keys(ENV_VARS))('dist main + post for %s', (vendor) => {
  it('issues a masked token, exports it, and the post step cleans up', async () => {
    const job = createRunnerJob()
    const stepInputs = { ...inputs[vendor as keyof typeof inputs], 'write-token-file': 'true' }
    const extraEnv = { NODE_EXTRA_CA_CERTS: mock.caFile, RUNNER_DEBUG: '1' }

    const main = await job.run('main', { inputs: stepInputs, extraEnv })

    expect(main.log).not.toContain('::error::')
    expect(main.exitCode).toBe(0)
    const token = main.outputs.token
    expect(token).toMatch(B64TOKEN)
    expect(main.outputs['token-type']).toBe('Bearer')
    expectExpiry(main.outputs)
    expect(main.env).toEqual({ [ENV_VARS[vendor]]: token })
    expect(main.masks).toContain(token)
    // Black Duck's X-CSRF-TOKEN answer header is an output, masked; empty for every other vendor.
    const csrf = main.outputs['csrf-token']
    if (vendor === 'black-duck') {
      expect(csrf).toMatch(/^mock-csrf-\d+-\d+$/)
      expect(main.masks).toContain(csrf)
      expect(main.log).not.toContain(csrf)
    } else expect(csrf).toBe('')
    // After the runner applies the masks, no secret, token or refresh token is left in the log.
    const secrets = [token, ...SECRETS, ...mock.stats.refreshTokens]
    for (const secret of secrets) {
      expect(main.log).not.toContain(secret)
      expect(main.summary).not.toContain(secret)
    }
    expect(main.stdout.indexOf(`::add-mask::${token}`)).toBeLessThan(main.stdout.indexOf('Obtained a'))
    expect(existsSync(main.outputs['token-file'])).toBe(true)

    const post = await job.run('post', { inputs: stepInputs, state: main.state, env: { ...main.env, ...extraEnv } })

    expect(post.exitCode).toBe(0)
    expect(post.log).not.toContain('::warning::')
    expect(existsSync(main.outputs['token-file'])).toBe(false)
    expect(post.env).toEqual({ [ENV_VARS[vendor]]: '' })
    if (REVOKING.includes(vendor)) {
      expect(mock.stats.revoked).toContain(token)
      expect(post.log).toMatch(/Revoked the token at 127\.0\.0\.1:\d+\./)
    } else expect(mock.stats.revoked).not.toContain(token)
    for (const secret of secrets) expect(post.log).not.toContain(secret)
    job.dispose()
  })
})

describe('the E2E workflow', () => {
  // The `with:` of `uses: ./` in .github/workflows/e2e.yml: every vendor gets every input,
  // and `${{ matrix.<name> }}` is what the matrix's `include:` adds to that vendor's leg, or ''.
  const workflow = readFileSync('.github/workflows/e2e.yml', 'utf8')
  const withBlock = workflow.split(/uses: \.\/\n\s+with:\n/)[1].split(/\n\s*\n/)[0]
  const includeBlock = workflow.split(/\n\s+include:\n/)[1]?.split(/\n\s+[\w-]+:\n|\n\s*\n/)[0] ?? ''
  const legs = includeBlock
    .split(/^\s+- /m)
    .filter((entry) => entry.trim())
    .map((entry) =>
      Object.fromEntries([...entry.matchAll(/^\s*([\w-]+): (.*)$/gm)].map(([, name, value]) => [name, value]))
    )
  const workflowInputs = (vendor: string) => {
    const leg: Record<string, string> = Object.assign({ vendor }, ...legs.filter((entry) => entry.vendor === vendor))
    return Object.fromEntries(
      [...withBlock.matchAll(/^\s+([\w-]+): (.*)$/gm)].map(([, name, value]) => [
        name,
        value
          .replaceAll('${{ env.MOCK }}', mock.url)
          .replace(/\$\{\{ matrix\.([\w-]+) \}\}/g, (_expression, key: string) => leg[key] ?? '')
      ])
    )
  }

  it('gives the refresh token to the picus leg only', () => {
    expect(workflowInputs('picus')['refresh-token']).toBe(DEMO_CREDENTIALS.refreshToken)
    expect(workflowInputs('checkmarx-one')['refresh-token']).toBe('')
    expect(workflowInputs('lacework').tenant).toBe(DEMO_CREDENTIALS.tenant)
  })

  it.each(Object.keys(ENV_VARS))('its matrix leg for %s passes', async (vendor) => {
    const job = createRunnerJob()
    const main = await job.run('main', {
      inputs: workflowInputs(vendor),
      extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile }
    })
    expect(main.log).not.toContain('::error::')
    expect(main.outputs['token-type']).toBe('Bearer')
    expect(main.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(main.env.VENDOR_TOKEN).toBe(main.outputs.token)
    expect(readFileSync(main.outputs['token-file'], 'utf8')).toBe(main.outputs.token)
    job.dispose()
  })
})

describe('a rate-limited matrix', () => {
  it('24 concurrent jobs against a vendor allowing 4 tokens/s all get a token with default inputs', async () => {
    const job = createRunnerJob()
    const stepInputs = { ...inputs['appsec-plus'], 'base-url': `${mock.url}/limited` }
    const rateLimitedBefore = mock.stats.rateLimited
    const runs = await Promise.all(
      Array.from({ length: 24 }, () =>
        job.run('main', { inputs: stepInputs, extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile } })
      )
    )
    for (const run of runs) {
      expect(run.log).not.toContain('::error::')
      expect(run.exitCode).toBe(0)
      expect(run.outputs.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    }
    // The scenario really was rate limited: 24 jobs at 4/s need several rounds.
    expect(mock.stats.rateLimited - rateLimitedBefore).toBeGreaterThanOrEqual(20)
    expect(runs.some((run) => /HTTP 429; retrying in 1\.\d s \(attempt [3-9]; rate limited/.test(run.log))).toBe(true)
    job.dispose()
  })
})

describe('dist failures', () => {
  it('a refused credential fails the step with one clear line, and post still succeeds', async () => {
    const job = createRunnerJob()
    const stepInputs = { ...inputs['appsec-plus'], 'client-secret': 'wrong-secret' }
    const main = await job.run('main', { inputs: stepInputs, extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile } })

    expect(main.exitCode).toBe(1)
    expect(main.log).toContain(
      '::error::AppSec+ refused the token request (POST 127.0.0.1:' +
        mock.port +
        '/appsec-plus/oauth/token): HTTP 401 (invalid_client). AppSec+ did not accept the client: check client-id and client-secret.'
    )
    expect(main.log).not.toContain('wrong-secret')
    expect(main.stderr).toBe('')
    expect(main.outputs).toEqual({})

    const post = await job.run('post', { inputs: stepInputs, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(post.log).toContain('No token was issued by this step; nothing to clean up.')
  })

  it('a server that never answers times out per attempt, then fails cleanly', async () => {
    const job = createRunnerJob()
    const stepInputs = {
      ...inputs['appsec-plus'],
      'base-url': `${mock.url}/hang`,
      'timeout-seconds': '1',
      'max-attempts': '2'
    }
    const main = await job.run('main', { inputs: stepInputs, extraEnv: { NODE_EXTRA_CA_CERTS: mock.caFile } })
    expect(main.exitCode).toBe(1)
    expect(main.log).toMatch(/no answer within 1 s; retrying in \d\.\d s \(attempt 2 of 2\)/)
    expect(main.log).toContain('::error::AppSec+ at 127.0.0.1:')
    expect(main.log).toContain('did not answer usefully after 2 attempt(s): last no answer within 1 s.')
    expect(main.stderr).toBe('')
    job.dispose()
  })

  it('an untrusted certificate is explained, not retried', async () => {
    const job = createRunnerJob()
    const main = await job.run('main', { inputs: inputs.picus })
    expect(main.exitCode).toBe(1)
    expect(main.log).toMatch(
      /::error::The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(\w+\)\. For a private CA \(an on-premises server, a TLS-inspecting proxy\), pass its PEM certificate in ca-certificate, or point NODE_EXTRA_CA_CERTS at its PEM file\./
    )
    expect(main.log).not.toContain('retrying')
  })
})
