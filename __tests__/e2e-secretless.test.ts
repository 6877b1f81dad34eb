// End to end for the secretless modes: the bundled dist/ main and post run as the runner runs them,
// against the local mock, whose emulated GitHub ID token endpoint stands in for the runner's
// (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN) and whose servers verify every token and assertion with jose.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { demoInputs, githubIdTokenEnv, startMockVendors } from '../test-support/mock-vendors.mjs'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { startProxy } from '../test-support/proxy.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'
import { expectExpiry } from './support/expiry.js'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
type Run = Awaited<ReturnType<ReturnType<typeof createRunnerJob>['run']>>
let mock: Mock
let inputs: ReturnType<typeof demoInputs>

beforeAll(async () => {
  mock = await startMockVendors()
  inputs = demoInputs(mock.url)
})
afterAll(() => mock.close())

const runnerEnv = () => ({ NODE_EXTRA_CA_CERTS: mock.caFile, RUNNER_DEBUG: '1', ...githubIdTokenEnv(mock.url) })
const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))

/**
 * No secret of the secretless modes is printed, not even before the runner's masking: the key's
 * lines, the request token, every ID token the mock issued and every assertion it received.
 */
function expectNoSecretPrinted(run: Run) {
  const printed = run.stdout.replace(/^::add-mask::.*$/gm, '') + run.stderr + run.summary
  const secrets = [
    ...Object.values(CLIENT_KEYS).flatMap(keyLines),
    githubIdTokenEnv(mock.url).ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ...mock.oidcSeen.idTokens,
    ...mock.oidcSeen.assertions
  ]
  for (const secret of secrets) expect(printed).not.toContain(secret)
  expect(printed).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
}

const LEGS: Record<string, string> = {
  'oauth2-private-key-jwt': 'OAUTH2_ACCESS_TOKEN',
  'oauth2-github-oidc': 'OAUTH2_ACCESS_TOKEN',
  'oauth2-token-exchange': 'OAUTH2_ACCESS_TOKEN',
  jfrog: 'JFROG_ACCESS_TOKEN',
  'entra-id-certificate': 'ENTRA_ID_ACCESS_TOKEN',
  'entra-id-github-oidc': 'ENTRA_ID_ACCESS_TOKEN',
  'cycode-github-oidc': 'CYCODE_ACCESS_TOKEN'
}
// The legs that sign their own assertion ask GitHub for no ID token.
const SIGNING_LEGS = ['oauth2-private-key-jwt', 'entra-id-certificate']

describe.each(Object.keys(LEGS))('dist main + post for %s', (leg) => {
  it('issues a masked token without a stored secret, and the post step cleans up', async () => {
    const job = createRunnerJob()
    const stepInputs = { ...inputs[leg as keyof typeof inputs], 'write-token-file': 'true' }
    const idTokensBefore = mock.oidcSeen.idTokens.length

    const main = await job.run('main', { inputs: stepInputs, extraEnv: runnerEnv() })

    expect(main.log).not.toContain('::error::')
    expect(main.exitCode).toBe(0)
    const token = main.outputs.token
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(main.outputs['token-type']).toBe('Bearer')
    expectExpiry(main.outputs)
    expect(main.env).toEqual({ [LEGS[leg]]: token })
    // Every mode but a signed assertion asked the (emulated) GitHub endpoint for one ID token.
    expect(mock.oidcSeen.idTokens.length - idTokensBefore).toBe(SIGNING_LEGS.includes(leg) ? 0 : 1)
    for (const idToken of mock.oidcSeen.idTokens.slice(idTokensBefore)) expect(main.masks).toContain(idToken)
    expectNoSecretPrinted(main)
    expect(existsSync(main.outputs['token-file'])).toBe(true)

    const post = await job.run('post', { inputs: stepInputs, state: main.state, env: { ...main.env, ...runnerEnv() } })

    expect(post.exitCode).toBe(0)
    expect(post.log).not.toContain('::warning::')
    expect(existsSync(main.outputs['token-file'])).toBe(false)
    expect(post.env).toEqual({ [LEGS[leg]]: '' })
    if ('revoke-url' in stepInputs) expect(mock.stats.revoked).toContain(token)
    expectNoSecretPrinted(post)
    job.dispose()
  })
})

describe('dist private_key_jwt with every key form and algorithm', () => {
  it.each([
    ['rsa-pkcs1', 'PS256'],
    ['rsa', 'PS256'],
    ['ec', 'ES256']
  ] as const)('the %s key signs %s, verified by the mock', async (key, algorithm) => {
    const job = createRunnerJob()
    const stepInputs = {
      ...inputs['oauth2-private-key-jwt'],
      'private-key': CLIENT_KEYS[key],
      'signing-algorithm': algorithm,
      'key-id': ''
    }
    const main = await job.run('main', { inputs: stepInputs, extraEnv: runnerEnv() })
    expect(main.log).not.toContain('::error::')
    expect(main.exitCode).toBe(0)
    expectNoSecretPrinted(main)
    const post = await job.run('post', { inputs: stepInputs, state: main.state, env: runnerEnv() })
    expect(post.log).toContain('Revoked the token at 127.0.0.1:')
    job.dispose()
  })
})

describe('dist jfrog run context and user', () => {
  it("sends the runner's run context and reports the user the token acts as", async () => {
    const job = createRunnerJob()
    const runContext = {
      GITHUB_JOB: 'scan',
      GITHUB_RUN_ID: '16432187650',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
      GITHUB_REF_NAME: 'main'
    }
    const main = await job.run('main', { inputs: inputs.jfrog, extraEnv: { ...runnerEnv(), ...runContext } })
    expect(main.exitCode).toBe(0)
    expect(mock.stats.jfrogRunContexts.at(-1)).toEqual({
      gh_job_id: 'scan',
      gh_run_id: '16432187650',
      gh_repo: 'acme/app',
      gh_revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
      gh_branch: 'main',
      repo: 'acme/app',
      revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
      branch: 'main'
    })
    expect(main.outputs.user).toBe('demo-user')
    expect(main.log).toMatch(/^Obtained a Bearer token from JFrog Platform for user demo-user \(expires at /m)
    expectNoSecretPrinted(main)
    job.dispose()
  })
})

describe('dist behind https_proxy', () => {
  it('asks for the ID token through the proxy too, like every request', async () => {
    const proxy = await startProxy()
    const job = createRunnerJob()
    try {
      // A name only the test proxy resolves (loopback is never proxied), with the mock's certificate.
      const vendorHost = `api.vendor.test:${mock.port}`
      const main = await job.run('main', {
        inputs: { ...inputs.jfrog, 'base-url': `https://${vendorHost}/jfrog` },
        extraEnv: {
          ...runnerEnv(),
          ...githubIdTokenEnv(`https://${vendorHost}`),
          https_proxy: proxy.url
        }
      })
      expect(main.log).not.toContain('::error::')
      expect(main.exitCode).toBe(0)
      // One tunnel for the ID token, one for the exchange.
      expect(proxy.stats.targets).toEqual([vendorHost, vendorHost])
      expectNoSecretPrinted(main)
    } finally {
      await proxy.close()
      job.dispose()
    }
  })
})

describe('dist refusals', () => {
  /** Runs main, expects exactly this error line, no output, and a post step with nothing to do. */
  async function expectFailure(
    stepInputs: Record<string, string>,
    extraEnv: Record<string, string>,
    error: string | RegExp
  ): Promise<Run> {
    const job = createRunnerJob()
    const main = await job.run('main', { inputs: stepInputs, extraEnv })
    expect(main.exitCode).toBe(1)
    const errorLine = main.log.match(/^::error::(.*)$/m)?.[1]
    if (typeof error === 'string') expect(errorLine).toBe(error)
    else expect(errorLine).toMatch(error)
    expect(main.stderr).toBe('')
    expect(main.outputs).toEqual({})
    expectNoSecretPrinted(main)
    const post = await job.run('post', { inputs: stepInputs, state: main.state, extraEnv })
    expect(post.exitCode).toBe(0)
    expect(post.log).toContain('No token was issued by this step; nothing to clean up.')
    job.dispose()
    return main
  }

  it('without `permissions: id-token: write` (no ACTIONS_ID_TOKEN_* variables): one clear error, no request', async () => {
    const requestsBefore = mock.stats.requests.length
    await expectFailure(
      inputs['oauth2-github-oidc'],
      { NODE_EXTRA_CA_CERTS: mock.caFile, RUNNER_DEBUG: '1' },
      'This job cannot get a GitHub OIDC ID token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN ' +
        'are not set. Give the job `permissions: id-token: write` (and `contents: read` for actions/checkout) in the ' +
        'workflow. A workflow run for a pull request from a fork never gets an ID token: run this step on push and ' +
        'on pull requests from the same repository only.'
    )
    expect(mock.stats.requests.length).toBe(requestsBefore)
  })

  it('the same for jfrog', async () => {
    await expectFailure(
      inputs.jfrog,
      { NODE_EXTRA_CA_CERTS: mock.caFile },
      /^This job cannot get a GitHub OIDC ID token: .* Give the job `permissions: id-token: write`/
    )
  })

  it('an ID token request GitHub refuses', async () => {
    const requestsBefore = mock.stats.requests.length
    await expectFailure(
      inputs['oauth2-token-exchange'],
      { ...runnerEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'expired-request-token' },
      /^GitHub's OIDC token service refused to issue an ID token for this job \(HTTP 401\)\. Give the job `permissions: id-token: write`/
    )
    expect(mock.stats.requests.slice(requestsBefore)).toEqual(['GET /github-oidc/idtoken'])
  })

  it('an assertion for the wrong audience, refused by the server and explained', async () => {
    await expectFailure(
      { ...inputs['oauth2-private-key-jwt'], 'assertion-audience': 'https://other-server.example/' },
      runnerEnv(),
      `OAuth2 server refused the token request (POST 127.0.0.1:${mock.port}/oauth2/token): HTTP 401 (invalid_client: client assertion rejected: ` +
        'ERR_JWT_CLAIM_VALIDATION_FAILED). Check client-id, that the server holds the public key of private-key ' +
        '(and its key-id, if it needs one) for signing-algorithm, and assertion-audience (default: token-url; some ' +
        'servers want their issuer URL).'
    )
  })

  it('an ID token for an audience the server does not trust', async () => {
    await expectFailure(
      { ...inputs['oauth2-github-oidc'], 'oidc-audience': 'api://SomethingElse' },
      runnerEnv(),
      /^OAuth2 server refused the token request \(POST 127\.0\.0\.1:\d+\/oauth2\/token\): HTTP 401 \(invalid_client: ID token rejected: ERR_JWT_CLAIM_VALIDATION_FAILED\)\. Check client-id, and that the client's federated credential trusts this workflow/
    )
  })

  it('a JFrog provider name that does not exist', async () => {
    await expectFailure(
      { ...inputs.jfrog, 'oidc-provider': 'no-such-integration' },
      runnerEnv(),
      /^JFrog Platform refused the token request \(POST 127\.0\.0\.1:\d+\/jfrog\/access\/api\/v1\/oidc\/token\): HTTP 404 \(OIDC provider not found\)\. No OIDC token endpoint there/
    )
  })

  it('a private key with client_secret_post: refused before any request', async () => {
    const requestsBefore = mock.stats.requests.length
    await expectFailure(
      { ...inputs.oauth2, 'auth-method': 'client_secret_post', 'private-key': CLIENT_KEYS.ec },
      runnerEnv(),
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key (then " +
        'client-secret is not needed: remove it). A private key signs only with private_key_jwt; auth-method is ' +
        'client_secret_post. Or remove private-key.'
    )
    expect(mock.stats.requests.length).toBe(requestsBefore)
  })
})

describe('the E2E workflow secretless job', () => {
  const workflow = readFileSync('.github/workflows/e2e.yml', 'utf8')
  const secretlessJob = workflow.split(/^ {2}secretless:\n/m)[1]
  // matrix.include: '- leg: name' followed by 'key: value' lines.
  const legs = secretlessJob
    .split(/include:\n/)[1]
    .split(/\n {4}env:\n/)[0]
    .split(/^\s+- /m)
    .filter((entry) => entry.trim())
    .map((entry) =>
      Object.fromEntries([...entry.matchAll(/^\s*([\w-]+): (.*)$/gm)].map(([, key, value]) => [key, value]))
    )
  const jobEnv = Object.fromEntries(
    [
      ...secretlessJob
        .split(/\n {4}env:\n/)[1]
        .split(/\n {4}steps:\n/)[0]
        .matchAll(/^ {6}([\w]+): (.*)$/gm)
    ].map(([, name, value]) => [name, value])
  )
  const withBlock = secretlessJob.split(/uses: \.\/\n\s+with:\n/)[1].split(/\n\s*\n/)[0]
  const legInputs = (leg: Record<string, string>) =>
    Object.fromEntries(
      [...withBlock.matchAll(/^\s+([\w-]+): (.*)$/gm)].map(([, name, value]) => [
        name,
        value
          .replaceAll('${{ env.MOCK }}', mock.url)
          .replaceAll('${{ steps.key.outputs.pem }}', () =>
            leg['key-file'] ? readFileSync(join('test-support', 'oidc', leg['key-file']), 'utf8') : ''
          )
          .replaceAll('${{ steps.key.outputs.certificate }}', () =>
            leg['certificate-file'] ? readFileSync(join('test-support', 'oidc', leg['certificate-file']), 'utf8') : ''
          )
          .replace(/\$\{\{ matrix\.([\w-]+) \}\}/g, (_, key: string) => leg[key] ?? '')
      ])
    )

  it('has the secretless legs', () => {
    expect(legs.map((leg) => leg.leg)).toEqual([
      'private_key_jwt RS256',
      'private_key_jwt PS256, PKCS#1 key',
      'private_key_jwt ES256',
      'github-oidc',
      'token-exchange',
      'jfrog',
      'entra-id certificate',
      'entra-id github-oidc',
      'cycode github-oidc'
    ])
    expect(jobEnv.ACTIONS_ID_TOKEN_REQUEST_URL).toBe('https://127.0.0.1:8443/github-oidc/idtoken?api-version=2.0')
  })

  it.each(legs.map((leg) => ({ name: leg.leg, leg })))('its leg $name passes, main and post', async ({ leg }) => {
    const job = createRunnerJob()
    const extraEnv = {
      NODE_EXTRA_CA_CERTS: mock.caFile,
      ACTIONS_ID_TOKEN_REQUEST_URL: jobEnv.ACTIONS_ID_TOKEN_REQUEST_URL.replace('https://127.0.0.1:8443', mock.url),
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: jobEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    }
    const stepInputs = legInputs(leg)
    const main = await job.run('main', { inputs: stepInputs, extraEnv })
    expect(main.log).not.toContain('::error::')
    expect(main.env.VENDOR_TOKEN).toBe(main.outputs.token)
    expect(main.outputs['token-type']).toBe('Bearer')
    expect(readFileSync(main.outputs['token-file'], 'utf8')).toBe(main.outputs.token)
    expectNoSecretPrinted(main)
    const post = await job.run('post', { inputs: stepInputs, state: main.state, env: { ...main.env, ...extraEnv } })
    expect(post.exitCode).toBe(0)
    expect(post.log).not.toContain('::warning::')
    job.dispose()
  })
})
