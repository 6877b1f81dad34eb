// Refusals, transient failures and malformed answers, through the action's public surface.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, expectOnlyMasked, type Job, useVirtualClock } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const APPSEC = 'https://api.appsecplus.example.com'
const appsecInputs = { vendor: 'appsec-plus', 'client-id': 'id-1', 'client-secret': 'sekret-1', 'max-attempts': '3' }

// Retry waits are virtual: no test here sleeps between attempts (each attempt's timeout is real).
const clock = useVirtualClock()

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('vendor refusals are explained and not retried', () => {
  it('appsec-plus 401 invalid_client', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .once()
      .reply(401, { error: 'invalid_client', error_description: 'Invalid client ID or client secret.' })

    const result = await job.main(appsecInputs)

    api.done()
    expect(result.failed).toBe(true)
    expect(result.error).toBe(
      'AppSec+ refused the token request (POST api.appsecplus.example.com/oauth/token): HTTP 401 (invalid_client: Invalid client ID or client secret.). ' +
        'AppSec+ did not accept the client: check client-id and client-secret.'
    )
    expect(result.outputs).toEqual({})
    expect(result.env).toEqual({})
    expect(result.state).toEqual({})
  })

  it.each([401, 403])(
    'picus %i: the refresh token lasts the days chosen when it was generated; where to check and regenerate it; base-url on premises',
    async (status) => {
      nock('https://api.picussecurity.com').post('/v1/auth/token').reply(status, { message: 'unauthorized error' })
      const result = await job.main({ vendor: 'picus', 'refresh-token': 'expired-refresh' })
      expect(result.error).toBe(
        `Picus refused the token request (POST api.picussecurity.com/v1/auth/token): HTTP ${status} (unauthorized error). ` +
          'A Picus refresh token expires after the number of days chosen when it was generated, and it is shown only once: ' +
          'check its expiration date under Settings > Rest API Token in the Picus console, generate a new one there if needed, ' +
          'and store it in the secret passed as refresh-token. Picus on premises: set base-url to its API URL.'
      )
      expect(result.error).not.toContain('6 months')
    }
  )

  it('picus 422 names the invalid fields without echoing their values', async () => {
    nock('https://api.picussecurity.com')
      .post('/v1/auth/token')
      .reply(422, { message: 'validation error', errors: { refresh_token: 'bad value refresh-secret-value' } })
    const result = await job.main({ vendor: 'picus', 'refresh-token': 'refresh-secret-value' })
    expect(result.error).toContain('HTTP 422 (validation error: invalid: refresh_token)')
    expect(result.stdout).not.toContain('bad value')
  })

  it('removes a secret the vendor echoes back in its error message', async () => {
    nock(APPSEC).post('/oauth/token').reply(400, { error: 'invalid_request', error_description: 'bad secret sekret-1' })
    const result = await job.main(appsecInputs)
    expect(result.error).toContain('HTTP 400 (invalid_request: bad secret ***)')
    expectOnlyMasked(result, ['sekret-1'])
  })

  it('qualys 401 hints at client-type and region, and at user-level clients for /auth/oidc', async () => {
    nock('https://gateway.qg1.apps.qualys.com')
      .post('/auth/oauth')
      .reply(401, 'Unauthorized: bad credentials for clientId')
    const result = await job.main({ vendor: 'qualys', region: 'us1', 'client-id': 'q', 'client-secret': 'q-secret' })
    // A text body is not quoted: only structured JSON error fields are shown.
    expect(result.error).toBe(
      'Qualys refused the token request (POST gateway.qg1.apps.qualys.com/auth/oauth): HTTP 401. Check client-id and client-secret, that client-type matches the client ' +
        "(now 'subscription': 'subscription' for subscription-level, 'user' for user-level clients), and that region or " +
        "base-url is your platform's API gateway. Qualys's own tools use /auth/oidc (client-type: user), and some modules " +
        '(e.g. WAS) accept only user-level clients.'
    )
  })

  it('qualys 403 for a user-level client names the client-type it used', async () => {
    nock('https://gateway.qg1.apps.qualys.eu').post('/auth/oidc').reply(403, { message: 'Forbidden' })
    const result = await job.main({
      vendor: 'qualys',
      region: 'EU1',
      'client-type': 'user',
      'client-id': 'q',
      'client-secret': 'q-secret'
    })
    expect(result.error).toMatch(
      /^Qualys refused the token request \(POST gateway\.qg1\.apps\.qualys\.eu\/auth\/oidc\): HTTP 403 \(Forbidden\)\. /
    )
    expect(result.error).toContain("(now 'user':")
    expect(result.error).toContain("Qualys's own tools use /auth/oidc (client-type: user)")
  })

  it('securithings 404 points at the organization', async () => {
    nock('https://api.securithings.com').post('/token/wrong-org').reply(404)
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'wrong-org'
    })
    expect(result.error).toContain("HTTP 404. No such organization: check 'organization'")
  })

  it('does not follow a redirect with the credentials', async () => {
    const api = nock(APPSEC).post('/oauth/token').reply(302, '', { Location: 'https://elsewhere.example/steal' })
    const result = await job.main(appsecInputs)
    api.done()
    // elsewhere.example has no interceptor: following the redirect would be recorded.
    expectNoUnexpectedRequest()
    expect(result.error).toBe(
      'AppSec+ answered HTTP 302 (a redirect) to POST api.appsecplus.example.com/oauth/token. ' +
        'Credential requests are never redirected: set base-url to the final API URL.'
    )
  })
})

describe('transient failures are retried', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .reply(429, { error: 'rate_limited' }, { 'Retry-After': '1' })
      .post('/oauth/token')
      .reply(200, { access_token: 'after-wait', token_type: 'Bearer', expires_in: 60 })

    const result = await job.main(appsecInputs)

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('after-wait')
    expect(clock.sleeps).toHaveLength(1)
    // Retry-After: 1, plus under 250 ms of jitter.
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(1000)
    expect(clock.sleeps[0]).toBeLessThan(1250)
    expect(result.stdout).toMatch(
      /AppSec\+ at api\.appsecplus\.example\.com: HTTP 429; retrying in 1\.\d s \(attempt 2; rate limited: retrying for up to 120 s in all\)/
    )
  })

  it('retries 5xx and connection resets, then gives up after max-attempts', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .reply(503, 'down', { 'Retry-After': '0' })
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/oauth/token')
      .reply(500, { error: 'server_error' }, { 'Retry-After': '0' })

    const result = await job.main(appsecInputs)

    api.done()
    expect(result.error).toBe(
      'AppSec+ at api.appsecplus.example.com did not answer usefully after 3 attempt(s): last HTTP 500. ' +
        'This looks transient; re-run the job, or raise max-attempts or timeout-seconds.'
    )
    expect(result.stdout).toContain('connection failed (ECONNRESET)')
    expect(clock.sleeps).toHaveLength(2)
  })

  it('times out a slow attempt after timeout-seconds and retries it', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .delay(2500)
      .reply(200, { access_token: 'too-late' })
      .post('/oauth/token')
      .reply(200, { access_token: 'in-time', token_type: 'Bearer' })

    const result = await job.main({ ...appsecInputs, 'timeout-seconds': '1', 'max-attempts': '2' })

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('in-time')
    expect(result.stdout).toContain('no answer within 1 s')
  })
})

describe('malformed answers are refused', () => {
  const cases: Array<[string, () => nock.Scope, string]> = [
    [
      'non-JSON where JSON is expected',
      () => nock(APPSEC).post('/oauth/token').reply(200, '<html>login</html>', { 'Content-Type': 'text/html' }),
      'AppSec+ answered HTTP 200 with a body that is not JSON (text/html). ' +
        'Check that base-url points at the API host, not the web console or a proxy login page.'
    ],
    [
      'a response without a token',
      () => nock(APPSEC).post('/oauth/token').reply(200, { token_type: 'Bearer' }),
      "AppSec+ answered without a token: the response has no 'access_token' string."
    ],
    [
      'a token with whitespace',
      () => nock(APPSEC).post('/oauth/token').reply(200, { access_token: 'two words' }),
      'AppSec+ answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'
    ],
    [
      'a token with a control character',
      () => nock(APPSEC).post('/oauth/token').reply(200, { access_token: 'abc\u0007def' }),
      'AppSec+ answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'
    ],
    [
      'a body over 1 MiB',
      () =>
        nock(APPSEC)
          .post('/oauth/token')
          .reply(200, { access_token: 'a'.repeat(1024 * 1024) }),
      'AppSec+ answered with a body larger than 1024 KiB; refusing to read it.'
    ]
  ]

  it.each(cases)('%s', async (_name, mock, message) => {
    const api = mock()
    const result = await job.main(appsecInputs)
    api.done()
    expect(result.failed).toBe(true)
    expect(result.error).toBe(message)
    expect(result.outputs).toEqual({})
  })

  it('refuses a chunked body over 1 MiB without a Content-Length', async () => {
    const { Readable } = await import('node:stream')
    const chunk = 'x'.repeat(64 * 1024)
    nock(APPSEC)
      .post('/oauth/token')
      .reply(200, () => Readable.from(Array.from({ length: 20 }, () => chunk)))
    const result = await job.main(appsecInputs)
    expect(result.error).toBe('AppSec+ answered with a body larger than 1024 KiB; refusing to read it.')
  })

  it('qualys refuses an empty body', async () => {
    nock('https://gateway.qg1.apps.qualys.com').post('/auth/oauth').reply(200, '  \n')
    const result = await job.main({ vendor: 'qualys', region: 'US1', 'client-id': 'q', 'client-secret': 's' })
    expect(result.error).toBe('Qualys answered without a token (empty body).')
  })
})

describe('debug logging never prints secrets', () => {
  it('keeps request bodies, headers and responses out of the log with RUNNER_DEBUG=1', async () => {
    nock('https://api.securithings.com').post('/token/acme').reply(200, { access_token: 'debug-token' })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'id',
      'client-secret': 'debug-secret',
      organization: 'acme'
    })
    expect(result.error).toBe('')
    expect(result.stdout).toContain('::debug::Requesting a SecuriThings token from api.securithings.com.')
    expectOnlyMasked(result, [
      'debug-secret',
      'debug-token',
      `Basic ${Buffer.from('id:debug-secret').toString('base64')}`
    ])
    expect(result.summary).toContain('SecuriThings')
    expect(result.summary).not.toContain('debug-token')
  })
})

describe('more explained failures', () => {
  it('an unknown host is not retried and names the inputs to check', async () => {
    const api = nock(APPSEC)
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }))
    const result = await job.main(appsecInputs)
    api.done()
    expect(result.error).toBe('Cannot resolve api.appsecplus.example.com (ENOTFOUND). Check base-url.')
    expect(result.stdout).not.toContain('retrying')
  })

  it('a 404 without a vendor hint points at the endpoint inputs', async () => {
    nock(APPSEC).post('/oauth/token').reply(404, { error: 'not_found' })
    const result = await job.main(appsecInputs)
    expect(result.error).toBe(
      'AppSec+ refused the token request (POST api.appsecplus.example.com/oauth/token): HTTP 404 (not_found). The token endpoint was not found: check base-url.'
    )
  })

  it('paloalto-saas 401 names the product by both names, where the client is added, the regions and their hosts', async () => {
    nock('https://api.aperture.paloaltonetworks.com').post('/oauth/token').reply(401, { error: 'invalid_client' })
    const result = await job.main({ vendor: 'paloalto-saas', 'client-id': 'a', 'client-secret': 'b' })
    expect(result.error).toBe(
      'Palo Alto Networks Data Security (SaaS Security) refused the token request (POST api.aperture.paloaltonetworks.com/oauth/token): HTTP 401 (invalid_client). ' +
        'Check client-id and client-secret (of the API client added under Settings > Directory & External Services in ' +
        'Data Security, the SaaS Security web interface) and that region or base-url is the API host of your tenant ' +
        '(us, eu, apac, uk, in1, au1, uk2, jp1: api.aperture*.paloaltonetworks.com or api.*.prisma-saas.paloaltonetworks.com).'
    )
  })

  it('picus refuses an expire_at that is not a number', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 't', expire_at: 'tomorrow' })
    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r' })
    expect(result.error).toBe("Picus answered with an 'expire_at' that is not a positive number.")
  })

  it('keeps a token type other than bearer as the server spells it', async () => {
    nock('https://idp.example.com').post('/token').reply(200, { access_token: 'm', token_type: 'DPoP' })
    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'c',
      'client-secret': 's'
    })
    expect(result.outputs['token-type']).toBe('DPoP')
  })

  it('an empty token is refused without a word about revoking it: there is no token to revoke', async () => {
    nock('https://gateway.qg1.apps.qualys.com').post('/auth/oauth').reply(200, '')
    const result = await job.main({ vendor: 'qualys', region: 'US1', 'client-id': 'q', 'client-secret': 's' })
    expect(result.error).toBe('Qualys answered without a token (empty body).')
    expect(result.stdout).not.toContain('revo')
  })

  it('names at most three messages of an errors list', async () => {
    nock('https://idp.example.com')
      .post('/token')
      .reply(401, {
        errors: [{ status: 401 }, { message: 'one' }, { message: 'two' }, { message: 'three' }, { message: 'four' }]
      })
    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'c',
      'client-secret': 's'
    })
    expect(result.error).toContain('HTTP 401 (one: two: three).')
  })

  it('explains a token file that cannot be written', async () => {
    nock(APPSEC).post('/oauth/token').reply(200, { access_token: 'unwritable' })
    const { rmSync } = await import('node:fs')
    rmSync(job.runnerTemp, { recursive: true })
    const result = await job.main({ ...appsecInputs, 'write-token-file': 'true' })
    expect(result.error).toBe(
      `Could not write the token file under ${job.runnerTemp} (ENOENT): check that RUNNER_TEMP is a writable directory, or set write-token-file to false.`
    )
    expect(result.outputs).toEqual({})
    expect(result.env).toEqual({})
  })
})
