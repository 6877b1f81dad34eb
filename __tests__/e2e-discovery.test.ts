// End to end: CrowdStrike cloud discovery across main and post, the bundled dist/ run as the runner
// runs it. With no base-url the action asks its own CrowdStrike hosts, so the steps go through the
// test CONNECT proxy, which tunnels exactly api.crowdstrike.com:443 and api.eu-1.crowdstrike.com:443
// to the mock on 127.0.0.1 (its `loopbackHosts`); the mock answers them by Host header, with the
// demo client an eu-1 client. Nothing leaves the machine.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, startMockVendors } from '../test-support/mock-vendors.mjs'
import { startProxy } from '../test-support/proxy.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
type Proxy = Awaited<ReturnType<typeof startProxy>>
type Job = ReturnType<typeof createRunnerJob>

const US1 = 'api.crowdstrike.com'
const EU1 = 'api.eu-1.crowdstrike.com'
const TOKEN = 'POST /oauth2/token'
const REVOKE = 'POST /oauth2/revoke'
const CLIENT = {
  vendor: 'crowdstrike',
  'client-id': DEMO_CREDENTIALS.clientId,
  'client-secret': DEMO_CREDENTIALS.clientSecret
}
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/

let mock: Mock
let proxy: Proxy
let job: Job

beforeAll(async () => {
  mock = await startMockVendors()
})
afterAll(() => mock.close())

beforeEach(async () => {
  mock.stats.cloudRequests.length = 0
  proxy = await startProxy({ loopbackHosts: { [`${US1}:443`]: mock.port, [`${EU1}:443`]: mock.port } })
  job = createRunnerJob()
})
afterEach(async () => {
  await proxy.close()
  job.dispose()
})

const stepEnv = () => ({ https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: mock.caFile })

/** Runs a dist step; each must leave stderr empty (no warnings, no stack traces) and nothing secret in its log. */
async function run(entry: 'main' | 'post', options: Parameters<Job['run']>[1]) {
  const step = await job.run(entry, options)
  expect(step.stderr).toBe('')
  expect(step.log).not.toContain(DEMO_CREDENTIALS.clientSecret)
  for (const { token } of mock.stats.cloudRequests) if (token) expect(step.log).not.toContain(token)
  return step
}

/** The targets the proxy tunnelled since the last call. */
function takeTargets(): string[] {
  return proxy.stats.targets.splice(0)
}

describe('dist: a CrowdStrike client of eu-1 with the default cloud (us-1)', () => {
  it('main asks eu-1 once after the 308, says to set region, and post revokes at eu-1', async () => {
    const main = await run('main', { inputs: CLIENT, extraEnv: stepEnv() })

    expect(main.error).toBe('')
    expect(main.exitCode).toBe(0)
    const token = main.outputs.token
    expect(token).toMatch(JWT)
    expect(main.outputs['token-type']).toBe('Bearer')
    expect(main.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: token })
    expect(main.masks).toContain(token)
    expect(main.stdout).toContain(
      '::notice::CrowdStrike Falcon answered that these credentials belong to region eu-1; asking api.eu-1.crowdstrike.com instead. ' +
        'Set region: eu-1 to save this round trip.\n'
    )
    expect(main.warnings).toEqual([])
    expect(main.state.region).toBe('eu-1')
    expect(main.state.vendor).toBe('crowdstrike')
    expect(main.state['revoke-token']).toBe(token)
    expect(takeTargets()).toEqual([`${US1}:443`, `${EU1}:443`])
    expect(mock.stats.cloudRequests).toEqual([
      { host: US1, request: TOKEN, status: 308 },
      { host: EU1, request: TOKEN, status: 201, token }
    ])

    const post = await run('post', { inputs: CLIENT, state: main.state, env: { ...main.env, ...stepEnv() } })

    expect(post.exitCode).toBe(0)
    expect(post.warnings).toEqual([])
    expect(post.log).toContain(`Revoked the token at ${EU1}.`)
    expect(post.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: '' })
    expect(takeTargets()).toEqual([`${EU1}:443`])
    expect(mock.stats.cloudRequests.slice(2)).toEqual([{ host: EU1, request: REVOKE, status: 200, token }])
  })
})

describe('dist: the same client with region eu-1', () => {
  it('main asks eu-1 only, with no notice and no region state, and post revokes there', async () => {
    const inputs = { ...CLIENT, region: 'eu-1' }
    const main = await run('main', { inputs, extraEnv: stepEnv() })

    expect(main.error).toBe('')
    expect(main.exitCode).toBe(0)
    const token = main.outputs.token
    expect(token).toMatch(JWT)
    expect(main.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: token })
    expect(main.stdout).not.toContain('::notice::')
    expect(main.state.region).toBeUndefined()
    expect(takeTargets()).toEqual([`${EU1}:443`])
    expect(mock.stats.cloudRequests).toEqual([{ host: EU1, request: TOKEN, status: 201, token }])

    const post = await run('post', { inputs, state: main.state, env: { ...main.env, ...stepEnv() } })

    expect(post.exitCode).toBe(0)
    expect(post.warnings).toEqual([])
    expect(post.log).toContain(`Revoked the token at ${EU1}.`)
    expect(takeTargets()).toEqual([`${EU1}:443`])
    expect(mock.stats.cloudRequests.slice(1)).toEqual([{ host: EU1, request: REVOKE, status: 200, token }])
  })
})

describe('the test proxy tunnels only the hosts it lists', () => {
  it('refuses another CrowdStrike cloud, which is never reached', async () => {
    const main = await run('main', { inputs: { ...CLIENT, region: 'us-2' }, extraEnv: stepEnv() })

    expect(main.exitCode).toBe(1)
    expect(main.error).toBe(
      `The proxy 127.0.0.1:${proxy.port} (from https_proxy) refused to connect to api.us-2.crowdstrike.com (HTTP 403). ` +
        'Ask for that host to be allowed through the proxy, or add it to no_proxy if the runner can reach it directly.'
    )
    expect(takeTargets()).toEqual(['api.us-2.crowdstrike.com:443'])
    expect(mock.stats.cloudRequests).toEqual([])
  })
})
