// Every test file gets a nock that blocks real network access, and hands http
// back when the file ends, so files run in one worker never stack interceptors.
import nock from 'nock'
import { afterAll, afterEach, beforeEach } from '@jest/globals'

beforeEach(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
  nock.enableNetConnect()
})
afterAll(() => nock.restore())
