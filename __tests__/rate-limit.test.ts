// Rate limits are budgeted by time (max-retry-seconds), other transient failures by count
// (max-attempts). The retry loop's clock is virtual here, so no test really waits.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
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

describe("CrowdStrike's X-RateLimit-RetryAfter (a Unix time in seconds) on a 429 without Retry-After", () => {
  const FALCON = 'https://api.crowdstrike.com'
  const falconInputs = { vendor: 'crowdstrike', 'client-id': 'cs-client', 'client-secret': 'cs-secret' }
  const falconToken = { access_token: 'falcon', token_type: 'bearer', expires_in: 1799 }

  function limitedOnce(headers: Record<string, string>, status = 429) {
    return nock(FALCON)
      .post('/oauth2/token')
      .reply(status, { errors: [{ code: status, message: 'API rate limit exceeded.' }] }, headers)
      .post('/oauth2/token')
      .reply(201, falconToken)
  }

  it('waits until the time it names (gofalcon falcon/api_client.go)', async () => {
    const api = limitedOnce({ 'X-RateLimit-RetryAfter': String(nowSeconds() + 5), 'X-RateLimit-Remaining': '0' })
    const result = await job.main(falconInputs)
    api.done()
    expect(result.error).toBe('')
    expect(sleeps).toHaveLength(1)
    // The rest of the current second up to 5 s, counted in whole seconds, plus under 250 ms of jitter.
    expect(sleeps[0]).toBeGreaterThanOrEqual(5000)
    expect(sleeps[0]).toBeLessThan(5250)
    expect(retryLines(result.stdout)).toEqual([
      expect.stringMatching(
        /^CrowdStrike Falcon at api\.crowdstrike\.com: HTTP 429; retrying in 5\.\d s \(attempt 2; rate limited: retrying for up to 120 s in all\)\.$/
      )
    ])
  })

  it.each([
    ['not a number', 'soon'],
    ['a fraction', `${nowSeconds() + 5}.5`],
    ['negative', '-5'],
    ['absurdly long', '9'.repeat(40)],
    ['in the past', String(nowSeconds() - 10)]
  ])('%s: the normal backoff applies', async (_name, value) => {
    const api = limitedOnce({ 'X-RateLimit-RetryAfter': value })
    const result = await job.main(falconInputs)
    api.done()
    expect(result.error).toBe('')
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThanOrEqual(500)
    expect(sleeps[0]).toBeLessThan(1000)
  })

  it('far in the future: capped at 60 s like Retry-After, and only within max-retry-seconds', async () => {
    const inADay = String(nowSeconds() + 86_400)
    const api = limitedOnce({ 'X-RateLimit-RetryAfter': inADay })
    const result = await job.main(falconInputs)
    api.done()
    expect(result.error).toBe('')
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThanOrEqual(60_000)
    expect(sleeps[0]).toBeLessThan(60_250)

    sleeps.length = 0
    nock(FALCON).post('/oauth2/token').reply(429, '', { 'X-RateLimit-RetryAfter': inADay })
    const tooLong = await job.main({ ...falconInputs, 'max-retry-seconds': '30' })
    expect(sleeps).toEqual([])
    expect(tooLong.error).toBe(
      'CrowdStrike Falcon at api.crowdstrike.com still answered HTTP 429 after 1 attempt(s) in 0 s, and the next retry would start ' +
        'after the 30 s retry budget. The vendor is rate limiting: run fewer jobs against it at once, or raise max-retry-seconds.'
    )
  })

  it('Retry-After wins when both are sent', async () => {
    const api = limitedOnce({ 'Retry-After': '2', 'X-RateLimit-RetryAfter': String(nowSeconds() + 30) })
    await job.main(falconInputs)
    api.done()
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000)
    expect(sleeps[0]).toBeLessThan(2250)
  })

  it('a 503 does not use it, as gofalcon does not', async () => {
    const api = limitedOnce({ 'X-RateLimit-RetryAfter': String(nowSeconds() + 30) }, 503)
    await job.main(falconInputs)
    api.done()
    expect(sleeps[0]).toBeGreaterThanOrEqual(500)
    expect(sleeps[0]).toBeLessThan(1000)
  })
})

describe('revoking a token the main step refused is short', () => {
  it('rate limited, it gives up after 10 s, warns, and fails with the refusal', async () => {
    const api = nock('https://api.crowdstrike.com')
      .post('/oauth2/token')
      .reply(201, { access_token: 'bad token' })
      .post('/oauth2/revoke')
      .times(3)
      .reply(429, '', { 'Retry-After': '4' })

    const result = await job.main({ vendor: 'crowdstrike', 'client-id': 'cs-client', 'client-secret': 'cs-secret' })

    api.done()
    expect(sleeps).toHaveLength(2)
    expect(result.error).toBe(
      'CrowdStrike Falcon answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'
    )
    expect(result.warnings).toEqual([
      'Could not revoke the refused token: CrowdStrike Falcon at api.crowdstrike.com still answered HTTP 429 after 3 attempt(s) in 8 s, ' +
        'and the next retry would start after the 10 s retry budget. The vendor is rate limiting: run fewer jobs against it at once, ' +
        'or raise max-retry-seconds. It stays valid until it expires.'
    ])
  })
})

describe('one time budget for the whole main step: the GitHub ID token and the token request share it', () => {
  const IDP = 'https://idp.example.com'
  const GITHUB = 'https://token.actions.test'
  const githubEnv = {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${GITHUB}/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  const githubOidc = {
    vendor: 'oauth2',
    'token-url': `${IDP}/token`,
    'auth-method': 'github-oidc',
    'client-id': 'app-id',
    'oidc-audience': 'api://AzureADTokenExchange'
  }
  const idToken = unsignedJwt({ aud: 'api://AzureADTokenExchange', exp: nowSeconds() + 300 })

  it('a token request after a slow ID token gets only the retries left of max-retry-seconds', async () => {
    const github = nock(GITHUB)
      .get('/idtoken')
      .query(true)
      .times(2)
      .reply(429, '', { 'Retry-After': '4' })
      .get('/idtoken')
      .query(true)
      .reply(200, { value: idToken })
    const api = nock(IDP).post('/token').reply(429, '', { 'Retry-After': '3' })

    const result = await job.main({ ...githubOidc, 'max-retry-seconds': '10' }, githubEnv)

    github.done()
    api.done()
    // 8-8.5 s went to the ID token; 3 s more would pass the 10 s budget.
    expect(sleeps).toHaveLength(2)
    expect(result.error).toBe(
      'OAuth2 server at idp.example.com still answered HTTP 429 after 1 attempt(s) in 8 s, and the next retry would start ' +
        'after the 10 s retry budget. The vendor is rate limiting: run fewer jobs against it at once, or raise max-retry-seconds.'
    )
  })

  it('no token request starts once the whole budget is used up', async () => {
    const github = nock(GITHUB)
      .get('/idtoken')
      .query(true)
      .reply(() => {
        advance(150_000)
        return [200, { value: idToken }]
      })

    const result = await job.main(githubOidc, githubEnv)

    github.done()
    expect(result.error).toBe(
      "OAuth2 server at idp.example.com was not asked: the step's 150 s time budget (max-retry-seconds + timeout-seconds) " +
        'was used up by the requests before it. This looks transient; re-run the job, or raise max-retry-seconds.'
    )
  })

  it("the token request's attempt is cut off where the step's budget ends", async () => {
    const github = nock(GITHUB)
      .get('/idtoken')
      .query(true)
      .reply(() => {
        advance(149_000)
        return [200, { value: idToken }]
      })
    // Would answer within timeout-seconds (30 s), but not within the 1 s left of the budget.
    const api = nock(IDP).post('/token').delay(2000).reply(200, { access_token: 'too-late' })

    const result = await job.main(githubOidc, githubEnv)

    github.done()
    api.done()
    expect(result.error).toBe(
      'OAuth2 server at idp.example.com still answered no answer within 1 s after 1 attempt(s) in 149 s, and the next retry ' +
        'would start after the 120 s retry budget. This looks transient; re-run the job, or raise max-retry-seconds.'
    )
  })
})

describe('max-retry-seconds input', () => {
  it.each(['-1', '3601', '2m', '1.5'])("'%s' is refused before any request", async (value) => {
    const result = await job.main({ ...inputs, 'max-retry-seconds': value })
    expect(result.error).toBe(`Input 'max-retry-seconds': '${value}' is not a whole number from 0 to 3600.`)
    expectNoUnexpectedRequest()
  })
})
