// Each vendor's wire format, checked with nock through the action's inputs and outputs.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { basicHeader, nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, maskedValues, type Job } from './support/action.js'
import { expectExpiry } from './support/expiry.js'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('picus', () => {
  it('posts the refresh token as JSON and reads token + expire_at in milliseconds', async () => {
    const expireAtMs = Date.now() + 2 * 3600 * 1000
    const api = nock('https://api.picussecurity.com')
      .post('/v1/auth/token', { refresh_token: 'refresh-abc' })
      .matchHeader('content-type', 'application/json')
      .reply(200, { token: 'access-xyz', expire_at: expireAtMs })

    const result = await job.main({ vendor: 'picus', 'refresh-token': 'refresh-abc' })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: 'access-xyz', 'token-type': 'Bearer', scope: '', 'token-file': '' })
    expect(Date.parse(result.outputs['expires-at'])).toBe(Math.floor(expireAtMs / 1000) * 1000)
    expectExpiry(result.outputs, 7200)
    expect(result.env.PICUS_ACCESS_TOKEN).toBe('access-xyz')
    expectOnlyMasked(result, ['refresh-abc', 'access-xyz'])
  })

  it.each([
    ['null', null],
    ['absent', undefined]
  ])('publishes the token with no expiry when expire_at is %s', async (_name, expireAt) => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'no-expiry', expire_at: expireAt })

    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r' })

    expect(result.error).toBe('')
    expect(result.outputs).toMatchObject({
      token: 'no-expiry',
      'token-type': 'Bearer',
      'expires-at': '',
      'expires-in': ''
    })
    expect(result.warnings).toEqual([])
  })

  it('reads an expire_at of exactly 1e12 as seconds (the year 33658): no usable expiry', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'far', expire_at: 1e12 })

    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r' })

    expect(result.error).toBe('')
    expect(result.outputs).toMatchObject({ token: 'far', 'expires-at': '', 'expires-in': '' })
    expect(result.warnings).toEqual([
      'Picus answered with an expiry that is not a usable date (expiry time: negative, not a number, or past the year 9999); the expiry outputs are left empty.'
    ])
  })

  it('reads expire_at in seconds too (the vendor swagger form)', async () => {
    const expireAt = nowSeconds() + 3600
    nock('https://eu.picus.test').post('/v1/auth/token').reply(200, { token: 't1', expire_at: expireAt })

    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'base-url': 'https://eu.picus.test/' })

    expect(result.error).toBe('')
    expect(Date.parse(result.outputs['expires-at'])).toBe(expireAt * 1000)
  })
})

describe('securithings', () => {
  it('sends Basic credentials to /token/{organization} and reads a JSON access_token', async () => {
    const api = nock('https://api.securithings.com')
      // SecuriThings documents no body: the credentials are all in the Basic header.
      .post('/token/acme%20corp%2Feu', '')
      .matchHeader('authorization', basicHeader('st-id', 'st-secret'))
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json, text/plain')
      .reply(200, { access_token: 'st-token', expires_in: 3600 })

    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'st-id',
      'client-secret': 'st-secret',
      organization: 'acme corp/eu'
    })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('st-token')
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(result.warnings).toEqual([])
    expect(result.outputs['expires-in']).toBe('3600')
    expectExpiry(result.outputs, 3600)
    expect(result.env.SECURITHINGS_ACCESS_TOKEN).toBe('st-token')
    expectOnlyMasked(result, ['st-secret', basicHeader('st-id', 'st-secret'), 'st-token'])
  })

  it.each(['token', 'accessToken', 'jwt'])('accepts the token under %s', async (field) => {
    nock('https://api.securithings.com')
      .post('/token/acme')
      .reply(200, { [field]: 'tok-' + field })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })
    expect(result.outputs.token).toBe('tok-' + field)
  })

  it('accepts a JSON string body as the bare token', async () => {
    nock('https://api.securithings.com')
      .post('/token/acme')
      .reply(200, '"quoted-jwt"', { 'Content-Type': 'application/json' })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })
    expect(result.outputs.token).toBe('quoted-jwt')
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(result.warnings).toEqual([])
  })

  it("publishes the answer's token_type", async () => {
    nock('https://api.securithings.com')
      .post('/token/acme')
      .reply(200, { access_token: 'pop-token', token_type: 'PoP' })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })
    expect(result.outputs).toMatchObject({ token: 'pop-token', 'token-type': 'PoP' })
  })

  it('accepts a bare JWT text body and takes the expiry from its exp claim', async () => {
    const exp = nowSeconds() + 3600
    const jwt = unsignedJwt({ sub: 'client', exp })
    nock('https://api.securithings.com').post('/token/acme').reply(200, `${jwt}\n`, { 'Content-Type': 'text/plain' })

    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })

    expect(result.outputs.token).toBe(jwt)
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(result.warnings).toEqual([])
    expect(Date.parse(result.outputs['expires-at'])).toBe(exp * 1000)
  })

  it('a text answer that only contains a quote is refused as a token, not read as JSON', async () => {
    nock('https://api.securithings.com')
      .post('/token/acme')
      .reply(200, 'Unauthorized: "acme" is not known', { 'Content-Type': 'text/plain' })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })
    expect(result.error).toBe(
      'SecuriThings answered with a token that is not an RFC 6750 bearer token (letters, digits, -._~+/ and trailing = only); refusing to use it.'
    )
    expect(result.outputs).toEqual({})
  })

  it.each([
    ['a JSON number', '42', 'SecuriThings answered with JSON that is neither an object nor a string.'],
    [
      'an object without a token field',
      '{"access_token":"","expires_in":3600}',
      'SecuriThings answered without a token: none of access_token, token, accessToken, jwt is a string.'
    ]
  ])('refuses %s and publishes nothing', async (_name, body, error) => {
    nock('https://api.securithings.com').post('/token/acme').reply(200, body, { 'Content-Type': 'application/json' })
    const result = await job.main({
      vendor: 'securithings',
      'client-id': 'i',
      'client-secret': 's',
      organization: 'acme'
    })
    expect(result.error).toBe(error)
    expect(result.outputs).toEqual({})
    expect(result.env).toEqual({})
  })
})

describe('appsec-plus', () => {
  it('sends client credentials in the form body', async () => {
    const api = nock('https://api.appsecplus.example.com', { badheaders: ['authorization'] })
      .post('/oauth/token', 'grant_type=client_credentials&client_id=as-id&client_secret=s%26cret%2B1')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { access_token: 'as-token', token_type: 'Bearer', expires_in: 3600 })

    const result = await job.main({ vendor: 'appsec-plus', 'client-id': 'as-id', 'client-secret': 's&cret+1' })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({ token: 'as-token', 'token-type': 'Bearer', 'expires-in': '3600' })
    expect(result.env.APPSEC_PLUS_ACCESS_TOKEN).toBe('as-token')
    expectOnlyMasked(result, ['s&cret+1', 's%26cret%2B1', 'as-token'])
  })
})

describe('qualys', () => {
  it('sends clientId/clientSecret headers to /auth/oauth and reads the raw JWT (201)', async () => {
    const exp = nowSeconds() + 4 * 3600
    const jwt = unsignedJwt({ sub: 'client123', exp })
    const api = nock('https://gateway.qg2.apps.qualys.eu')
      .post('/auth/oauth', '')
      .matchHeader('clientid', 'q-id')
      .matchHeader('clientsecret', 'q-secret')
      // What `curl --data-raw ''` sends, as Qualys's examples do.
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('accept', 'text/plain, application/json')
      .reply(201, `\n${jwt}\n`, { 'Content-Type': 'text/plain' })

    const result = await job.main({ vendor: 'qualys', region: 'EU2', 'client-id': 'q-id', 'client-secret': 'q-secret' })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe(jwt)
    expect(result.outputs['token-type']).toBe('Bearer')
    expect(Date.parse(result.outputs['expires-at'])).toBe(exp * 1000)
    expect(result.env.QUALYS_ACCESS_TOKEN).toBe(jwt)
    expectOnlyMasked(result, ['q-secret', jwt])
    // The secret goes as it is, in a header: it has no derived form to mask.
    expect(maskedValues(result)).toEqual(['q-secret', jwt])
  })

  it('uses /auth/oidc for user-level clients, and base-url wins over region', async () => {
    const api = nock('https://qualysgateway.private.example')
      .post('/auth/oidc', '')
      .matchHeader('clientid', 'q')
      .reply(200, unsignedJwt({ exp: nowSeconds() + 60 }))
    const result = await job.main({
      vendor: 'qualys',
      region: 'US1',
      'base-url': 'https://qualysgateway.private.example',
      'client-type': 'user',
      'client-id': 'q',
      'client-secret': 's'
    })
    expect(result.error).toBe('')
    api.done()
  })

  it('a JSON string (even with braces in it) is text that is not a token, not a JSON answer', async () => {
    nock('https://gateway.qg2.apps.qualys.eu')
      .post('/auth/oauth')
      .reply(200, '"a{b}"', { 'Content-Type': 'application/json' })
    const result = await job.main({ vendor: 'qualys', region: 'EU2', 'client-id': 'q-id', 'client-secret': 'q-secret' })
    expect(result.error).toBe(
      'Qualys answered HTTP 200 with text that is not a token (a JWT or an RFC 6750 token: letters, digits, -._~+/ and trailing =). ' +
        "Check that region or base-url is your platform's API gateway, not a web page or a proxy."
    )
    expect(result.outputs).toEqual({})
  })
})

describe('paloalto-saas', () => {
  it('sends Basic credentials with grant_type and the default scope', async () => {
    const api = nock('https://api.aperture-eu.paloaltonetworks.com')
      .post('/oauth/token', 'grant_type=client_credentials&scope=api_access')
      .matchHeader('authorization', basicHeader('acme', 'acmesecret'))
      .reply(200, {
        access_token: 'pa-token',
        token_type: 'bearer',
        expires_in: 7199,
        scope: 'api_access',
        tenant: 't',
        jti: 'j'
      })

    const result = await job.main({
      vendor: 'paloalto-saas',
      region: 'eu',
      'client-id': 'acme',
      'client-secret': 'acmesecret'
    })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: 'pa-token',
      'token-type': 'Bearer',
      'expires-in': '7199',
      scope: 'api_access'
    })
    expect(result.env.PALOALTO_SAAS_ACCESS_TOKEN).toBe('pa-token')
    expectOnlyMasked(result, ['acmesecret', basicHeader('acme', 'acmesecret'), 'pa-token'])
  })

  it('leaves expiry empty when expires_in is missing (the token does not expire)', async () => {
    nock('https://api.aperture.paloaltonetworks.com')
      .post('/oauth/token')
      .reply(200, { access_token: 'forever', token_type: 'bearer' })
    const result = await job.main({ vendor: 'paloalto-saas', 'client-id': 'a', 'client-secret': 'b' })
    expect(result.error).toBe('')
    expect(result.outputs['expires-at']).toBe('')
    expect(result.outputs['expires-in']).toBe('')
  })
})

describe('oauth2', () => {
  it('uses client_secret_basic by default with scope and audience', async () => {
    const api = nock('https://idp.example.com')
      .post('/oauth2/token', 'grant_type=client_credentials&scope=read+write&audience=https%3A%2F%2Fapi.example.com')
      .matchHeader('authorization', basicHeader('my+client', 'p%3Ass'))
      .reply(200, { access_token: 'o-token', token_type: 'bearer', expires_in: '600' })

    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/oauth2/token',
      'client-id': 'my client',
      'client-secret': 'p:ss',
      scope: 'read write',
      audience: 'https://api.example.com'
    })

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: 'o-token',
      'token-type': 'Bearer',
      'expires-in': '600',
      scope: 'read write'
    })
    expect(result.env.OAUTH2_ACCESS_TOKEN).toBe('o-token')
  })

  it('supports client_secret_post, a custom env-var and a token file', async () => {
    nock('https://idp.example.com')
      .post('/token', 'grant_type=client_credentials&client_id=c&client_secret=s')
      .reply(200, { access_token: 'filed-token', token_type: 'Bearer', scope: 'granted' })

    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'auth-method': 'client_secret_post',
      'client-id': 'c',
      'client-secret': 's',
      'env-var': 'MY_TOKEN',
      'write-token-file': 'true'
    })

    expect(result.error).toBe('')
    expect(result.env).toEqual({ MY_TOKEN: 'filed-token' })
    expect(result.outputs.scope).toBe('granted')
    const { readFileSync, statSync } = await import('node:fs')
    const file = result.outputs['token-file']
    expect(file.startsWith(job.runnerTemp)).toBe(true)
    expect(readFileSync(file, 'utf8')).toBe('filed-token')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('masks a refresh_token and an id_token in the answer, and hands on neither', async () => {
    nock('https://idp.example.com').post('/token').reply(200, {
      access_token: 'o-access',
      token_type: 'Bearer',
      refresh_token: 'o-refresh',
      id_token: 'o-id.token.x'
    })
    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'c',
      'client-secret': 's'
    })
    expect(result.error).toBe('')
    expectOnlyMasked(result, ['o-access', 'o-refresh', 'o-id.token.x'])
    const published = JSON.stringify([result.outputs, result.env, result.state, result.summary])
    expect(published).not.toContain('o-refresh')
    expect(published).not.toContain('o-id.token.x')
  })

  it('does not export the variable when export-env is false', async () => {
    nock('https://idp.example.com').post('/token').reply(200, { access_token: 'only-output', token_type: 'Bearer' })
    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'c',
      'client-secret': 's',
      'export-env': 'false'
    })
    expect(result.outputs.token).toBe('only-output')
    expect(result.env).toEqual({})
  })
})

describe('matrix jobs', () => {
  it('ignores inputs the vendor does not use, with a debug line', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'p' })
    const result = await job.main({
      vendor: 'picus',
      'refresh-token': 'r',
      'client-id': 'unused',
      organization: 'unused',
      region: 'us1',
      'token-url': 'not even a url'
    })
    expect(result.error).toBe('')
    expect(result.stdout).toContain("::debug::Input 'client-id' is not used by vendor 'picus' and is ignored.")
    expect(result.stdout).toContain("::debug::Input 'region' is not used by vendor 'picus' and is ignored.")
  })
})
