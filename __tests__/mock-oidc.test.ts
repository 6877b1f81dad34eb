// The mock is only worth testing against if it refuses what a real server refuses: these
// requests are crafted here (with jose) and sent to the mock's oauth2 and JFrog endpoints.
import nock from 'nock'
import { createPrivateKey, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { SignJWT } from 'jose'
import { DEMO_CREDENTIALS, SECRETLESS_DEMO, startMockVendors } from '../test-support/mock-vendors.mjs'
import { CLIENT_KEYS, GITHUB_OIDC_DEMO, githubIdTokenEnv } from '../test-support/oidc.mjs'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
let mock: Mock
let ca: Buffer
beforeAll(async () => {
  mock = await startMockVendors()
  ca = readFileSync(mock.caFile)
})
afterAll(() => mock.close())
beforeEach(() => nock.enableNetConnect('127.0.0.1'))

function send(
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${mock.url}${path}`, { method, ca, headers }, (response) => {
      let text = ''
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : {} }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const now = () => Math.floor(Date.now() / 1000)

/** A client assertion signed with the demo client's RSA key; `claims` override the valid ones. */
function assertion(claims: Record<string, unknown> = {}, key = CLIENT_KEYS.rsa): Promise<string> {
  return new SignJWT({
    iss: DEMO_CREDENTIALS.clientId,
    sub: DEMO_CREDENTIALS.clientId,
    aud: `${mock.url}/oauth2/token`,
    jti: randomUUID(),
    iat: now(),
    exp: now() + 60,
    ...claims
  })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(createPrivateKey(key))
}

function tokenRequest(clientAssertion: string) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: DEMO_CREDENTIALS.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion
  })
  return send('POST', '/oauth2/token', form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' })
}

describe('the mock OAuth2 server checks private_key_jwt assertions', () => {
  it('accepts a valid one once, and refuses it replayed', async () => {
    const valid = await assertion()
    expect((await tokenRequest(valid)).status).toBe(200)
    const replay = await tokenRequest(valid)
    expect(replay.status).toBe(401)
    expect(replay.json.error_description).toBe('client assertion rejected: jti already used (replay)')
  })

  it.each([
    ['a wrong aud', { aud: 'https://elsewhere.example/token' }],
    ['an expired one', { iat: now() - 600, exp: now() - 300 }],
    ['one without jti', { jti: undefined }],
    ['one for another client', { iss: 'someone-else', sub: 'someone-else' }]
  ])('refuses %s', async (_name, claims) => {
    const response = await tokenRequest(await assertion(claims))
    expect(response.status).toBe(401)
    expect(response.json.error_description).toMatch(/^client assertion rejected: ERR_JWT_/)
  })

  it('refuses one that lives longer than 5 minutes', async () => {
    const response = await tokenRequest(await assertion({ exp: now() + 3600 }))
    expect(response.json.error_description).toBe('client assertion rejected: it lives longer than 5 minutes')
  })

  it('refuses one signed by a key it does not know', async () => {
    const response = await tokenRequest(await assertion({}, readFileSync('test-support/oidc/issuer-rsa.pem', 'utf8')))
    expect(response.json.error_description).toBe('client assertion rejected: ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
  })
})

describe("the mock's emulated GitHub ID token endpoint", () => {
  const idTokenPath = new URL(githubIdTokenEnv('https://mock').ACTIONS_ID_TOKEN_REQUEST_URL).pathname

  it('wants the request token, and serves its JWKS', async () => {
    expect((await send('GET', `${idTokenPath}?api-version=2.0`)).status).toBe(401)
    const jwks = await send('GET', '/github-oidc/.well-known/jwks')
    expect(jwks.json.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: 'mock-github-oidc' })])
    const discovery = await send('GET', '/github-oidc/.well-known/openid-configuration')
    expect(discovery.json).toMatchObject({ issuer: `${mock.url}/github-oidc` })
  })

  it('issues ID tokens that the mock JFrog accepts only for its audience and signed by its key', async () => {
    const idToken = async (audience: string) => {
      const query = audience ? `&audience=${encodeURIComponent(audience)}` : ''
      const response = await send('GET', `${idTokenPath}?api-version=2.0${query}`, '', {
        Authorization: `Bearer ${GITHUB_OIDC_DEMO.requestToken}`
      })
      return response.json.value as string
    }
    const exchange = async (subjectToken: string) =>
      send(
        'POST',
        '/jfrog/access/api/v1/oidc/token',
        JSON.stringify({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          subject_token: subjectToken,
          provider_name: SECRETLESS_DEMO.jfrogProvider
        }),
        { 'Content-Type': 'application/json' }
      )

    expect((await exchange(await idToken(SECRETLESS_DEMO.jfrogAudience))).status).toBe(200)
    // GitHub's default audience (the owner's URL) is not the one the integration expects.
    const defaultAudience = await exchange(await idToken(''))
    expect(defaultAudience.status).toBe(401)
    expect(defaultAudience.json).toEqual({
      errors: [{ status: 401, message: 'ID token rejected: ERR_JWT_CLAIM_VALIDATION_FAILED' }]
    })
    // A token signed by anyone else, with every claim right.
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'mock-github-oidc' })
      .setIssuer(`${mock.url}/github-oidc`)
      .setSubject(GITHUB_OIDC_DEMO.subject)
      .setAudience(SECRETLESS_DEMO.jfrogAudience)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(createPrivateKey(CLIENT_KEYS.rsa))
    expect((await exchange(forged)).json).toEqual({
      errors: [{ status: 401, message: 'ID token rejected: ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }]
    })
  })
})
