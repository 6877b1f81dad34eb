// CrowdStrike Falcon through the action's inputs and outputs: wire format, clouds, member-cid,
// refusals, retries, and revocation by the post step.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { basicHeader, nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const US1 = 'https://api.crowdstrike.com'
const SECRET = 'cs+secret/with=chars'
const inputs = { vendor: 'crowdstrike', 'client-id': 'cs-client', 'client-secret': SECRET }
const basic = basicHeader('cs-client', SECRET)
const formSecret = 'cs%2Bsecret%2Fwith%3Dchars'
const CID = '0123456789abcdef0123456789abcdef'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

function issue(host: string, token: string, expiresIn = 1799) {
  return nock(host)
    .post('/oauth2/token')
    .reply(201, { access_token: token, token_type: 'bearer', expires_in: expiresIn })
}

describe('crowdstrike token request', () => {
  it('posts client_id and client_secret as a form to us-1 and reads the 201 answer', async () => {
    const token = unsignedJwt({ sub: 'cs-client', exp: nowSeconds() + 1799 })
    const api = nock(US1, { badheaders: ['authorization'] })
      .post('/oauth2/token', `client_id=cs-client&client_secret=${formSecret}`)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'application/json')
      .reply(201, { access_token: token, token_type: 'bearer', expires_in: 1799 })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token, 'token-type': 'Bearer', 'expires-in': '1799', scope: '' })
    expectExpiry(result.outputs, 1799)
    expect(result.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: token })
    // The post step revokes, so it needs the token itself.
    expect(result.state['revoke-token']).toBe(token)
    expect(result.stdout).toContain('::debug::Requesting a CrowdStrike Falcon token from api.crowdstrike.com.')
    expectOnlyMasked(result, [SECRET, formSecret, token])
  })

  it.each([
    ['us-1', 'https://api.crowdstrike.com'],
    ['us-2', 'https://api.us-2.crowdstrike.com'],
    ['us-3', 'https://api.us-3.crowdstrike.com'],
    ['EU-1', 'https://api.eu-1.crowdstrike.com'],
    ['us-gov-1', 'https://api.laggar.gcw.crowdstrike.com'],
    ['us-gov-2', 'https://api.us-gov-2.crowdstrike.mil']
  ])('region %s asks %s', async (region, host) => {
    const api = issue(host, 'cloud-token')
    const result = await job.main({ ...inputs, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('cloud-token')
  })

  it.each([
    ['a CID', CID],
    ['a CCID (checksum dropped, lower-cased)', `${CID.toUpperCase()}-A7`]
  ])('member-cid: sends %s as member_cid', async (_name, memberCid) => {
    const api = nock('https://api.eu-1.crowdstrike.com')
      .post('/oauth2/token', `member_cid=${CID}&client_id=cs-client&client_secret=${formSecret}`)
      .reply(201, { access_token: 'child-token', token_type: 'bearer', expires_in: 1799 })
    const result = await job.main({ ...inputs, region: 'eu-1', 'member-cid': memberCid })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('child-token')
  })

  it('other vendors ignore member-cid, as a matrix passes it to every leg', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'p' })
    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'member-cid': 'not a cid' })
    expect(result.error).toBe('')
    expect(result.stdout).toContain("::debug::Input 'member-cid' is not used by vendor 'picus' and is ignored.")
  })
})

describe('crowdstrike input validation, before any request', () => {
  it.each([
    ['31 hex characters', CID.slice(1)],
    ['33 hex characters', `${CID}0`],
    ['a non-hex character', `${CID.slice(1)}g`],
    ['a checksum of one character', `${CID}-A`],
    ['a checksum of three characters', `${CID}-A12`],
    ['a UUID', '01234567-89ab-cdef-0123-456789abcdef'],
    ['a space inside', `${CID.slice(0, 16)} ${CID.slice(16)}`]
  ])('member-cid with %s is refused without echoing it', async (_name, memberCid) => {
    const result = await job.main({ ...inputs, 'member-cid': memberCid })
    expect(result.failed).toBe(true)
    expect(result.error).toBe(
      "Input 'member-cid': is not a CrowdStrike CID: use the child CID of 32 hexadecimal characters, optionally with its checksum (e.g. -A1)."
    )
    expectNoUnexpectedRequest()
    expect(result.outputs).toEqual({})
    expect(result.state).toEqual({})
  })

  it('an unknown cloud is refused with the list of clouds', async () => {
    const result = await job.main({ ...inputs, region: 'us-9' })
    expect(result.error).toBe(
      "Input 'region': 'us-9' is not a CrowdStrike Falcon region. Use one of: US-1, US-2, US-3, EU-1, US-GOV-1, US-GOV-2, or set base-url."
    )
    expectNoUnexpectedRequest()
  })

  it('client-secret is required', async () => {
    const result = await job.main({ vendor: 'crowdstrike', 'client-id': 'cs-client' })
    expect(result.error).toBe(
      "Input 'client-secret': is required for vendor 'crowdstrike'. Pass it from a secret, e.g. ${{ secrets.MY_SECRET }}."
    )
    expectNoUnexpectedRequest()
  })
})

describe('crowdstrike refusals are explained and not retried', () => {
  it('403 shows CrowdStrike error message and names the clouds', async () => {
    const api = nock(US1)
      .post('/oauth2/token')
      .once()
      .reply(403, {
        meta: { query_time: 0.01, powered_by: 'csam', trace_id: 't' },
        errors: [{ code: 403, message: 'Failed to issue access token - Client authentication failed' }]
      })

    const result = await job.main({ ...inputs, 'max-attempts': '3' })

    api.done()
    expect(result.failed).toBe(true)
    expect(result.error).toBe(
      'CrowdStrike Falcon refused the token request: HTTP 403 (Failed to issue access token - Client authentication failed). ' +
        'Check client-id and client-secret. A client of another cloud is refused too: ' +
        "region must be the API client's cloud (us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2; now api.crowdstrike.com)."
    )
    expect(result.stdout).not.toContain('retrying')
    expect(result.outputs).toEqual({})
    expect(result.state).toEqual({})
  })

  it('403 with member-cid also points at the child CID, and scrubs an echoed secret', async () => {
    nock('https://api.us-2.crowdstrike.com')
      .post('/oauth2/token')
      .reply(403, { errors: [{ code: 403, message: `Failed to generate access token for customer ID ${SECRET}` }] })
    const result = await job.main({ ...inputs, region: 'us-2', 'member-cid': CID })
    expect(result.error).toContain('HTTP 403 (Failed to generate access token for customer ID ***).')
    expect(result.error).toContain('and that this parent client may act for member-cid (a child CID in Flight Control)')
    expect(result.error).toContain('now api.us-2.crowdstrike.com')
    expectOnlyMasked(result, [SECRET])
  })

  it('a 308 to the client’s own cloud is not followed; X-Cs-Region names the region to set', async () => {
    const api = nock(US1).post('/oauth2/token').reply(308, '', {
      Location: 'https://api.us-2.crowdstrike.com/oauth2/token',
      'X-Cs-Region': 'us-2'
    })

    const result = await job.main(inputs)

    api.done()
    // us-2 has no interceptor: following the redirect would be recorded.
    expectNoUnexpectedRequest()
    expect(result.error).toBe(
      'CrowdStrike Falcon answered HTTP 308 (a redirect). Credential requests are never redirected: ' +
        'the API client belongs to the us-2 cloud: set region to us-2.'
    )
  })

  it('a 308 whose X-Cs-Region is not a known cloud is never echoed', async () => {
    nock(US1).post('/oauth2/token').reply(308, '', { 'X-Cs-Region': '<script>evil' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'CrowdStrike Falcon answered HTTP 308 (a redirect). Credential requests are never redirected: ' +
        'the API client belongs to another cloud than api.crowdstrike.com: set region to its cloud (us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2).'
    )
    expect(result.stdout).not.toContain('evil')
  })

  it('error messages are hostile text: one bounded line, no workflow command, no other fields', async () => {
    nock(US1)
      .post('/oauth2/token')
      .reply(403, {
        errors: [
          { code: 403, message: 'first\n::warning::injected' },
          { code: 403, message: 'x'.repeat(500) },
          'not an object',
          { code: 403, message: 42, details: 'never shown' }
        ]
      })
    const result = await job.main(inputs)
    expect(result.stdout).not.toMatch(/^::warning::/m)
    expect(result.error).toMatch(
      /^CrowdStrike Falcon refused the token request: HTTP 403 \(first ::warning::injected: x+\.\.\.\)\. /
    )
    expect(result.error).not.toContain('never shown')
    expect(result.error.length).toBeLessThan(500)
  })

  it('400 asks to check the client', async () => {
    nock(US1)
      .post('/oauth2/token')
      .reply(400, { errors: [{ code: 400, message: 'Failed to generate access token for clientID=cs-client.' }] })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'CrowdStrike Falcon refused the token request: HTTP 400 (Failed to generate access token for clientID=cs-client.). ' +
        'Check client-id and client-secret.'
    )
  })
})

describe('crowdstrike transient failures are retried', () => {
  it('a 429 with Retry-After, then a 503, then the token', async () => {
    const api = nock(US1)
      .post('/oauth2/token')
      .reply(
        429,
        { errors: [{ code: 429, message: 'API rate limit exceeded.' }] },
        {
          'Retry-After': '0',
          'X-Ratelimit-Limit': '300',
          'X-Ratelimit-Remaining': '0'
        }
      )
      .post('/oauth2/token')
      .reply(503, '', { 'Retry-After': '0' })
      .post('/oauth2/token')
      .reply(201, { access_token: 'third-time', token_type: 'bearer', expires_in: 1799 })

    const result = await job.main(inputs)

    api.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('third-time')
    expect(result.stdout).toMatch(
      /CrowdStrike Falcon at api\.crowdstrike\.com: HTTP 429; retrying in 0\.\d s \(attempt 2; rate limited/
    )
    expect(result.stdout).toMatch(/HTTP 503; retrying in 0\.\d s \(attempt 3 of 5\)/)
  })
})

describe('crowdstrike post step revokes the token', () => {
  it('POSTs token= to /oauth2/revoke of the same cloud with Basic base64(id:secret), then clears the variable', async () => {
    const token = unsignedJwt({ sub: 'cs-client', exp: nowSeconds() + 1799 })
    const euInputs = { ...inputs, region: 'eu-1', 'write-token-file': 'true' }
    issue('https://api.eu-1.crowdstrike.com', token)
    const main = await job.main(euInputs)
    expect(main.error).toBe('')

    const revoke = nock('https://api.eu-1.crowdstrike.com')
      .post('/oauth2/revoke', `token=${token}`)
      .matchHeader('authorization', basic)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { meta: { query_time: 0.01 }, errors: [] })
    const post = await job.post(main, euInputs)

    revoke.done()
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Revoked the token at api.eu-1.crowdstrike.com.')
    expect(post.stdout).toContain('Deleted the token file.')
    expect(post.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: '' })
    // With RUNNER_DEBUG=1: the token, the secret and the Basic header (and its base64 part) only ever masked.
    expectOnlyMasked(post, [token, SECRET, basic, basic.slice('Basic '.length)])
  })

  it.each([
    [
      'refused',
      (scope: nock.Interceptor) => scope.reply(403, { errors: [{ code: 403, message: 'access denied' }] }),
      /^Token revocation answered HTTP 403; the token stays valid until it expires\.$/
    ],
    [
      'unreachable',
      (scope: nock.Interceptor) =>
        scope.times(2).replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
      /^Token revocation failed: CrowdStrike Falcon at api\.crowdstrike\.com did not answer usefully after 2 attempt\(s\): last connection failed \(ECONNREFUSED\)\./
    ]
  ])('only warns when revocation is %s, and still clears the variable', async (_name, answer, warning) => {
    issue(US1, 'kept-valid')
    const main = await job.main(inputs)
    answer(nock(US1).post('/oauth2/revoke'))

    const post = await job.post(main, inputs)

    expect(post.failed).toBe(false)
    expect(post.error).toBe('')
    expect(post.warnings).toHaveLength(1)
    expect(post.warnings[0]).toMatch(warning)
    expect(post.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: '' })
    expectOnlyMasked(post, ['kept-valid', SECRET, basic])
  })

  it('does not revoke when cleanup is false, or when the token has already expired', async () => {
    issue(US1, 'left-alone')
    const kept = { ...inputs, cleanup: 'false' }
    const main = await job.main(kept)
    expect(main.state['revoke-token']).toBeUndefined()
    const post = await job.post(main, kept)
    expect(post.stdout).toContain('cleanup is false; leaving the token in place.')

    issue(US1, 'expired', 0)
    const expiredMain = await job.main(inputs)
    const expiredPost = await job.post(expiredMain, inputs)
    expect(expiredPost.stdout).toContain('The token has already expired; skipping revocation.')

    // Both tokens were issued; the revocation endpoint has no interceptor: a revocation would be recorded.
    expectNoUnexpectedRequest()
  })
})
