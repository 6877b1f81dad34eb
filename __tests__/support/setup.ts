// Every test file gets a nock that blocks real network access, and hands http back when the file ends,
// so files run in one process never stack interceptors. nock intercepts from the moment it is imported,
// so it is turned off at once and on again in beforeAll: a file whose tests are all filtered out (a
// mutation run's testNamePattern) runs neither beforeAll nor afterAll, and its interceptor, left on, sat
// under the next file's (Node 24 then crashed with SIGSEGV in TLSWrap.getEphemeralKeyInfo).
// Every runner job a test made is removed after it, passed or failed.
// A test fails when it leaves an interceptor unused: a wire format it declares must be the one sent.
import nock from 'nock'
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals'
import { clock } from '../../src/http.js'
import { disposeOpenJobs } from '../../test-support/runner.mjs'
import { SUMMARY_FILE } from './action.js'
import { forgetRequests } from './requests.js'

nock.restore()

// In a mutation run (npm run mutation), a mutant that sends a request where no interceptor waits meets nock's
// ENETUNREACH, which the action retries after real backoff sleeps: the test would then end by Stryker's
// timeout, slowly (the worker is restarted), instead of failing at once. Tests that check the waits use
// useVirtualClock, which replaces this per test.
if (process.env.VENDOR_TOKEN_MUTATION_RUN) clock.sleep = async () => {}

beforeAll(() => nock.activate())
beforeEach(() => {
  nock.disableNetConnect()
  forgetRequests()
})
afterEach(() => {
  const unused = nock.pendingMocks()
  nock.cleanAll()
  nock.enableNetConnect()
  disposeOpenJobs()
  if (unused.length > 0) {
    throw new Error(`The test left nock interceptors unused (use or remove them): ${unused.join('; ')}`)
  }
})
afterAll(() => {
  nock.restore()
  rmSync(SUMMARY_FILE, { force: true })
})
