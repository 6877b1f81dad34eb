// The secretless modes' wire formats, checked with nock through the action's inputs and outputs:
// oauth2 private_key_jwt, github-oidc and none, the RFC 8693 token exchange, and jfrog. Assertions
// are verified with jose, an implementation independent of the action's node:crypto signing.
import nock from 'nock'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, maskedValues, type Job } from './support/action.js'
import { expectNoUnexpectedRequest, unansweredRequests } from './support/requests.js'

const IDP = 'https://idp.example.com'
const GITHUB = 'https://token.actions.test'
const REQUEST_TOKEN = 'id-token-request-token-123'
const githubEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: `${GITHUB}/idtoken?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
}
const ENTRA_AUDIENCE = 'api://AzureADTokenExchange'
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
const PERMISSION_ADVICE =
  'Give the job `permissions: id-token: write` (and `contents: read` for actions/checkout) in the workflow. ' +
  'A workflow run for a pull request from a fork never gets an ID token: run this step on push and on ' +
  'pull requests from the same repository only.'

const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))
const form = (body: unknown) => new URLSearchParams(body as string)

/** A GitHub-shaped ID token (unsigned: the action only passes it on). */
function idToken(audience: string, jti = 'gh-jti-1'): string {
  return unsignedJwt({
    iss: 'https://token.actions.githubusercontent.com',
    aud: audience,
    sub: 'repo:acme/app:ref:refs/heads/main',
    jti,
    exp: nowSeconds() + 300
  })
}

/** GitHub's ID token endpoint, as the runner's variables name it. */
function githubIssues(token: string, audience?: string) {
  return nock(GITHUB)
    .get('/idtoken')
    .query(audience === undefined ? { 'api-version': '2.0' } : { 'api-version': '2.0', audience })
    .matchHeader('authorization', `Bearer ${REQUEST_TOKEN}`)
    .reply(200, { count: 1, value: token })
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const privateKeyJwt = {
  vendor: 'oauth2',
  'token-url': `${IDP}/oauth2/token`,
  'auth-method': 'private_key_jwt',
  'client-id': 'key-client',
  'private-key': CLIENT_KEYS.rsa,
  'key-id': 'k1',
  scope: 'scan:read'
}

describe('oauth2 private_key_jwt', () => {
  it('signs an RS256 assertion (RFC 7523) on the runner and sends no secret', async () => {
    let sent = new URLSearchParams()
    const api = nock(IDP, { badheaders: ['authorization'] })
      .post('/oauth2/token', (body) => {
        sent = form(body)
        return true
      })
      .reply(200, { access_token: 'kj-token', token_type: 'Bearer', expires_in: 300 })

    const before = nowSeconds()
    const result = await job.main(privateKeyJwt)

    expect(result.error).toBe('')
    api.done()
    expect([...sent.keys()]).toEqual(['grant_type', 'scope', 'client_id', 'client_assertion_type', 'client_assertion'])
    expect(sent.get('grant_type')).toBe('client_credentials')
    expect(sent.get('client_id')).toBe('key-client')
    expect(sent.get('client_assertion_type')).toBe(JWT_BEARER)
    const assertion = sent.get('client_assertion')!
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' })
    const { payload } = await jwtVerify(assertion, createPublicKey(CLIENT_KEYS.rsa), {
      algorithms: ['RS256'],
      issuer: 'key-client',
      subject: 'key-client',
      audience: `${IDP}/oauth2/token`
    })
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(payload.iat).toBeGreaterThanOrEqual(before)
    expect(payload.nbf).toBe(payload.iat)
    expect(payload.exp! - payload.iat!).toBe(120)
    expect(result.outputs.token).toBe('kj-token')
    // The key (whole and every line) and the assertion are masked before the request, and never printed.
    expectOnlyMasked(result, [CLIENT_KEYS.rsa.trim(), ...keyLines(CLIENT_KEYS.rsa), assertion, 'kj-token'])
    // Besides the key's forms, only the assertion and the token: no ID token is fetched for private_key_jwt.
    const keyForms = (value: string) => value.includes('PRIVATE') || keyLines(CLIENT_KEYS.rsa).includes(value)
    expect(maskedValues(result).filter((value) => !keyForms(value))).toEqual([assertion, 'kj-token'])
  })

  it.each([
    ['PS256', 'rsa-pkcs1', 'rsa'],
    ['ES256', 'ec', 'ec']
  ] as const)('signs %s with the %s key, verifiable by an independent implementation', async (alg, key, publicKey) => {
    let assertion = ''
    nock(IDP)
      .post('/oauth2/token', (body) => {
        assertion = form(body).get('client_assertion')!
        return true
      })
      .reply(200, { access_token: `${alg}-token` })

    const result = await job.main({
      ...privateKeyJwt,
      'private-key': CLIENT_KEYS[key],
      // Case does not matter; the header says it in capitals.
      'signing-algorithm': alg.toLowerCase(),
      'key-id': ''
    })

    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(`${alg}-token`)
    expect(decodeProtectedHeader(assertion)).toEqual({ alg, typ: 'JWT' })
    // jose checks PS256 with a 32-byte salt and ES256 as a 64-byte R || S signature, and the claims.
    const { payload } = await jwtVerify(assertion, createPublicKey(CLIENT_KEYS[publicKey]), {
      algorithms: [alg],
      issuer: 'key-client',
      subject: 'key-client',
      audience: `${IDP}/oauth2/token`
    })
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(Math.abs(payload.iat! - nowSeconds())).toBeLessThanOrEqual(5)
    expect(payload.nbf).toBe(payload.iat)
    expect(payload.exp! - payload.iat!).toBe(120)
    expectOnlyMasked(result, [...keyLines(CLIENT_KEYS[key]), assertion])
  })

  // RSA-PSS keys (OID id-RSASSA-PSS) that PS256 can use: unrestricted, or restricted to what PS256 signs with.
  it.each<[string, { hashAlgorithm?: string; mgf1HashAlgorithm?: string; saltLength?: number }]>([
    ['unrestricted', {}],
    [
      'restricted to SHA-256, MGF1 SHA-256 and a 32-byte salt',
      { hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 }
    ],
    [
      'restricted to a salt of at least 20 bytes',
      { hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 20 }
    ]
  ])('signs PS256 with an RSA-PSS key %s, verifiable by an independent implementation', async (_case, restrictions) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      ...(restrictions as object)
    })
    let assertion = ''
    nock(IDP)
      .post('/oauth2/token', (body) => {
        assertion = form(body).get('client_assertion')!
        return true
      })
      .reply(200, { access_token: 'pss-token' })

    const result = await job.main({
      ...privateKeyJwt,
      'private-key': privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      'signing-algorithm': 'PS256'
    })

    expect(result.error).toBe('')
    // jose (WebCrypto) takes no RSA-PSS key: give it the same modulus as a plain RSA key, the last 270 bytes
    // of the SPKI (a 2048-bit RSAPublicKey), and it checks PS256 as any verifier does (MGF1 SHA-256, 32-byte salt).
    const spki = publicKey.export({ type: 'spki', format: 'der' })
    const rsaPublicKey = createPublicKey({ key: spki.subarray(-270), format: 'der', type: 'pkcs1' })
    await expect(jwtVerify(assertion, rsaPublicKey, { algorithms: ['PS256'] })).resolves.toBeDefined()
  })

  it('uses assertion-audience as aud when the server wants its issuer', async () => {
    let assertion = ''
    nock(IDP)
      .post('/oauth2/token', (body) => {
        assertion = form(body).get('client_assertion')!
        return true
      })
      .reply(200, { access_token: 'aud-token' })
    const result = await job.main({ ...privateKeyJwt, 'assertion-audience': 'https://acme.auth0.example/' })
    expect(result.error).toBe('')
    expect(decodeJwt(assertion).aud).toBe('https://acme.auth0.example/')
  })

  it('signs a new assertion for a retry, so that it is never a replay', async () => {
    const assertions: string[] = []
    nock(IDP)
      .post('/oauth2/token', (body) => {
        assertions.push(form(body).get('client_assertion')!)
        return true
      })
      .reply(503)
      .post('/oauth2/token', (body) => {
        assertions.push(form(body).get('client_assertion')!)
        return true
      })
      .reply(200, { access_token: 'second-try' })

    const result = await job.main({ ...privateKeyJwt, 'max-attempts': '2' })

    expect(result.error).toBe('')
    expect(result.stdout).toMatch(/OAuth2 server at idp\.example\.com: HTTP 503; retrying in/)
    expect(assertions).toHaveLength(2)
    expect(decodeJwt(assertions[0]).jti).not.toBe(decodeJwt(assertions[1]).jti)
    expectOnlyMasked(result, assertions)
  })

  it("scrubs a retry's assertion from the server's error, like the first one's", async () => {
    const assertions: string[] = []
    const recorded = (body: unknown) => {
      assertions.push(form(body).get('client_assertion')!)
      return true
    }
    nock(IDP)
      .post('/oauth2/token', recorded)
      .reply(503)
      .post('/oauth2/token', recorded)
      .reply(400, () => ({ error: 'invalid_client', error_description: `assertion ${assertions[1]} is not trusted` }))

    const result = await job.main({ ...privateKeyJwt, 'max-attempts': '2' })

    expect(assertions).toHaveLength(2)
    expect(result.error).toMatch(
      /^OAuth2 server refused the token request \(POST idp\.example\.com\/oauth2\/token\): HTTP 400 \(invalid_client: assertion \*\*\*/
    )
    expect(result.error).not.toContain(assertions[1].slice(0, 20))
    expectOnlyMasked(result, assertions)
  })

  it('authenticates the post step revocation with a fresh assertion', async () => {
    nock(IDP).post('/oauth2/token').reply(200, { access_token: 'revoke-me', expires_in: 600 })
    const inputs = { ...privateKeyJwt, 'revoke-url': `${IDP}/oauth2/revoke` }
    const main = await job.main(inputs)
    expect(main.error).toBe('')

    let sent = new URLSearchParams()
    const revoke = nock(IDP, { badheaders: ['authorization'] })
      .post('/oauth2/revoke', (body) => {
        sent = form(body)
        return true
      })
      .reply(200)
    const post = await job.post(main, inputs)

    revoke.done()
    expect(post.warnings).toEqual([])
    expect(sent.get('token')).toBe('revoke-me')
    expect(sent.get('client_assertion_type')).toBe(JWT_BEARER)
    const { payload } = await jwtVerify(sent.get('client_assertion')!, createPublicKey(CLIENT_KEYS.rsa), {
      audience: `${IDP}/oauth2/token`
    })
    expect(payload.iss).toBe('key-client')
    expectOnlyMasked(post, [...keyLines(CLIENT_KEYS.rsa), sent.get('client_assertion')!, 'revoke-me'])
  })
})

const githubOidc = {
  vendor: 'oauth2',
  'token-url': `${IDP}/tenant/oauth2/v2.0/token`,
  'auth-method': 'github-oidc',
  'client-id': 'app-id',
  'oidc-audience': ENTRA_AUDIENCE,
  scope: 'https://api.securitycenter.microsoft.com/.default'
}

describe('oauth2 github-oidc', () => {
  it("sends the job's GitHub ID token as the client assertion, the way Entra ID federated credentials take it", async () => {
    const token = idToken(ENTRA_AUDIENCE)
    const github = githubIssues(token, ENTRA_AUDIENCE)
    const api = nock(IDP, { badheaders: ['authorization'] })
      .post('/tenant/oauth2/v2.0/token', {
        grant_type: 'client_credentials',
        scope: 'https://api.securitycenter.microsoft.com/.default',
        client_id: 'app-id',
        client_assertion_type: JWT_BEARER,
        client_assertion: token
      })
      .reply(200, { access_token: 'entra-token', token_type: 'Bearer', expires_in: 3599 })

    const result = await job.main(githubOidc, githubEnv)

    expect(result.error).toBe('')
    github.done()
    api.done()
    expect(result.outputs).toMatchObject({ token: 'entra-token', 'expires-in': '3599' })
    expect(result.masks).toContain(token)
    expectOnlyMasked(result, [REQUEST_TOKEN, token, 'entra-token'])
  })

  it('retries the ID token request on a transient failure', async () => {
    const token = idToken(ENTRA_AUDIENCE)
    nock(GITHUB).get('/idtoken').query(true).reply(503)
    githubIssues(token, ENTRA_AUDIENCE)
    nock(IDP).post('/tenant/oauth2/v2.0/token').reply(200, { access_token: 'after-retry' })

    const result = await job.main(githubOidc, githubEnv)

    expect(result.error).toBe('')
    expect(result.stdout).toMatch(/GitHub's OIDC token service at token\.actions\.test: HTTP 503; retrying in/)
    expect(result.outputs.token).toBe('after-retry')
  })

  it('fetches a new ID token to authenticate the post step revocation', async () => {
    githubIssues(idToken(ENTRA_AUDIENCE, 'first'), ENTRA_AUDIENCE)
    nock(IDP).post('/tenant/oauth2/v2.0/token').reply(200, { access_token: 'revoke-oidc', expires_in: 600 })
    const inputs = { ...githubOidc, 'revoke-url': `${IDP}/tenant/revoke` }
    const main = await job.main(inputs, githubEnv)
    expect(main.error).toBe('')

    const second = idToken(ENTRA_AUDIENCE, 'second')
    githubIssues(second, ENTRA_AUDIENCE)
    const revoke = nock(IDP)
      .post('/tenant/revoke', {
        token: 'revoke-oidc',
        token_type_hint: 'access_token',
        client_id: 'app-id',
        client_assertion_type: JWT_BEARER,
        client_assertion: second
      })
      .reply(200)
    const post = await job.post(main, inputs, githubEnv)

    revoke.done()
    expect(post.warnings).toEqual([])
    expectOnlyMasked(post, [second, 'revoke-oidc'])
  })
})

describe('the GitHub ID token', () => {
  it('is missing without `permissions: id-token: write` (and in fork pull requests): one clear error, no request', async () => {
    const result = await job.main(githubOidc)
    expect(result.failed).toBe(true)
    expect(result.error).toBe(
      'This job cannot get a GitHub OIDC ID token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN ' +
        `are not set. ${PERMISSION_ADVICE}`
    )
    expectNoUnexpectedRequest()
    expect(result.outputs).toEqual({})
    expect(result.stdout).not.toMatch(/\n\s+at /)
  })

  it.each([401, 403])('refused with HTTP %i: the same advice, and no token request', async (status) => {
    nock(GITHUB).get('/idtoken').query(true).reply(status, { message: 'Forbidden' })

    const result = await job.main(githubOidc, githubEnv)

    expect(result.error).toBe(
      `GitHub's OIDC token service refused to issue an ID token for this job (HTTP ${status}). ${PERMISSION_ADVICE}`
    )
    // The token endpoint has no interceptor: a token request would be recorded here.
    expectNoUnexpectedRequest()
    expect(result.stdout).not.toContain('retrying')
  })

  it.each([
    [
      'no value',
      { count: 0 },
      "GitHub's OIDC token service answered without an ID token (no 'value' string in a JSON object)."
    ],
    [
      'not JSON',
      'value=x',
      "GitHub's OIDC token service answered without an ID token (no 'value' string in a JSON object)."
    ],
    [
      'a value that is not a JWT',
      { value: 'not a jwt $(id)' },
      "GitHub's OIDC token service answered with a 'value' that is not a JWT; refusing to use it."
    ]
  ])('answered with %s: refused, without echoing it', async (_name, answer, message) => {
    nock(GITHUB).get('/idtoken').query(true).reply(200, answer)
    const result = await job.main(githubOidc, githubEnv)
    expect(result.error).toBe(message)
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('not a jwt')
  })

  it('needs an https:// ACTIONS_ID_TOKEN_REQUEST_URL: nothing is sent, and the request token never travels over plain HTTP', async () => {
    const result = await job.main(githubOidc, {
      ...githubEnv,
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://token.actions.test/idtoken?api-version=2.0'
    })
    expect(unansweredRequests().filter(({ authorization }) => authorization.includes(REQUEST_TOKEN))).toEqual([])
    expectNoUnexpectedRequest()
    expect(result.failed).toBe(true)
    expect(result.error).toContain('ACTIONS_ID_TOKEN_REQUEST_URL')
    expect(result.error).toContain('https://')
    expect(result.outputs).toEqual({})
    expectOnlyMasked(result, [REQUEST_TOKEN])
  })
})

const tokenExchange = {
  vendor: 'oauth2',
  'token-url': `${IDP}/token`,
  'grant-type': 'token-exchange',
  'auth-method': 'none',
  'client-id': 'public-client',
  'oidc-audience': 'https://idp.example.com',
  audience: 'https://api.example.com',
  resource: 'https://api.example.com/scans',
  scope: 'scan:read'
}

describe('oauth2 token exchange (RFC 8693)', () => {
  it("exchanges the job's ID token as a public client", async () => {
    const token = idToken('https://idp.example.com')
    githubIssues(token, 'https://idp.example.com')
    const api = nock(IDP, { badheaders: ['authorization'] })
      .post('/token', {
        grant_type: TOKEN_EXCHANGE,
        subject_token: token,
        subject_token_type: ID_TOKEN_TYPE,
        scope: 'scan:read',
        audience: 'https://api.example.com',
        resource: 'https://api.example.com/scans',
        client_id: 'public-client'
      })
      .reply(200, {
        access_token: 'exchanged',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 600
      })

    const result = await job.main(tokenExchange, githubEnv)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: 'exchanged', 'token-type': 'Bearer', scope: 'scan:read' })
    expectOnlyMasked(result, [token, 'exchanged'])
  })

  it('sends no client_id when a public client has none, and authenticates with a secret when given one', async () => {
    const token = idToken('https://idp.example.com')
    githubIssues(token, 'https://idp.example.com')
    githubIssues(token, 'https://idp.example.com')
    const publicRequest = nock(IDP)
      .post('/token', (body) => !form(body).has('client_id'))
      .reply(200, { access_token: 'anonymous' })
    const basic = `Basic ${Buffer.from('cid:csecret').toString('base64')}`
    const confidential = nock(IDP)
      .post('/token', (body) => form(body).get('grant_type') === TOKEN_EXCHANGE && !form(body).has('client_secret'))
      .matchHeader('authorization', basic)
      .reply(200, { access_token: 'confidential' })

    const anonymous = await job.main({ ...tokenExchange, 'client-id': '' }, githubEnv)
    const withSecret = await job.main(
      { ...tokenExchange, 'auth-method': 'client_secret_basic', 'client-id': 'cid', 'client-secret': 'csecret' },
      githubEnv
    )

    expect(anonymous.error).toBe('')
    expect(withSecret.error).toBe('')
    publicRequest.done()
    confidential.done()
    // The Basic header and its credentials are masked along with the ID token.
    expectOnlyMasked(withSecret, ['csecret', token, basic, basic.slice('Basic '.length), 'confidential'])
  })

  // RFC 8693 3: each type that is no token for an API, SAML 1.1 included.
  it.each(['refresh_token', 'id_token', 'saml1', 'saml2'])(
    'refuses an issued_token_type of %s, without printing the answer',
    async (type) => {
      githubIssues(idToken('https://idp.example.com'), 'https://idp.example.com')
      nock(IDP)
        .post('/token')
        .reply(200, {
          access_token: 'not-for-an-api',
          issued_token_type: `urn:ietf:params:oauth:token-type:${type}`,
          refresh_token: 'answer-refresh-token'
        })

      const result = await job.main(tokenExchange, githubEnv)

      expect(result.failed).toBe(true)
      expect(result.error).toContain(
        `issued a token of type urn:ietf:params:oauth:token-type:${type}, which is not an access token`
      )
      expect(result.outputs).toEqual({})
      // Masked at once, like any token, and never printed.
      expectOnlyMasked(result, ['not-for-an-api', 'answer-refresh-token'])
      expect(result.stdout).toContain(
        'The refused token was not revoked (no revoke-url); it stays valid until it expires.'
      )
      expect(result.env).toEqual({})
    }
  )

  it.each(['N_A', 'n_a'])(
    'refuses token_type %s (RFC 8693 2.2.1: not usable as an access token) like a refused issued_token_type',
    async (tokenType) => {
      githubIssues(idToken('https://idp.example.com'), 'https://idp.example.com')
      nock(IDP).post('/token').reply(200, {
        access_token: 'not-usable',
        issued_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_type: tokenType
      })

      const result = await job.main(tokenExchange, githubEnv)

      expect(result.error).toBe(
        'OAuth2 server answered token_type N_A: the token it issued is not usable as an access token (RFC 8693 2.2.1). Check audience, resource and scope.'
      )
      expect(result.outputs).toEqual({})
      expect(result.state).toEqual({})
      expectOnlyMasked(result, ['not-usable'])
    }
  )

  it.each([
    [
      'an issued_token_type that is no access token',
      { issued_token_type: 'urn:ietf:params:oauth:token-type:id_token' }
    ],
    ['token_type N_A', { token_type: 'N_A' }]
  ])('revokes a token with %s at revoke-url, then fails with the original error', async (_name, answer) => {
    githubIssues(idToken('https://idp.example.com'), 'https://idp.example.com')
    nock(IDP)
      .post('/token')
      .reply(200, { access_token: 'issued-but-refused', ...answer })
    const revoke = nock(IDP)
      .post('/revoke', { token: 'issued-but-refused', token_type_hint: 'access_token', client_id: 'public-client' })
      .reply(200)

    const result = await job.main({ ...tokenExchange, 'revoke-url': `${IDP}/revoke` }, githubEnv)

    revoke.done()
    expect(result.error).toMatch(/^OAuth2 server (issued a token of type|answered token_type N_A)/)
    expect(result.stdout).toContain('Revoked the refused token at idp.example.com.')
    expect(result.warnings).toEqual([])
    expect(result.outputs).toEqual({})
    expectOnlyMasked(result, ['issued-but-refused'])
  })
})

describe('oauth2 refusals: what to check for each auth-method', () => {
  const refusal =
    'OAuth2 server refused the token request (POST idp.example.com/oauth2/token): HTTP 401 (invalid_client).'
  it.each([
    [
      'private_key_jwt',
      privateKeyJwt,
      'Check client-id, that the server holds the public key of private-key (and its key-id, if it needs one) for ' +
        'signing-algorithm, and assertion-audience (default: token-url; some servers want their issuer URL).'
    ],
    [
      'github-oidc',
      { ...githubOidc, 'token-url': `${IDP}/oauth2/token` },
      "Check client-id, and that the client's federated credential trusts this workflow: issuer " +
        'https://token.actions.githubusercontent.com, the subject of this repository and branch or environment, ' +
        'and audience oidc-audience.'
    ],
    [
      'client_secret_basic',
      { vendor: 'oauth2', 'token-url': `${IDP}/oauth2/token`, 'client-id': 'cid', 'client-secret': 'csecret' },
      'Check client-id, client-secret, scope and audience, and whether the server expects auth-method ' +
        'client_secret_basic (the default) or client_secret_post.'
    ]
  ])('%s with client_credentials: the client hint alone', async (method, inputs, hint) => {
    if (method === 'github-oidc') githubIssues(idToken(ENTRA_AUDIENCE), ENTRA_AUDIENCE)
    nock(IDP).post('/oauth2/token').reply(401, { error: 'invalid_client' })

    const result = await job.main(inputs, githubEnv)

    expect(result.error).toBe(`${refusal} ${hint}`)
  })
})

const jfrog = {
  vendor: 'jfrog',
  'base-url': 'https://acme.jfrog.io/',
  'oidc-provider': 'github-oidc',
  'oidc-project': 'proj'
}

describe('jfrog', () => {
  it("exchanges the job's ID token at /access/api/v1/oidc/token and never exports the refresh token", async () => {
    // Without oidc-audience the ID token has GitHub's default audience: no audience parameter.
    const token = idToken('https://github.com/acme')
    githubIssues(token)
    const api = nock('https://acme.jfrog.io')
      .post('/access/api/v1/oidc/token', {
        grant_type: TOKEN_EXCHANGE,
        subject_token_type: ID_TOKEN_TYPE,
        subject_token: token,
        provider_name: 'github-oidc',
        project_key: 'proj'
      })
      .matchHeader('content-type', 'application/json')
      .reply(200, {
        access_token: 'jfrog-token',
        token_type: 'access_token',
        expires_in: 3600,
        scope: 'applied-permissions/groups:readers',
        refresh_token: 'jfrog-refresh',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        username: 'gh-user'
      })

    const result = await job.main(jfrog, githubEnv)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: 'jfrog-token',
      'token-type': 'Bearer',
      'expires-in': '3600',
      scope: 'applied-permissions/groups:readers'
    })
    expect(result.env).toEqual({ JFROG_ACCESS_TOKEN: 'jfrog-token' })
    expect(JSON.stringify(result.outputs)).not.toContain('jfrog-refresh')
    expectOnlyMasked(result, [token, 'jfrog-token', 'jfrog-refresh'])
  })

  it('asks for oidc-audience and leaves out project_key without oidc-project', async () => {
    const token = idToken('jfrog-github')
    githubIssues(token, 'jfrog-github')
    const api = nock('https://acme.jfrog.io')
      .post('/access/api/v1/oidc/token', (body) => !('project_key' in body) && body.provider_name === 'github-oidc')
      .reply(200, { access_token: 'no-project' })
    const result = await job.main({ ...jfrog, 'oidc-project': '', 'oidc-audience': 'jfrog-github' }, githubEnv)
    expect(result.error).toBe('')
    api.done()
  })

  it("explains a refusal with JFrog's own error message", async () => {
    githubIssues(idToken('https://github.com/acme'))
    nock('https://acme.jfrog.io')
      .post('/access/api/v1/oidc/token')
      .reply(401, { errors: [{ status: 401, message: 'Failed to validate the token claims' }] })

    const result = await job.main(jfrog, githubEnv)

    expect(result.error).toBe(
      'JFrog Platform refused the token request (POST acme.jfrog.io/access/api/v1/oidc/token): HTTP 401 (Failed to validate the token claims). Check that ' +
        'oidc-provider is the Provider Name of the OpenID Connect integration in JFrog (Administration > General Management > ' +
        "Manage Integrations), that one of its identity mappings matches this workflow's claims (repository, ref, ...; " +
        'an aud there must match oidc-audience), and oidc-project if the mapping belongs to a project.'
    )
  })
})
