// Rate limits are budgeted by time (max-retry-seconds), other transient failures by count
// (max-attempts). The retry loop's clock is virtual here, so no test really waits.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, type Job, useVirtualClock } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const APPSEC = 'https://api.appsecplus.example.com'
const inputs = { vendor: 'appsec-plus', 'client-id': 'id-1', 'client-secret': 'sekret-1' }
const issued = { access_token: 'finally', token_type: 'Bearer', expires_in: 60 }
const { sleeps, advance } = useVirtualClock()

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const retryLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('; retrying in '))

describe('rate limiting (429) with default inputs', () => {
  it('keeps retrying past max-attempts, honouring Retry-After, until the vendor lets it through', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .times(12)
      .reply(429, { error: 'rate_limited' }, { 'Retry-After': '1' })
      .post('/oauth/token')
      .reply(200, issued)

    const result = await job.main(inputs)

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('finally')
    expect(sleeps).toHaveLength(12)
    // Retry-After: 1 plus under 250 ms of jitter, so jobs sharing a limit spread out.
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(1000)
    for (const ms of sleeps) expect(ms).toBeLessThan(1250)
    expect(retryLines(result.stdout)[11]).toMatch(
      /AppSec\+ at api\.appsecplus\.example\.com: HTTP 429; retrying in 1\.\d s \(attempt 13; rate limited: retrying for up to 120 s in all\)\.$/
    )
  })

  it('gives up when the next wait would pass max-retry-seconds, and says why', async () => {
    const api = nock(APPSEC).post('/oauth/token').times(4).reply(429, { error: 'rate_limited' }, { 'Retry-After': '2' })

    const result = await job.main({ ...inputs, 'max-retry-seconds': '7' })

    expect(result.failed).toBe(true)
    // Waits of 2-2.25 s fit three times into 7 s; the fourth would not.
    expect(sleeps).toHaveLength(3)
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(7000)
    // Exactly four attempts: a fifth would find no interceptor and be recorded.
    api.done()
    expectNoUnexpectedRequest()
    expect(result.error).toMatch(
      /^AppSec\+ at api\.appsecplus\.example\.com still answered HTTP 429 after 4 attempt\(s\) in [67] s, and the next retry would start after the 7 s retry budget\. The vendor is rate limiting: run fewer jobs against it at once, or raise max-retry-seconds\.$/
    )
    expect(result.outputs).toEqual({})
  })

  it('max-retry-seconds 0 turns retries off', async () => {
    nock(APPSEC).post('/oauth/token').reply(429, {}, { 'Retry-After': '1' })
    const result = await job.main({ ...inputs, 'max-retry-seconds': '0' })
    expect(sleeps).toEqual([])
    expect(result.error).toContain('still answered HTTP 429 after 1 attempt(s) in 0 s')
  })

  it('backs off exponentially when a 429 carries no Retry-After', async () => {
    nock(APPSEC).post('/oauth/token').times(6).reply(429).post('/oauth/token').reply(200, issued)
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    // Each window doubles from 1 s; at least half of it is waited.
    sleeps.forEach((ms, index) => {
      const window = Math.min(20_000, 1000 * 2 ** index)
      expect(ms).toBeGreaterThanOrEqual(window / 2)
      expect(ms).toBeLessThan(window)
    })
  })
})

describe('other transient failures still stop at max-attempts', () => {
  it('a persistent 500 stops after 4 attempts with the budget left', async () => {
    const api = nock(APPSEC).post('/oauth/token').times(4).reply(500, { error: 'server_error' })
    const result = await job.main(inputs)
    api.done()
    expect(sleeps).toHaveLength(3)
    expect(result.error).toBe(
      'AppSec+ at api.appsecplus.example.com did not answer usefully after 4 attempt(s): last HTTP 500. ' +
        'This looks transient; re-run the job, or raise max-attempts or timeout-seconds.'
    )
  })

  it('rate-limited answers in between do not use up max-attempts', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .reply(503)
      .post('/oauth/token')
      .times(5)
      .reply(429, {}, { 'Retry-After': '1' })
      .post('/oauth/token')
      .reply(503)
      .post('/oauth/token')
      .reply(200, issued)
    const result = await job.main({ ...inputs, 'max-attempts': '3' })
    api.done()
    expect(result.error).toBe('')
    expect(retryLines(result.stdout)[0]).toContain('HTTP 503; retrying in')
    expect(retryLines(result.stdout)[0]).toContain('(attempt 2 of 3)')
    expect(retryLines(result.stdout)[6]).toContain('(attempt 8 of 8)')
  })

  it('no retry after a failure starts once max-retry-seconds has passed', async () => {
    // A slow failure: the attempt itself uses up the budget.
    nock(APPSEC)
      .post('/oauth/token')
      .reply(() => {
        advance(9000)
        return [502, '']
      })
    const result = await job.main({ ...inputs, 'max-retry-seconds': '9' })
    expect(sleeps).toEqual([])
    expect(result.error).toMatch(
      /still answered HTTP 502 after 1 attempt\(s\) in 9 s, .* This looks transient; re-run the job, or raise max-retry-seconds\.$/
    )
  })
})

describe('Retry-After is delay-seconds or an HTTP-date, nothing else', () => {
  it.each(['1.5', '-5', 'soon', '1e3', '0x10', 'Wed, 31 Feb 2026 10:00:00 GMT'])(
    "'%s' falls back to the normal backoff instead of retrying at once",
    async (retryAfter) => {
      nock(APPSEC)
        .post('/oauth/token')
        .reply(503, '', { 'Retry-After': retryAfter })
        .post('/oauth/token')
        .reply(200, issued)
      const result = await job.main(inputs)
      expect(result.error).toBe('')
      expect(sleeps).toHaveLength(1)
      expect(sleeps[0]).toBeGreaterThanOrEqual(500)
      expect(sleeps[0]).toBeLessThan(1000)
    }
  )

  it('an HTTP-date is waited for', async () => {
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString()
    nock(APPSEC)
      .post('/oauth/token')
      .reply(429, '', { 'Retry-After': inFiveSeconds })
      .post('/oauth/token')
      .reply(200, issued)
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000)
    expect(sleeps[0]).toBeLessThanOrEqual(5250)
  })
})

describe('max-retry-seconds input', () => {
  it.each(['-1', '3601', '2m', '1.5'])("'%s' is refused before any request", async (value) => {
    const result = await job.main({ ...inputs, 'max-retry-seconds': value })
    expect(result.error).toBe(`Input 'max-retry-seconds': '${value}' is not a whole number from 0 to 3600.`)
    expectNoUnexpectedRequest()
  })
})
