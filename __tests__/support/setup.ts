// Every test file gets a nock that blocks real network access, and hands http
// back when the file ends, so files run in one worker never stack interceptors.
// Every runner job a test made is removed after it, passed or failed.
// A test fails when it leaves an interceptor unused: a wire format it declares must be the one sent.
import nock from 'nock'
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeEach } from '@jest/globals'
import { disposeOpenJobs } from '../../test-support/runner.mjs'
import { SUMMARY_FILE } from './action.js'
import { forgetRequests } from './requests.js'

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
