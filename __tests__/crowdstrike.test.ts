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
      "Input 'region': 'us-9' is not a CrowdStrike Falcon region. Use one of: us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2, or set base-url."
    )
    expectNoUnexpectedRequest()
  })

  it('client-secret is required', async () => {
    const result = await job.main({ vendor: 'crowdstrike', 'client-id': 'cs-client' })
    expect(result.error).toBe(
      "Input 'client-secret': is required for vendor 'crowdstrike', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
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
      'CrowdStrike Falcon refused the token request (POST api.crowdstrike.com/oauth2/token): HTTP 403 (Failed to issue access token - Client authentication failed). ' +
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

  it('a 308 whose X-Cs-Region is not a known cloud is never echoed, and is not followed', async () => {
    nock(US1)
      .post('/oauth2/token')
      .reply(308, '', { 'X-Cs-Region': '<script>evil', Location: 'https://evil.example/oauth2/token' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'CrowdStrike Falcon answered HTTP 308 (a redirect) to POST api.crowdstrike.com/oauth2/token. Credential requests are never redirected: ' +
        'the API client belongs to another cloud than api.crowdstrike.com: set region to its cloud (us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2), ' +
        'or base-url to the API host of a cloud not listed here.'
    )
    // Neither Location nor anything else is asked: a request there would be recorded.
    expectNoUnexpectedRequest()
    expect(result.stdout).not.toContain('evil')
    expect(result.stdout).not.toContain('::notice::')
    expect(result.state).toEqual({})
  })

  it('401 asks to check the client and its cloud', async () => {
    nock(US1)
      .post('/oauth2/token')
      .reply(401, { errors: [{ code: 401, message: 'access denied, invalid bearer token' }] })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      'CrowdStrike Falcon refused the token request (POST api.crowdstrike.com/oauth2/token): HTTP 401 (access denied, invalid bearer token). ' +
        'Check client-id and client-secret. A client of another cloud is refused too: ' +
        "region must be the API client's cloud (us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2; now api.crowdstrike.com)."
    )
  })

  it('403 "access denied, authorization failed" is the IP allowlist refusing the runner (gofalcon Autodiscover)', async () => {
    nock('https://api.eu-1.crowdstrike.com')
      .post('/oauth2/token')
      .reply(403, { errors: [{ code: 403, message: 'access denied, authorization failed' }] })
    const result = await job.main({ ...inputs, region: 'eu-1' })
    expect(result.error).toBe(
      'CrowdStrike Falcon refused the token request (POST api.eu-1.crowdstrike.com/oauth2/token): HTTP 403 (access denied, authorization failed). ' +
        "CrowdStrike answers this when the runner's IP address is not on the API client's IP allowlist: allow the " +
        "runner's address in the Falcon console's IP-based allowlisting, or run this step on a runner whose address is allowed."
    )
    expect(result.stdout).not.toContain('retrying')
  })

  it('the IP allowlist message is recognised in any case and with spaces around it', async () => {
    nock(US1)
      .post('/oauth2/token')
      .reply(403, { errors: [{ code: 403, message: '  Access Denied, Authorization Failed ' }] })
    const result = await job.main(inputs)
    expect(result.error).toContain(". CrowdStrike answers this when the runner's IP address is not on the API client's")
  })

  it.each([
    ['another message', [{ code: 403, message: 'access denied, authorization failed!' }]],
    [
      'that message among others',
      [
        { code: 403, message: 'access denied, authorization failed' },
        { code: 403, message: 'other' }
      ]
    ]
  ])('403 with %s keeps the credentials hint', async (_name, errors) => {
    nock(US1).post('/oauth2/token').reply(403, { errors })
    const result = await job.main(inputs)
    expect(result.error).toContain('. Check client-id and client-secret. A client of another cloud is refused too')
    expect(result.error).not.toContain('allowlist')
  })

  it('403 with a text body (a proxy or gateway page) keeps the credentials hint', async () => {
    nock(US1).post('/oauth2/token').reply(403, 'access denied, authorization failed', { 'Content-Type': 'text/plain' })
    const result = await job.main(inputs)
    expect(result.error).toContain(
      'HTTP 403. Check client-id and client-secret. A client of another cloud is refused too'
    )
    expect(result.error).not.toContain('allowlist')
  })

  it('403 with a custom base-url names base-url, which wins over region', async () => {
    nock('https://falcon-gateway.example.com')
      .post('/api/oauth2/token')
      .reply(403, { errors: [{ code: 403, message: 'Failed to issue access token' }] })
    const result = await job.main({ ...inputs, region: 'eu-1', 'base-url': 'https://falcon-gateway.example.com/api/' })
    expect(result.error).toBe(
      'CrowdStrike Falcon refused the token request (POST falcon-gateway.example.com/api/oauth2/token): HTTP 403 (Failed to issue access token). ' +
        'Check client-id and client-secret. A client of another cloud is refused too: ' +
        "base-url must be the API host of the API client's cloud (us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2; now falcon-gateway.example.com)."
    )
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
      /^CrowdStrike Falcon refused the token request \(POST api\.crowdstrike\.com\/oauth2\/token\): HTTP 403 \(first ::warning::injected: x+\.\.\.\)\. /
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
      'CrowdStrike Falcon refused the token request (POST api.crowdstrike.com/oauth2/token): HTTP 400 (Failed to generate access token for clientID=cs-client.). ' +
        'Check client-id and client-secret.'
    )
  })
})

describe('crowdstrike cloud discovery: a 308 naming another cloud is asked again there, once', () => {
  const EU1 = 'https://api.eu-1.crowdstrike.com'
  const redirectTo = (cloud: string) => ({
    'X-Cs-Region': cloud,
    // Never followed: the host comes from the action's own table.
    Location: 'https://attacker.example/oauth2/token'
  })

  it('default us-1 -> eu-1: the token comes from eu-1, a notice says to set region, and post revokes at eu-1', async () => {
    const token = unsignedJwt({ sub: 'cs-client', exp: nowSeconds() + 1799 })
    const body = `client_id=cs-client&client_secret=${formSecret}`
    const us1 = nock(US1).post('/oauth2/token', body).reply(308, '', redirectTo('EU-1'))
    const eu1 = nock(EU1)
      .post('/oauth2/token', body)
      .reply(201, { access_token: token, token_type: 'bearer', expires_in: 1799 })

    const main = await job.main(inputs)

    us1.done()
    eu1.done()
    expect(main.error).toBe('')
    expect(main.outputs.token).toBe(token)
    expect(main.stdout).toContain(
      '::notice::CrowdStrike Falcon answered that these credentials belong to region eu-1; asking api.eu-1.crowdstrike.com instead. ' +
        'Set region: eu-1 to save this round trip.'
    )
    expect(main.stdout).toContain('::debug::Requesting a CrowdStrike Falcon token from api.eu-1.crowdstrike.com.')
    expect(main.warnings).toEqual([])
    expect(main.state.region).toBe('eu-1')
    expectOnlyMasked(main, [SECRET, formSecret, token])

    const revoke = nock(EU1).post('/oauth2/revoke', `token=${token}`).matchHeader('authorization', basic).reply(200)
    const post = await job.post(main, inputs)

    revoke.done()
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Revoked the token at api.eu-1.crowdstrike.com.')
    expect(post.env).toEqual({ CROWDSTRIKE_ACCESS_TOKEN: '' })
  })

  it('an X-Cs-Region padded with no-break spaces (which the HTTP parser keeps) still names the cloud', async () => {
    nock(US1).post('/oauth2/token').reply(308, '', redirectTo('\u00a0eu-1\u00a0'))
    const eu1 = nock(EU1).post('/oauth2/token').reply(201, { access_token: 'spaced-token', expires_in: 1799 })
    const result = await job.main(inputs)
    eu1.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('spaced-token')
  })

  it('from an explicit region too, with member_cid sent again', async () => {
    const body = `member_cid=${CID}&client_id=cs-client&client_secret=${formSecret}`
    const us2 = nock('https://api.us-2.crowdstrike.com')
      .post('/oauth2/token', body)
      .reply(308, '', redirectTo('us-gov-1'))
    const gov = nock('https://api.laggar.gcw.crowdstrike.com')
      .post('/oauth2/token', body)
      .reply(201, { access_token: 'gov-token', expires_in: 1799 })

    const result = await job.main({ ...inputs, region: 'us-2', 'member-cid': CID })

    us2.done()
    gov.done()
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('gov-token')
    expect(result.stdout).toContain('Set region: us-gov-1 to save this round trip.')
  })

  it.each([401, 403])(
    'only a 308: HTTP %i with X-Cs-Region is a refusal, and nothing is asked of that cloud',
    async (status) => {
      nock(US1)
        .post('/oauth2/token')
        .reply(status, { errors: [{ message: 'access denied' }] }, redirectTo('eu-1'))

      const result = await job.main(inputs)

      expect(result.error).toContain(`HTTP ${status}`)
      expect(result.stdout).not.toContain('::notice::')
      expectNoUnexpectedRequest()
    }
  )

  it('only once: a second 308 is an error naming the region it points to', async () => {
    nock(US1).post('/oauth2/token').reply(308, '', redirectTo('eu-1'))
    nock(EU1).post('/oauth2/token').reply(308, '', redirectTo('us-2'))

    const result = await job.main(inputs)

    expect(result.error).toBe(
      'CrowdStrike Falcon answered HTTP 308 (a redirect) to POST api.eu-1.crowdstrike.com/oauth2/token. Credential requests are never redirected: ' +
        'the API client belongs to the us-2 cloud: set region to us-2.'
    )
    expect(result.outputs).toEqual({})
  })

  it('a 308 naming the cloud that was asked is not asked again', async () => {
    nock(EU1).post('/oauth2/token').reply(308, '', redirectTo('eu-1'))
    const result = await job.main({ ...inputs, region: 'eu-1' })
    expect(result.error).toBe(
      'CrowdStrike Falcon answered HTTP 308 (a redirect) to POST api.eu-1.crowdstrike.com/oauth2/token. Credential requests are never redirected: ' +
        'the API client belongs to the eu-1 cloud: set region to eu-1.'
    )
    expect(result.stdout).not.toContain('::notice::')
  })

  it.each([
    [
      'a known cloud',
      'eu-1',
      'the API client belongs to the eu-1 cloud (api.eu-1.crowdstrike.com), not to base-url falcon-gateway.example.com: ' +
        "set base-url to that cloud's API host, or remove base-url and set region to eu-1."
    ],
    [
      'an unknown cloud',
      'eu-9',
      "the API client belongs to another cloud than base-url falcon-gateway.example.com: set base-url to its cloud's API host."
    ]
  ])(
    'with a custom base-url, a 308 naming %s is not followed and the error names base-url',
    async (_name, cloud, hint) => {
      nock('https://falcon-gateway.example.com').post('/oauth2/token').reply(308, '', redirectTo(cloud))
      const result = await job.main({ ...inputs, 'base-url': 'https://falcon-gateway.example.com' })
      expect(result.error).toBe(
        `CrowdStrike Falcon answered HTTP 308 (a redirect) to POST falcon-gateway.example.com/oauth2/token. Credential requests are never redirected: ${hint}`
      )
      expect(result.stdout).not.toContain('::notice::')
      expect(result.state).toEqual({})
    }
  )
})

describe('crowdstrike: a token that was issued but is refused here is revoked at once', () => {
  const BAD_TOKEN = 'not a token;$(id)'
  const BAD_SYNTAX =
    'CrowdStrike Falcon answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'

  it('at the cloud that issued it, and the step fails with the original error', async () => {
    nock(US1).post('/oauth2/token').reply(308, '', { 'X-Cs-Region': 'eu-1' })
    nock('https://api.eu-1.crowdstrike.com').post('/oauth2/token').reply(201, { access_token: BAD_TOKEN })
    const revoke = nock('https://api.eu-1.crowdstrike.com')
      .post('/oauth2/revoke', { token: BAD_TOKEN })
      .matchHeader('authorization', basic)
      .reply(200)

    const result = await job.main(inputs)

    revoke.done()
    expect(result.error).toBe(BAD_SYNTAX)
    expect(result.stdout).toContain('Revoked the refused token at api.eu-1.crowdstrike.com.')
    expect(result.warnings).toEqual([])
    expect(result.outputs).toEqual({})
    expect(result.env).toEqual({})
    expectOnlyMasked(result, [BAD_TOKEN, SECRET, basic])
  })

  it.each([
    [
      'refused',
      (scope: nock.Interceptor) => scope.reply(403, { errors: [{ code: 403, message: BAD_TOKEN }] }),
      'Could not revoke the refused token: HTTP 403. It stays valid until it expires.'
    ],
    [
      'unreachable',
      (scope: nock.Interceptor) =>
        scope.times(2).replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
      'Could not revoke the refused token: CrowdStrike Falcon at api.crowdstrike.com did not answer usefully after 2 attempt(s): ' +
        'last connection failed (ECONNREFUSED). This looks transient; re-run the job, or raise max-attempts or timeout-seconds. ' +
        'It stays valid until it expires.'
    ]
  ])('a revocation that is %s is a warning; the error stays the original one', async (_name, answer, warning) => {
    nock(US1).post('/oauth2/token').reply(201, { access_token: BAD_TOKEN })
    answer(nock(US1).post('/oauth2/revoke'))

    const result = await job.main(inputs)

    expect(result.error).toBe(BAD_SYNTAX)
    expect(result.warnings).toEqual([warning])
    expectOnlyMasked(result, [BAD_TOKEN])
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

  it('revokes at a cloud of its own table only: a region in the state that is not one is ignored', async () => {
    issue(US1, 'us1-token')
    const main = await job.main(inputs)
    const revoke = nock(US1).post('/oauth2/revoke', 'token=us1-token').reply(200)

    const post = await job.post({ state: { ...main.state, region: 'https://attacker.example' }, env: main.env }, inputs)

    revoke.done()
    expect(post.stdout).toContain('Revoked the token at api.crowdstrike.com.')
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
