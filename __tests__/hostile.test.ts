// Hostile vendor answers and secret scrubbing (issue 6), through the action's public surface.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { basicHeader, nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job, type StepResult } from './support/action.js'

const APPSEC = 'https://api.appsecplus.example.com'
const IDP = 'https://idp.example.com'
const PALOALTO = 'https://api.aperture.paloaltonetworks.com'
const QUALYS = 'https://gateway.qg1.apps.qualys.com'
const appsecInputs = { vendor: 'appsec-plus', 'client-id': 'id-1', 'client-secret': 'sekret-1' }
const oauth2Inputs = { vendor: 'oauth2', 'token-url': `${IDP}/token`, 'client-id': 'cid', 'client-secret': 'csecret' }
const qualysInputs = { vendor: 'qualys', region: 'US1', 'client-id': 'q-id', 'client-secret': 'q-secret' }
const picusInputs = { vendor: 'picus', 'refresh-token': 'r' }

// A secret with every character that form-encoding changes.
const AWKWARD_SECRET = 'a:b+c/d=e%f g'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

/** Lines that the runner would read as workflow commands. */
function commandLines(result: StepResult): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith('::'))
}

/** Only the action's own kinds of command: no vendor text ever starts a line. */
function expectOnlyOwnCommands(result: StepResult): void {
  for (const line of commandLines(result)) expect(line).toMatch(/^::(add-mask|debug|warning|error)::/)
}

function expectNothingPublished(result: StepResult): void {
  expect(result.failed).toBe(true)
  expect(result.outputs).toEqual({})
  expect(result.env).toEqual({})
  expect(result.state).toEqual({})
}

describe('item 1: Basic credentials as each vendor documents them', () => {
  it('paloalto-saas sends Base64(client_id:client_secret) of the raw values (RFC 7617)', async () => {
    let received = ''
    const api = nock(PALOALTO)
      .post('/oauth/token', 'grant_type=client_credentials&scope=api_access')
      .matchHeader('authorization', (value) => {
        received = value ?? ''
        return true
      })
      .reply(200, { access_token: 'pa-token', token_type: 'bearer', expires_in: 3600 })

    const result = await job.main({ vendor: 'paloalto-saas', 'client-id': 'acme', 'client-secret': AWKWARD_SECRET })

    api.done()
    expect(result.error).toBe('')
    expect(received).toBe('Basic YWNtZTphOmIrYy9kPWUlZiBn')
    expect(Buffer.from(received.slice('Basic '.length), 'base64').toString('utf8')).toBe(`acme:${AWKWARD_SECRET}`)
    expectOnlyMasked(result, [
      AWKWARD_SECRET,
      received,
      received.slice('Basic '.length),
      'a%3Ab%2Bc%2Fd%3De%25f+g',
      'pa-token'
    ])
  })

  it('oauth2 client_secret_basic form-encodes id and secret first (RFC 6749 2.3.1), and a compliant server decodes them', async () => {
    let received = ''
    const api = nock(IDP)
      .post('/token', 'grant_type=client_credentials')
      .matchHeader('authorization', (value) => {
        received = value ?? ''
        return true
      })
      .reply(200, { access_token: 'o-token', token_type: 'Bearer' })

    const result = await job.main({ ...oauth2Inputs, 'client-id': 'my client', 'client-secret': AWKWARD_SECRET })

    api.done()
    expect(result.error).toBe('')
    const credentials = Buffer.from(received.slice('Basic '.length), 'base64').toString('utf8')
    expect(credentials).toBe('my+client:a%3Ab%2Bc%2Fd%3De%25f+g')
    const [id, secret] = credentials.split(':').map((part) => decodeURIComponent(part.replace(/\+/g, ' ')))
    expect([id, secret]).toEqual(['my client', AWKWARD_SECRET])
    expectOnlyMasked(result, [
      AWKWARD_SECRET,
      received,
      received.slice('Basic '.length),
      'a%3Ab%2Bc%2Fd%3De%25f+g',
      'o-token'
    ])
  })
})

describe('item 4: vendor text never becomes a workflow command', () => {
  it('an injected token_type falls back to Bearer with a warning that does not quote it', async () => {
    nock(IDP)
      .post('/token')
      .reply(200, { access_token: 'typed-token', token_type: 'Bearer\n::warning title=pwned::x\n::add-mask::Obtained' })

    const result = await job.main(oauth2Inputs)

    expect(result.error).toBe('')
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(result.warnings).toEqual([
      "OAuth2 server answered with a token_type that is not an RFC 6749 type name (up to 64 letters, digits, '-', '.', '_'); using Bearer."
    ])
    expectOnlyOwnCommands(result)
    expect(result.masks).not.toContain('Obtained')
    expect(result.stdout).not.toContain('pwned')
    expect(result.stdout).toContain('Obtained a Bearer token from OAuth2 server')
  })

  it('an absolute-URI token type is not accepted as a type name (it would not be a valid auth-scheme)', async () => {
    nock(IDP).post('/token').reply(200, { access_token: 'u', token_type: 'urn:ietf:params:oauth:token-type:jwt' })
    const result = await job.main(oauth2Inputs)
    expect(result.error).toBe('')
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(result.warnings).toHaveLength(1)
  })

  it('an RFC 6749 type name other than bearer is kept as spelled', async () => {
    nock(IDP).post('/token').reply(200, { access_token: 'n', token_type: 'DPoP' })
    const result = await job.main(oauth2Inputs)
    expect(result.outputs['token-type']).toBe('DPoP')
    expect(result.warnings).toEqual([])
  })

  it.each([
    ['a line break', 'read\n::error::pwned'],
    ['a double quote', 'read "write"'],
    ['a backslash', 'read\\write'],
    ['two spaces', 'read  write'],
    ['a leading space', ' read'],
    ['non-ASCII', 'lecture écriture']
  ])('a scope with %s leaves the scope output empty, with a warning', async (_name, scope) => {
    nock(IDP).post('/token').reply(200, { access_token: 'scoped', token_type: 'Bearer', scope })

    const result = await job.main({ ...oauth2Inputs, scope: 'read' })

    expect(result.error).toBe('')
    expect(result.outputs.scope).toBe('')
    expect(result.warnings).toEqual([
      'OAuth2 server answered with a scope that is not a list of RFC 6749 scope tokens separated by single spaces; the scope output is left empty.'
    ])
    expectOnlyOwnCommands(result)
    expect(result.summary).toContain('(none reported)')
  })

  it('escapes HTML from the vendor in the job summary', async () => {
    const scope = "<img src=x onerror=alert(1)> a&b 'q'"
    nock(IDP).post('/token').reply(200, { access_token: 'html', token_type: 'Bearer', scope })

    const result = await job.main(oauth2Inputs)

    expect(result.error).toBe('')
    // A valid RFC 6749 scope, so the output keeps it; the summary must not render it.
    expect(result.outputs.scope).toBe(scope)
    expect(result.summary).toContain('&lt;img src=x onerror=alert(1)&gt; a&amp;b &#39;q&#39;')
    expect(result.summary).not.toContain('<img')
  })

  it('neutralises line breaks and every control character in a refusal, and bounds its length', async () => {
    const description = `bad\r\n::warning::pwned\u2028x\u0085y\u202ez\u0000${'w'.repeat(400)}`
    nock(APPSEC).post('/oauth/token').reply(400, { error: 'invalid_request', error_description: description })

    const result = await job.main(appsecInputs)

    expect(result.error).toMatch(
      /^AppSec\+ refused the token request \(POST api\.appsecplus\.example\.com\/oauth\/token\): HTTP 400 \(invalid_request: bad ::warning::pwned x y z w+\.\.\.\)\. /
    )
    expect(result.error).not.toMatch(/%0A|%0D|[\u2028\u0085\u202e\u0000]/)
    expect(result.error.match(/w+/)?.[0].length).toBeLessThan(200)
    expect(result.warnings).toEqual([])
    expectOnlyOwnCommands(result)
  })
})

describe('item 5: only RFC 6750 b64token tokens are used', () => {
  const refusal =
    'AppSec+ answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'

  it.each([
    ['a space', 'abc def'],
    ['a double quote', 'abc"def'],
    ['a single quote', "abc'def"],
    ['a dollar sign', 'abc$(id)'],
    ['a backtick', 'abc`id`'],
    ['a semicolon', 'abc;id'],
    ['an ampersand', 'abc&&id'],
    ['non-ASCII', 'café'],
    ['= before the end', 'abc=def'],
    ['a line break', 'abc\n::warning::x']
  ])('refuses a token with %s and publishes nothing', async (_name, token) => {
    nock(APPSEC).post('/oauth/token').reply(200, { access_token: token, token_type: 'Bearer' })

    const result = await job.main(appsecInputs)

    expect(result.error).toBe(refusal)
    // AppSec+ has no revocation endpoint: the refused token cannot be revoked, and the log says so.
    expect(result.stdout).toContain(
      'AppSec+ documents no token revocation; the refused token stays valid until it expires.'
    )
    expectNothingPublished(result)
    expectOnlyMasked(result, [token])
    expectOnlyOwnCommands(result)
  })

  it('refuses a token with invalid UTF-8 bytes', async () => {
    const body = Buffer.concat([
      Buffer.from('{"access_token":"abc'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('def"}')
    ])
    nock(APPSEC).post('/oauth/token').reply(200, body, { 'Content-Type': 'application/json' })

    const result = await job.main(appsecInputs)

    expect(result.error).toBe(refusal)
    expectNothingPublished(result)
  })

  it('accepts every b64token character, with trailing =', async () => {
    const token = 'AZaz09-._~+/=='
    nock(APPSEC).post('/oauth/token').reply(200, { access_token: token })
    const result = await job.main(appsecInputs)
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(token)
    expect(result.env.APPSEC_PLUS_ACCESS_TOKEN).toBe(token)
  })
})

describe('item 6: an expiry that cannot be represented is unknown, never a crash', () => {
  const unknownWarning = (vendor: string, field: string) =>
    `${vendor} answered with an expiry that is not a usable date (${field}: negative, not a number, or past the year 9999); ` +
    'the expiry outputs are left empty.'

  it('expires_in 1e13: the step succeeds with empty expiry outputs and the post step still revokes', async () => {
    const inputs = { ...oauth2Inputs, 'revoke-url': `${IDP}/revoke` }
    nock(IDP).post('/token').reply(200, { access_token: 'long-lived', token_type: 'Bearer', expires_in: 1e13 })

    const main = await job.main(inputs)

    expect(main.failed).toBe(false)
    expect(main.error).toBe('')
    expect(main.outputs).toMatchObject({ token: 'long-lived', 'expires-at': '', 'expires-in': '' })
    expect(main.warnings).toEqual([unknownWarning('OAuth2 server', 'expires_in')])
    expect(main.state['expires-at']).toBeUndefined()

    const revoke = nock(IDP).post('/revoke', 'token=long-lived&token_type_hint=access_token').reply(200)
    const post = await job.post(main, inputs)

    revoke.done()
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Revoked the token at idp.example.com.')
  })

  it.each([
    ['negative', '-60'],
    ['1e21 (which String() writes as 1e+21)', '1e21'],
    ['infinite (1e400 in JSON)', '1e400'],
    ['not a number', '"soon"']
  ])('expires_in %s', async (_name, expiresIn) => {
    nock(APPSEC)
      .post('/oauth/token')
      .reply(200, `{"access_token":"t","expires_in":${expiresIn}}`, { 'Content-Type': 'application/json' })

    const result = await job.main(appsecInputs)

    expect(result.error).toBe('')
    expect(result.outputs['expires-at']).toBe('')
    expect(result.outputs['expires-in']).toBe('')
    expect(result.warnings).toEqual([unknownWarning('AppSec+', 'expires_in')])
  })

  it('a long but representable lifetime is written as a plain integer and a 4-digit-year date', async () => {
    nock(APPSEC).post('/oauth/token').reply(200, { access_token: 't', expires_in: 9e10 })
    const result = await job.main(appsecInputs)
    expect(result.warnings).toEqual([])
    expect(result.outputs['expires-in']).toBe('90000000000')
    expect(result.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it.each([
    ['huge, in milliseconds', 1e17],
    ['past the year 9999, in milliseconds', Date.UTC(10000, 0, 1)],
    ['negative', -1],
    ['zero', 0]
  ])('Picus expire_at %s', async (_name, expireAt) => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'p', expire_at: expireAt })

    const result = await job.main(picusInputs)

    expect(result.error).toBe('')
    expect(result.outputs).toMatchObject({ token: 'p', 'expires-at': '', 'expires-in': '' })
    expect(result.warnings).toEqual([unknownWarning('Picus', 'expiry time')])
  })

  it('Picus expire_at of 1e400 (infinite) is unknown, not a refusal', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, '{"token":"p","expire_at":1e400}')
    const result = await job.main(picusInputs)
    expect(result.error).toBe('')
    expect(result.warnings).toEqual([unknownWarning('Picus', 'expiry time')])
  })

  it.each([
    ['huge', 1e13],
    ['past the year 9999', Date.UTC(10000, 0, 1) / 1000],
    ['negative', -5],
    ['not a number', '2030-01-01']
  ])('JWT exp %s', async (_name, exp) => {
    const jwt = unsignedJwt({ sub: 'c', exp })
    nock(QUALYS).post('/auth/oauth').reply(200, jwt, { 'Content-Type': 'text/plain' })

    const result = await job.main(qualysInputs)

    expect(result.error).toBe('')
    expect(result.outputs).toMatchObject({ token: jwt, 'expires-at': '', 'expires-in': '' })
    expect(result.warnings).toEqual([unknownWarning('Qualys', 'JWT exp')])
  })

  it("an unusable expires_in falls back to the JWT's exp, and says so", async () => {
    const exp = nowSeconds() + 600
    const jwt = unsignedJwt({ exp })
    nock(IDP).post('/token').reply(200, { access_token: jwt, expires_in: -1 })

    const result = await job.main(oauth2Inputs)

    expect(Date.parse(result.outputs['expires-at'])).toBe(exp * 1000)
    expect(result.warnings).toEqual([
      'OAuth2 server answered with an expiry that is not a usable date (expires_in: negative, not a number, or past the year 9999); ' +
        'using JWT exp instead.'
    ])
  })
})

describe('item 7: Qualys text must look like a token; JSON may start with a byte order mark', () => {
  it('a JSON error on HTTP 200 is an error, shown through the safe detail path with secrets scrubbed', async () => {
    nock(QUALYS).post('/auth/oauth').reply(200, { error: 'x', message: 'bad clientSecret q-secret\n::warning::pwned' })

    const result = await job.main(qualysInputs)

    expect(result.error).toBe(
      'Qualys answered HTTP 200 with JSON instead of a token. ' +
        "Check client-id, client-secret and client-type, and that region or base-url is your platform's API gateway. " +
        'The answer says: x: bad clientSecret *** ::warning::pwned.'
    )
    expectNothingPublished(result)
    expectOnlyMasked(result, ['q-secret'])
    expectOnlyOwnCommands(result)
  })

  it('a JSON array on HTTP 200 is an error too', async () => {
    nock(QUALYS).post('/auth/oauth').reply(200, '[{"error":"x"}]', { 'Content-Type': 'application/json' })
    const result = await job.main(qualysInputs)
    expect(result.error).toMatch(/^Qualys answered HTTP 200 with JSON instead of a token\. /)
    expectNothingPublished(result)
  })

  it.each([
    ['an HTML page', '<html><body>Login</body></html>'],
    ['a sentence', 'Authentication succeeded'],
    // Starts like JSON but does not parse: text, not a JSON answer.
    ['a broken JSON object', '{"access_token": '],
    ['shell syntax', 'abc$(id)']
  ])('%s on HTTP 200 is not a token', async (_name, body) => {
    nock(QUALYS).post('/auth/oauth').reply(200, body, { 'Content-Type': 'text/html' })

    const result = await job.main(qualysInputs)

    expect(result.error).toBe(
      'Qualys answered HTTP 200 with text that is not a token (a JWT or an RFC 6750 token: letters, digits, -._~+/ and trailing =). ' +
        "Check that region or base-url is your platform's API gateway, not a web page or a proxy."
    )
    expectNothingPublished(result)
  })

  it('reads a JWT after a byte order mark', async () => {
    const jwt = unsignedJwt({ exp: nowSeconds() + 60 })
    nock(QUALYS).post('/auth/oauth').reply(200, `\uFEFF${jwt}\n`)
    const result = await job.main(qualysInputs)
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(jwt)
  })

  it.each([
    [
      'appsec-plus',
      () => nock(APPSEC).post('/oauth/token'),
      appsecInputs,
      '{"access_token":"bom-token","expires_in":60}'
    ],
    ['picus', () => nock('https://api.picussecurity.com').post('/v1/auth/token'), picusInputs, '{"token":"bom-token"}'],
    [
      'securithings',
      () => nock('https://api.securithings.com').post('/token/acme'),
      { vendor: 'securithings', 'client-id': 'i', 'client-secret': 's', organization: 'acme' },
      '{"access_token":"bom-token"}'
    ]
  ])('%s reads a JSON answer that starts with a byte order mark', async (_vendor, interceptor, inputs, json) => {
    interceptor().reply(200, Buffer.from(`\uFEFF${json}`, 'utf8'), { 'Content-Type': 'application/json' })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe('bom-token')
  })

  it('reads the error fields of a refusal that starts with a byte order mark', async () => {
    nock(APPSEC)
      .post('/oauth/token')
      .reply(401, '\uFEFF{"error":"invalid_client"}', { 'Content-Type': 'application/json' })
    const result = await job.main(appsecInputs)
    expect(result.error).toMatch(
      /^AppSec\+ refused the token request \(POST api\.appsecplus\.example\.com\/oauth\/token\): HTTP 401 \(invalid_client\)\. /
    )
  })
})

describe('item 8: every form of every secret is masked before the request and scrubbed first', () => {
  it('scrubs a non-ASCII secret echoed in an error, before any character is replaced', async () => {
    const secret = 'sécret-ü-秘密'
    nock(APPSEC)
      .post('/oauth/token')
      .reply(401, { error: 'invalid_client', error_description: `bad secret ${secret}` })

    const result = await job.main({ ...appsecInputs, 'client-secret': secret })

    expect(result.error).toContain('HTTP 401 (invalid_client: bad secret ***)')
    expectOnlyMasked(result, [secret])
    expect(result.stdout).not.toContain('s cret')
  })

  it('scrubs the form-encoded secret echoed by a client_secret_basic server, and masks it before the request', async () => {
    const secret = 'my secret+1'
    nock(IDP)
      .post('/token')
      .reply(401, { error: 'invalid_client', error_description: 'client_secret my+secret%2B1 is wrong' })

    const result = await job.main({ ...oauth2Inputs, 'client-secret': secret })

    expect(result.error).toContain('HTTP 401 (invalid_client: client_secret *** is wrong)')
    expectOnlyMasked(result, [secret, 'my+secret%2B1', 'my%20secret%2B1'])
    const maskLine = result.stdout.indexOf('::add-mask::my+secret%252B1')
    expect(maskLine).toBeGreaterThanOrEqual(0)
    expect(maskLine).toBeLessThan(result.stdout.indexOf('::debug::Requesting'))
  })

  it.each([
    ['form-encoded', 'my+secret%2B1+%22quoted%22'],
    ['percent-encoded', 'my%20secret%2B1%20%22quoted%22'],
    ['JSON-escaped', 'my secret+1 \\"quoted\\"'],
    ['Basic header', basicHeader('cid', 'my secret+1 "quoted"')],
    ['base64 part of the Basic header', Buffer.from('cid:my secret+1 "quoted"').toString('base64')]
  ])('scrubs the %s form of the secret', async (_form, echoed) => {
    const secret = 'my secret+1 "quoted"'
    nock(PALOALTO)
      .post('/oauth/token')
      .reply(400, { error: 'invalid_request', message: `got ${echoed} here` })

    const result = await job.main({ vendor: 'paloalto-saas', 'client-id': 'cid', 'client-secret': secret })

    expect(result.error).toContain('HTTP 400 (invalid_request: got *** here)')
    expectOnlyMasked(result, [secret, echoed])
  })

  it('scrubs a secret that straddles the length limit, so no prefix of it is printed', async () => {
    const secret = 'straddling-secret-value'
    nock(APPSEC)
      .post('/oauth/token')
      .reply(400, { error_description: `${'x'.repeat(190)}${secret}` })

    const result = await job.main({ ...appsecInputs, 'client-secret': secret })

    expect(result.error).toContain(`${'x'.repeat(190)}***`)
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('straddling')
  })

  it("scrubs Picus's refresh token in its JSON-escaped form", async () => {
    const refreshToken = 'refresh\\with"quotes'
    nock('https://api.picussecurity.com')
      .post('/v1/auth/token')
      .reply(422, { message: 'validation error for body {"refresh_token":"refresh\\\\with\\"quotes"}' })

    const result = await job.main({ vendor: 'picus', 'refresh-token': refreshToken })

    expect(result.error).toContain('HTTP 422 (validation error for body {"refresh_token":"***"})')
    expectOnlyMasked(result, [refreshToken, 'refresh\\\\with\\"quotes'])
  })
})
