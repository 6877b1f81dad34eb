// Every test file gets a nock that blocks real network access, and hands http
// back when the file ends, so files run in one worker never stack interceptors.
// Every runner job a test made is removed after it, passed or failed.
import nock from 'nock'
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeEach } from '@jest/globals'
import { disposeOpenJobs } from '../../test-support/runner.mjs'
import { SUMMARY_FILE } from './action.js'

beforeEach(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
  nock.enableNetConnect()
  disposeOpenJobs()
})
afterAll(() => {
  nock.restore()
  rmSync(SUMMARY_FILE, { force: true })
})
