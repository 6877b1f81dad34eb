// Microsoft Entra ID through the action's inputs and outputs: the client credentials grant with a client
// secret, a certificate (PS256 assertion with x5t#S256) or the job's GitHub ID token; clouds; validation
// before any request; refusal hints by AADSTS code. Assertions are verified with jose.
import nock from 'nock'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose'
import { createPublicKey } from 'node:crypto'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const PUBLIC = 'https://login.microsoftonline.com'
const TENANT = '11111111-2222-3333-4444-555555555555'
const APP = '99999999-8888-7777-6666-555555555555'
const SECRET = 'entra~secret&value'
const formSecret = 'entra%7Esecret%26value'
const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default'
const formScope = 'https%3A%2F%2Fapi.securitycenter.microsoft.com%2F.default'
const TOKEN_PATH = `/${TENANT}/oauth2/v2.0/token`
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const GITHUB = 'https://token.actions.test'
const REQUEST_TOKEN = 'id-token-request-token-123'
const githubEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: `${GITHUB}/idtoken?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
}
const oidcFile = (name: string) => readFileSync(`test-support/oidc/${name}`, 'utf8')
const CERTIFICATE = oidcFile('client-rsa-cert.pem')
const EC_CERTIFICATE = oidcFile('client-ec-cert.pem')
const SCOPES_TEXT =
  'https://api.securitycenter.microsoft.com/.default (Defender for Endpoint), ' +
  'https://api.security.microsoft.com/.default (Defender XDR) or https://graph.microsoft.com/.default (Microsoft Graph)'
const CREDENTIALS_TEXT =
  "client-secret; private-key with certificate; or auth-method: github-oidc (the job's GitHub ID token)"

const base = { vendor: 'entra-id', tenant: TENANT, 'client-id': APP, scope: MDE_SCOPE }
const withSecret = { ...base, 'client-secret': SECRET }
const withCertificate = { ...base, 'private-key': CLIENT_KEYS.rsa, certificate: CERTIFICATE }
const withOidc = { ...base, 'auth-method': 'github-oidc' }

const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))
const form = (body: unknown) => new URLSearchParams(body as string)

/** x5t#S256 computed from the PEM text itself: base64url SHA-256 of the DER between the labels. */
function thumbprintOf(pem: string): string {
  const der = Buffer.from(keyLines(pem).join(''), 'base64')
  return createHash('sha256').update(der).digest('base64url')
}

function githubIssues(token: string, audience: string) {
  return nock(GITHUB)
    .get('/idtoken')
    .query({ 'api-version': '2.0', audience })
    .matchHeader('authorization', `Bearer ${REQUEST_TOKEN}`)
    .reply(200, { count: 1, value: token })
}

function idToken(audience: string): string {
  return unsignedJwt({
    iss: 'https://token.actions.githubusercontent.com',
    aud: audience,
    sub: 'repo:acme/app:ref:refs/heads/main',
    exp: nowSeconds() + 300
  })
}

const issued = (token = 'entra-token') => ({
  token_type: 'Bearer',
  expires_in: 3599,
  ext_expires_in: 3599,
  access_token: token
})

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('entra-id with a client secret', () => {
  it('posts the client credentials grant with scope and the secret in the form; nothing to revoke', async () => {
    const token = unsignedJwt({ aud: 'https://api.securitycenter.microsoft.com', exp: nowSeconds() + 3599 })
    const api = nock(PUBLIC, { badheaders: ['authorization'] })
      .post(TOKEN_PATH, `grant_type=client_credentials&scope=${formScope}&client_id=${APP}&client_secret=${formSecret}`)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, issued(token))

    const result = await job.main(withSecret)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token,
      'token-type': 'Bearer',
      'expires-in': '3599',
      scope: MDE_SCOPE,
      'csrf-token': ''
    })
    expect(result.env).toEqual({ ENTRA_ID_ACCESS_TOKEN: token })
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [SECRET, formSecret, token])
  })

  it.each([
    ['', 'https://login.microsoftonline.com'],
    ['public', 'https://login.microsoftonline.com'],
    ['usgov', 'https://login.microsoftonline.us'],
    ['USGOV', 'https://login.microsoftonline.us'],
    ['china', 'https://login.chinacloudapi.cn']
  ])('region %p asks %s', async (region, host) => {
    const api = nock(host).post(TOKEN_PATH).reply(200, issued('cloud-token'))
    const result = await job.main({ ...withSecret, region })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('cloud-token')
  })

  it.each(['contoso.onmicrosoft.com', 'Contoso.COM', '11111111-2222-3333-4444-555555555555'])(
    'tenant %s (an ID or a domain) is one path segment of the token URL',
    async (tenant) => {
      const api = nock(PUBLIC).post(`/${tenant}/oauth2/v2.0/token`).reply(200, issued())
      const result = await job.main({ ...withSecret, tenant })
      expect(result.error).toBe('')
      api.done()
    }
  )
})

describe('entra-id with a certificate', () => {
  it('signs a PS256 assertion whose header names the certificate (x5t#S256) and whose aud is the token URL', async () => {
    let sent = new URLSearchParams()
    const api = nock(PUBLIC, { badheaders: ['authorization'] })
      .post(TOKEN_PATH, (body) => {
        sent = form(body)
        return true
      })
      .reply(200, issued())
    const before = nowSeconds()

    const result = await job.main(withCertificate)

    expect(result.error).toBe('')
    api.done()
    expect([...sent.keys()]).toEqual(['grant_type', 'scope', 'client_id', 'client_assertion_type', 'client_assertion'])
    expect(sent.get('grant_type')).toBe('client_credentials')
    expect(sent.get('scope')).toBe(MDE_SCOPE)
    expect(sent.get('client_id')).toBe(APP)
    expect(sent.get('client_assertion_type')).toBe(JWT_BEARER)
    const assertion = sent.get('client_assertion') ?? ''
    expect(decodeProtectedHeader(assertion)).toEqual({
      alg: 'PS256',
      typ: 'JWT',
      'x5t#S256': thumbprintOf(CERTIFICATE)
    })
    const publicKey = await importSPKI(
      createPublicKey(CLIENT_KEYS.rsa).export({ type: 'spki', format: 'pem' }).toString(),
      'PS256'
    )
    const { payload } = await jwtVerify(assertion, publicKey, {
      algorithms: ['PS256'],
      issuer: APP,
      subject: APP,
      audience: `${PUBLIC}${TOKEN_PATH}`
    })
    expect(payload.nbf).toBeGreaterThanOrEqual(before)
    expect((payload.exp ?? 0) - (payload.nbf ?? 0)).toBe(120)
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.outputs.token).toBe('entra-token')
    expectOnlyMasked(result, [CLIENT_KEYS.rsa.trim(), ...keyLines(CLIENT_KEYS.rsa), assertion])
  })

  it('signs a new assertion for a retry, so that it is never a replay', async () => {
    const jtis: string[] = []
    const jtiOf = (body: unknown) =>
      JSON.parse(Buffer.from((form(body).get('client_assertion') ?? '').split('.')[1], 'base64url').toString()).jti
    nock(PUBLIC)
      .post(TOKEN_PATH, (body) => jtis.push(jtiOf(body)) > 0)
      .reply(503)
      .post(TOKEN_PATH, (body) => jtis.push(jtiOf(body)) > 0)
      .reply(200, issued())
    const result = await job.main({ ...withCertificate, 'max-attempts': '2' })
    expect(result.error).toBe('')
    expect(jtis).toHaveLength(2)
    expect(jtis[0]).not.toBe(jtis[1])
  })

  it('the china cloud is the assertion audience there', async () => {
    let audience = ''
    const api = nock('https://login.chinacloudapi.cn')
      .post(TOKEN_PATH, (body) => {
        audience = JSON.parse(
          Buffer.from((form(body).get('client_assertion') ?? '').split('.')[1], 'base64url').toString()
        ).aud
        return true
      })
      .reply(200, issued())
    const result = await job.main({ ...withCertificate, region: 'china' })
    expect(result.error).toBe('')
    api.done()
    expect(audience).toBe(`https://login.chinacloudapi.cn${TOKEN_PATH}`)
  })
})

describe('entra-id with the job GitHub ID token', () => {
  it.each([
    ['', {}, PUBLIC, 'api://AzureADTokenExchange'],
    ['usgov', {}, 'https://login.microsoftonline.us', 'api://AzureADTokenExchangeUSGov'],
    ['china', {}, 'https://login.chinacloudapi.cn', 'api://AzureADTokenExchangeChina'],
    ['usgov', { 'oidc-audience': 'api://custom' }, 'https://login.microsoftonline.us', 'api://custom']
  ])('region %p %j asks GitHub for an ID token for %s', async (region, extra, host, audience) => {
    const gitHubToken = idToken(audience)
    const github = githubIssues(gitHubToken, audience)
    const api = nock(host, { badheaders: ['authorization'] })
      .post(
        TOKEN_PATH,
        `grant_type=client_credentials&scope=${formScope}&client_id=${APP}` +
          `&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${gitHubToken}`
      )
      .reply(200, issued())

    const result = await job.main({ ...withOidc, region, ...extra }, githubEnv)

    expect(result.error).toBe('')
    github.done()
    api.done()
    expectOnlyMasked(result, [gitHubToken, 'entra-token'])
  })
})

describe('entra-id inputs are refused before any request', () => {
  const refused = async (inputs: Record<string, string>, message: string) => {
    const result = await job.main(inputs)
    expect(result.error).toBe(message)
    expectNoUnexpectedRequest()
    return result
  }

  it('without a credential, names all three', async () => {
    await refused(
      base,
      `Vendor 'entra-id' needs one credential: ${CREDENTIALS_TEXT}. For a client secret, it is empty; check the secret passed to client-secret.`
    )
  })

  it.each([
    [{ ...withSecret, 'private-key': CLIENT_KEYS.rsa }, "'client-secret', 'private-key'"],
    [{ ...withSecret, 'auth-method': 'github-oidc' }, "'client-secret', 'auth-method'"],
    [{ ...withCertificate, 'auth-method': 'github-oidc' }, "'private-key', 'certificate', 'auth-method'"]
  ])('with two credentials (%#), naming them', async (inputs, names) => {
    await refused(
      inputs,
      `Inputs ${names}: vendor 'entra-id' takes exactly one credential (${CREDENTIALS_TEXT}). Remove all but one.`
    )
  })

  it('private-key without certificate', async () => {
    await refused(
      { ...base, 'private-key': CLIENT_KEYS.rsa },
      "Input 'certificate': is required with private-key for vendor 'entra-id': the PEM certificate registered with the app (Certificates & secrets), whose thumbprint names the key."
    )
  })

  it('certificate without private-key', async () => {
    await refused(
      { ...base, certificate: CERTIFICATE },
      "Input 'private-key': is required with certificate for vendor 'entra-id': the certificate's private key, from a secret, signs the client assertion."
    )
  })

  it('a certificate of another key', async () => {
    await refused(
      { ...withCertificate, certificate: EC_CERTIFICATE },
      "Inputs 'certificate' and 'private-key': the certificate is not the private key's: pass the certificate made from this key (the one registered with the app), or the key of this certificate."
    )
  })

  it('an EC key: Entra ID certificate credentials sign PS256', async () => {
    await refused(
      { ...base, 'private-key': CLIENT_KEYS.ec, certificate: EC_CERTIFICATE },
      "Input 'private-key': PS256 needs an RSA key, and this is an EC prime256v1 key. Pass the key of the certificate registered with the client."
    )
  })

  it.each([
    ['client-rsa-cert-expired.pem', 'has expired: it is valid from 2020-01-01 to 2021-01-01.'],
    ['client-rsa-cert-future.pem', 'is not valid yet: it is valid from 2100-01-01 to 2101-01-01.']
  ])('certificate %s: %s', async (file, problem) => {
    await refused(
      { ...withCertificate, certificate: oidcFile(file) },
      `Input 'certificate': ${problem} Register a current certificate with the client and pass it here.`
    )
  })

  it('a chain of certificates', async () => {
    await refused(
      { ...withCertificate, certificate: CERTIFICATE + EC_CERTIFICATE },
      "Input 'certificate': holds 2 certificates: pass only the one registered with the client (its thumbprint identifies the key), not its chain."
    )
  })

  it('text that is no certificate', async () => {
    await refused(
      { ...withCertificate, certificate: 'AB12' },
      "Input 'certificate': holds no PEM certificate: pass the certificate registered with the client, from -----BEGIN CERTIFICATE----- to its END line."
    )
  })

  it('a certificate block that does not parse', async () => {
    await refused(
      { ...withCertificate, certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' },
      "Input 'certificate': is not a valid X.509 certificate; copy it again, from its BEGIN line to its END line."
    )
  })

  it('a private key pasted into certificate is refused, masked and never echoed', async () => {
    const result = await refused(
      { ...withCertificate, certificate: CLIENT_KEYS.rsa },
      "Input 'certificate': holds a private key: pass the private key in private-key (from a secret), and here only the certificate, from " +
        '-----BEGIN CERTIFICATE----- to its END line. The key was masked in this log; if it was stored in a variable ' +
        'rather than a secret, treat it as exposed.'
    )
    expectOnlyMasked(result, [CLIENT_KEYS.rsa.trim(), ...keyLines(CLIENT_KEYS.rsa)])
  })

  it('a certificate on one line: its line breaks were lost', async () => {
    await refused(
      { ...withCertificate, certificate: CERTIFICATE.replace(/\n/g, '') },
      "Input 'certificate': is on one line: the PEM's line breaks were lost in the copy. Store the PEM file as it is, " +
        'line breaks included: `gh variable set NAME < cert.pem`.'
    )
  })

  it.each(['common', 'Organizations', 'consumers'])('tenant %s names no single tenant', async (tenant) => {
    await refused(
      { ...withSecret, tenant },
      `Input 'tenant': '${tenant.toLowerCase()}' names no single tenant, and the client credentials grant needs one: use the Directory (tenant) ID or a verified domain of the app's tenant.`
    )
  })

  it.each(['acme', 'contoso.onmicrosoft.com/v2.0', '1111-2222', 'a b.com'])(
    'tenant %p is no ID or domain',
    async (tenant) => {
      await refused(
        { ...withSecret, tenant },
        "Input 'tenant': is not a tenant ID (a GUID, 00000000-0000-0000-0000-000000000000) or domain (contoso.onmicrosoft.com): use the Directory (tenant) ID of the app registration."
      )
    }
  )

  it('tenant missing, with what it looks like', async () => {
    await refused(
      { ...withSecret, tenant: '' },
      "Input 'tenant': is required for vendor 'entra-id', e.g. tenant: 00000000-0000-0000-0000-000000000000 (the Directory (tenant) ID) or tenant: contoso.onmicrosoft.com."
    )
  })

  it('client-id missing, with what it looks like', async () => {
    await refused(
      { ...withSecret, 'client-id': '' },
      "Input 'client-id': is required for vendor 'entra-id', e.g. client-id: 00000000-0000-0000-0000-000000000000 (the Application (client) ID)."
    )
  })

  it('scope missing, listing the Defender and Graph scopes', async () => {
    await refused(
      { ...withSecret, scope: '' },
      `Input 'scope': is required for vendor 'entra-id', e.g. scope: ${SCOPES_TEXT}.`
    )
  })

  it.each([
    'https://api.securitycenter.microsoft.com',
    'Machine.Read.All',
    `${MDE_SCOPE} offline_access`,
    `offline_access ${MDE_SCOPE}`
  ])('scope %p is not a /.default scope', async (scope) => {
    await refused(
      { ...withSecret, scope },
      `Input 'scope': must be one resource's /.default scope for the client credentials grant: ${SCOPES_TEXT}.`
    )
  })

  it.each(['client_secret_post', 'private_key_jwt'])(
    'auth-method %s: the credential selects the method',
    async (method) => {
      await refused(
        { ...withSecret, 'auth-method': method },
        `Input 'auth-method': is either github-oidc or not set for vendor 'entra-id': the credential given selects the method (${CREDENTIALS_TEXT}).`
      )
    }
  )

  it('an empty client-secret with nothing else says why a secret is empty', async () => {
    const result = await job.main({ ...base, 'client-secret': '' })
    expect(result.error).toContain("Vendor 'entra-id' needs one credential")
    expectNoUnexpectedRequest()
  })
})

describe('entra-id refusals are explained by their AADSTS code', () => {
  const HINTS: Array<[number, number, string]> = [
    [
      400,
      90002,
      'the tenant was not found: check tenant (the Directory (tenant) ID), and region if the tenant is in a national cloud.'
    ],
    [400, 900023, 'the tenant is not a valid tenant ID or domain: check tenant.'],
    [
      400,
      700016,
      'the application was not found in this tenant: check client-id (the Application (client) ID) and tenant, and that the app is registered or consented there.'
    ],
    [
      401,
      7000215,
      "the client secret is not valid: pass the secret's Value (not its Secret ID) in client-secret, or create a new one."
    ],
    [
      401,
      7000222,
      'the client secret has expired: create a new one under Certificates & secrets and update the secret passed to client-secret.'
    ],
    [
      401,
      700027,
      "the client assertion was refused: check that certificate is registered with the app (Certificates & secrets), is the private key's and has not expired, and that the runner's clock is right."
    ],
    [400, 700024, "the client assertion is not within its valid time range: check the runner's clock."],
    [
      400,
      70021,
      "no federated credential of the app matches the job's GitHub ID token: add one with issuer https://token.actions.githubusercontent.com, this repository's subject (branch, environment or pull request) and audience oidc-audience."
    ],
    [
      400,
      500011,
      'the resource of scope was not found in the tenant: check scope, and that the API (e.g. Defender for Endpoint) is enabled in the tenant.'
    ]
  ]

  it.each(HINTS)('HTTP %i with error_codes [%i]', async (status, code, hint) => {
    nock(PUBLIC)
      .post(TOKEN_PATH)
      .reply(status, { error: 'invalid_request', error_description: 'Trace ID: abc', error_codes: [code] })
    const result = await job.main(withSecret)
    expect(result.error).toBe(
      `Microsoft Entra ID refused the token request (POST login.microsoftonline.com${TOKEN_PATH}): HTTP ${status} ` +
        `(invalid_request: Trace ID: abc). AADSTS${code}: ${hint}`
    )
  })

  it('reads the code from error_description when error_codes is missing', async () => {
    nock(PUBLIC).post(TOKEN_PATH).reply(401, {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret provided.'
    })
    const result = await job.main(withSecret)
    expect(result.error).toContain(
      "AADSTS7000215: the client secret is not valid: pass the secret's Value (not its Secret ID) in client-secret, or create a new one."
    )
  })

  it.each([
    [withSecret, {}, 'client-secret'],
    [withCertificate, {}, 'certificate and private-key']
  ])('an unknown code gets the hint of the credential used (%#)', async (inputs, env, credential) => {
    nock(PUBLIC)
      .post(TOKEN_PATH)
      .reply(400, { error: 'invalid_request', error_codes: [12345] })
    const result = await job.main(inputs, env)
    expect(result.error).toBe(
      `Microsoft Entra ID refused the token request (POST login.microsoftonline.com${TOKEN_PATH}): HTTP 400 ` +
        `(invalid_request). Check tenant, client-id, scope and ${credential}, and region for a national cloud.`
    )
  })

  it.each([
    ['error_codes holds the code as text, not a number', { error_codes: ['7000215'] }],
    [
      'error_description names the code only past its first 2000 characters',
      { error_description: `${'x'.repeat(2000)} AADSTS7000215: Invalid client secret provided.` }
    ]
  ])('no AADSTS code is read when %s', async (_case, fields) => {
    nock(PUBLIC)
      .post(TOKEN_PATH)
      .reply(401, { error: 'invalid_client', ...fields })
    const result = await job.main(withSecret)
    expect(result.error).toContain('Check tenant, client-id, scope and client-secret, and region for a national cloud.')
    expect(result.error).not.toContain('the client secret is not valid')
  })

  it('with github-oidc, the unknown-code hint names the federated credential', async () => {
    const gitHubToken = idToken('api://AzureADTokenExchange')
    githubIssues(gitHubToken, 'api://AzureADTokenExchange')
    nock(PUBLIC).post(TOKEN_PATH).reply(401, 'not json')
    const result = await job.main(withOidc, githubEnv)
    expect(result.error).toBe(
      `Microsoft Entra ID refused the token request (POST login.microsoftonline.com${TOKEN_PATH}): HTTP 401. ` +
        "Check tenant, client-id, scope and the app's federated credential for this workflow (audience oidc-audience), and region for a national cloud."
    )
  })
})
