// The certificate input with oauth2 private_key_jwt: the assertion's header names the certificate by its
// SHA-256 thumbprint (x5t#S256), checked before any request; a private key pasted into it is masked.
import nock from 'nock'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { decodeProtectedHeader } from 'jose'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const IDP = 'https://idp.example.com'
const oidcFile = (name: string) => readFileSync(`test-support/oidc/${name}`, 'utf8')
const RSA_CERTIFICATE = oidcFile('client-rsa-cert.pem')
const EC_CERTIFICATE = oidcFile('client-ec-cert.pem')
const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))
const thumbprintOf = (pem: string) =>
  createHash('sha256')
    .update(Buffer.from(keyLines(pem).join(''), 'base64'))
    .digest('base64url')

const privateKeyJwt = {
  vendor: 'oauth2',
  'token-url': `${IDP}/oauth2/token`,
  'auth-method': 'private_key_jwt',
  'client-id': 'key-client',
  'private-key': CLIENT_KEYS.rsa,
  certificate: RSA_CERTIFICATE
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('oauth2 private_key_jwt with certificate', () => {
  it.each([
    ['RS256', CLIENT_KEYS.rsa, RSA_CERTIFICATE, { 'key-id': 'k1' }, { kid: 'k1' }],
    ['PS256', CLIENT_KEYS.rsa, RSA_CERTIFICATE, {}, {}],
    ['ES256', CLIENT_KEYS.ec, EC_CERTIFICATE, {}, {}]
  ])('%s: the header carries x5t#S256 of the certificate', async (algorithm, key, certificate, extra, kid) => {
    let assertion = ''
    const api = nock(IDP)
      .post('/oauth2/token', (body) => {
        assertion = new URLSearchParams(body as string).get('client_assertion') ?? ''
        return true
      })
      .reply(200, { access_token: 'cert-token', token_type: 'Bearer', expires_in: 300 })
    const result = await job.main({
      ...privateKeyJwt,
      'private-key': key,
      certificate,
      'signing-algorithm': algorithm,
      ...extra
    })
    expect(result.error).toBe('')
    api.done()
    expect(decodeProtectedHeader(assertion)).toEqual({
      alg: algorithm,
      typ: 'JWT',
      ...kid,
      'x5t#S256': thumbprintOf(certificate)
    })
  })

  it('without certificate the header has no x5t#S256', async () => {
    let assertion = ''
    nock(IDP)
      .post('/oauth2/token', (body) => {
        assertion = new URLSearchParams(body as string).get('client_assertion') ?? ''
        return true
      })
      .reply(200, { access_token: 'cert-token', token_type: 'Bearer', expires_in: 300 })
    const result = await job.main({ ...privateKeyJwt, certificate: '' })
    expect(result.error).toBe('')
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', typ: 'JWT' })
  })

  it.each([
    [
      { certificate: EC_CERTIFICATE },
      "Inputs 'certificate' and 'private-key': the certificate is not the private key's: pass the certificate made from this key, or the key of this certificate."
    ],
    [
      { 'auth-method': 'client_secret_basic', 'private-key': '', 'client-secret': 's' },
      "Inputs 'certificate' and 'auth-method': a certificate names the signing key of private_key_jwt only; auth-method is client_secret_basic. Set auth-method: private_key_jwt with private-key, or remove certificate."
    ],
    [
      { certificate: oidcFile('client-rsa-cert-expired.pem') },
      "Input 'certificate': has expired: it is valid from 2020-01-01 to 2021-01-01. Register a current certificate with the client and pass it here."
    ]
  ])('is refused before any request (%#)', async (extra, message) => {
    const result = await job.main({ ...privateKeyJwt, ...extra })
    expect(result.error).toBe(message)
    expectNoUnexpectedRequest()
  })

  it('a private key in certificate is masked even for a vendor that does not read certificate', async () => {
    nock('https://auth.app.wiz.io')
      .post('/oauth/token')
      .reply(200, { access_token: 'wiz-token', token_type: 'Bearer', expires_in: 60 })
    const result = await job.main({
      vendor: 'wiz',
      'client-id': 'c',
      'client-secret': 's',
      certificate: CLIENT_KEYS.ec
    })
    expect(result.error).toBe('')
    expectOnlyMasked(result, [CLIENT_KEYS.ec.trim(), ...keyLines(CLIENT_KEYS.ec)])
  })
})
