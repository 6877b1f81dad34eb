// Proxy settings the action cannot use fail the step with one clear line, before any
// request (nock blocks the network), and never echo the proxy URL: it may hold a password.
// Working proxies are tested against dist/ in proxy-dist.test.ts.
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { createJob, type Job } from './support/action.js'

const inputs = { vendor: 'appsec-plus', 'client-id': 'id-1', 'client-secret': 'sekret-1', 'max-attempts': '3' }

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

it.each([
  [
    'https_proxy',
    // http-client throws on this one (port out of range); values it cannot decode it ignores, as before.
    '10.0.0.1:99999',
    'https_proxy is not a valid proxy URL; set it to http://host:port or http://user:password@host:port.'
  ],
  [
    'HTTPS_PROXY',
    'socks5://ci-bot:hunter2@proxy.example:1080',
    'HTTPS_PROXY must be an http:// or https:// proxy URL; other proxy protocols are not supported.'
  ]
])('%s=%s is refused, not retried, and not echoed', async (variable, value, message) => {
  process.env[variable] = value
  const result = await job.main(inputs)
  expect(result.failed).toBe(true)
  expect(result.error).toBe(message)
  expect(result.stdout).not.toContain(value)
  expect(result.stdout).not.toContain('hunter2')
  expect(result.stdout).not.toContain('retrying')
})
