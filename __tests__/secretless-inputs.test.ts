// Secretless inputs that cannot work are refused before any request (not even for an ID token),
// with an error that names the inputs and never quotes the key.
import nock from 'nock'
import { type KeyObject, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const githubEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.test/idtoken?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
}
const oauth2 = { vendor: 'oauth2', 'token-url': 'https://idp.example.com/token', 'client-id': 'cid' }
const privateKeyJwt = { ...oauth2, 'auth-method': 'private_key_jwt', 'private-key': CLIENT_KEYS.rsa }
const encrypted = { cipher: 'aes-256-cbc', passphrase: 'pass' }
const pkcs8 = (key: KeyObject, options = {}) => key.export({ type: 'pkcs8', format: 'pem', ...options }) as string
const pkcs1 = (key: KeyObject, options = {}) => key.export({ type: 'pkcs1', format: 'pem', ...options }) as string
const ecP384 = pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)
const ed25519 = pkcs8(generateKeyPairSync('ed25519').privateKey)
const rsa1024 = pkcs1(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey)
const encryptedPkcs8 = pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, encrypted)
const encryptedPkcs1 = pkcs1(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, encrypted)
// What an RSA-PSS key may be restricted to (@types/node types saltLength as a string; Node takes a number).
type PssRestrictions = { hashAlgorithm?: string; mgf1HashAlgorithm?: string; saltLength?: number }
const rsaPss = (restrictions: PssRestrictions) =>
  pkcs8(generateKeyPairSync('rsa-pss', { modulusLength: 2048, ...(restrictions as object) }).privateKey)
const publicKey = createPublicKey(CLIENT_KEYS.rsa).export({ type: 'spki', format: 'pem' }) as string

const NOT_A_KEY =
  "Input 'private-key': is not a PEM private key. Pass the whole key, from '-----BEGIN PRIVATE KEY-----' (PKCS#8), " +
  "'-----BEGIN RSA PRIVATE KEY-----' (PKCS#1) or '-----BEGIN EC PRIVATE KEY-----' to its END line, with its line " +
  'breaks; a public key or a certificate cannot sign.'
const MATCH_ADVICE =
  'Set signing-algorithm to match the key (RS256 or PS256 for RSA, ES256 for EC P-256), or pass a key that fits.'
const ENCRYPTED =
  "Input 'private-key': is encrypted; pass the key unencrypted (from a secret), e.g. `openssl pkcs8 -topk8 -nocrypt`."

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'private_key_jwt without private-key',
    { ...oauth2, 'auth-method': 'private_key_jwt' },
    "Input 'private-key': is required for vendor 'oauth2' with auth-method 'private_key_jwt', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'a private key with client_secret_post',
    { ...oauth2, 'auth-method': 'client_secret_post', 'client-secret': 's', 'private-key': CLIENT_KEYS.ec },
    "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key (then client-secret is not needed: remove it). A private key signs only with private_key_jwt; auth-method is client_secret_post. Or remove private-key."
  ],
  [
    'a private key with the default auth-method',
    { ...oauth2, 'client-secret': 's', 'private-key': CLIENT_KEYS.ec },
    "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key (then client-secret is not needed: remove it). A private key signs only with private_key_jwt; auth-method is client_secret_basic, the default. Or remove private-key."
  ],
  [
    'a client secret with private_key_jwt',
    { ...privateKeyJwt, 'client-secret': 's' },
    "Inputs 'client-secret' and 'auth-method': auth-method private_key_jwt sends no client secret. Remove client-secret (no secret is needed), or use client_secret_basic or client_secret_post."
  ],
  [
    'private_key_jwt without client-id',
    { ...privateKeyJwt, 'client-id': '' },
    "Input 'client-id': is required for vendor 'oauth2' with auth-method 'private_key_jwt', e.g. client-id: 0oa1b2c3d4e5f6g7h8."
  ],
  [
    'client_secret_basic without client-secret',
    oauth2,
    "Input 'client-secret': is required for vendor 'oauth2' with auth-method 'client_secret_basic', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'github-oidc without oidc-audience',
    { ...oauth2, 'auth-method': 'github-oidc' },
    "Input 'oidc-audience': is required for vendor 'oauth2' with auth-method 'github-oidc', e.g. oidc-audience: api://AzureADTokenExchange."
  ],
  [
    'grant-type token-exchange without oidc-audience',
    { ...oauth2, 'auth-method': 'none', 'grant-type': 'token-exchange' },
    "Input 'oidc-audience': is required for vendor 'oauth2' with grant-type 'token-exchange', e.g. oidc-audience: api://AzureADTokenExchange."
  ],
  [
    'auth-method none with client_credentials',
    { ...oauth2, 'auth-method': 'none' },
    "Inputs 'auth-method' and 'grant-type': auth-method none (a public client) works only with grant-type token-exchange; client_credentials needs the client to authenticate."
  ],
  [
    'an unknown grant-type',
    { ...oauth2, 'client-secret': 's', 'grant-type': 'password' },
    "Input 'grant-type': 'password' is not valid for vendor 'oauth2'. Use one of: client_credentials, token-exchange."
  ],
  [
    'an unknown signing-algorithm',
    { ...privateKeyJwt, 'signing-algorithm': 'HS256' },
    "Input 'signing-algorithm': 'HS256' is not valid for vendor 'oauth2'. Use one of: RS256, PS256, ES256."
  ],
  [
    'an EC key with RS256',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.ec },
    `Inputs 'private-key' and 'signing-algorithm': RS256 needs an RSA key, and this is an EC prime256v1 key. ${MATCH_ADVICE}`
  ],
  [
    'an RSA key with ES256',
    { ...privateKeyJwt, 'signing-algorithm': 'ES256' },
    `Inputs 'private-key' and 'signing-algorithm': ES256 needs an EC P-256 key, and this is an RSA key. ${MATCH_ADVICE}`
  ],
  [
    'an EC P-384 key with ES256',
    { ...privateKeyJwt, 'private-key': ecP384, 'signing-algorithm': 'ES256' },
    `Inputs 'private-key' and 'signing-algorithm': ES256 needs an EC P-256 key, and this is an EC secp384r1 key. ${MATCH_ADVICE}`
  ],
  [
    'an Ed25519 key with PS256',
    { ...privateKeyJwt, 'private-key': ed25519, 'signing-algorithm': 'PS256' },
    `Inputs 'private-key' and 'signing-algorithm': PS256 needs an RSA key, and this is a key of type ed25519. ${MATCH_ADVICE}`
  ],
  [
    'a 1024-bit RSA key',
    { ...privateKeyJwt, 'private-key': rsa1024 },
    "Input 'private-key': is a 1024-bit RSA key; RS256 needs at least 2048 bits."
  ],
  ['an encrypted PKCS#8 key', { ...privateKeyJwt, 'private-key': encryptedPkcs8 }, ENCRYPTED],
  ['an encrypted PKCS#1 key', { ...privateKeyJwt, 'private-key': encryptedPkcs1 }, ENCRYPTED],
  ['a public key', { ...privateKeyJwt, 'private-key': publicKey }, NOT_A_KEY],
  [
    'a key with spaces where its line breaks were',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace(/\n/g, ' ') },
    "Input 'private-key': has spaces where the PEM's line breaks should be (a copy that joined its lines). " +
      'Store the PEM file as it is, line breaks included: `gh secret set NAME < key.pem`.'
  ],
  [
    'a key with literal \\n sequences where its line breaks were',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace(/\n/g, '\\n') },
    "Input 'private-key': holds literal \\n sequences where the PEM's line breaks should be (an escaped copy). " +
      'Store the PEM file as it is, line breaks included: `gh secret set NAME < key.pem`.'
  ],
  [
    'a key with its line breaks lost',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace(/\n/g, '') },
    "Input 'private-key': is on one line: the PEM's line breaks were lost in the copy. " +
      'Store the PEM file as it is, line breaks included: `gh secret set NAME < key.pem`.'
  ],
  [
    'a key whose base64 lines were joined with spaces between its BEGIN and END lines',
    {
      ...privateKeyJwt,
      'private-key': CLIENT_KEYS.rsa.replace(/\n(?!-----)/g, ' ').replace(/(-----) /g, '$1\n')
    },
    "Input 'private-key': has spaces where the PEM's line breaks should be (a copy that joined its lines). " +
      'Store the PEM file as it is, line breaks included: `gh secret set NAME < key.pem`.'
  ],
  [
    'a key with a control character',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace('\n', '\n\u0007') },
    "Input 'private-key': contains a tab or control character other than a line break; copy the value again without it."
  ],
  [
    'a key with a tab',
    { ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace('\n', '\n\t') },
    "Input 'private-key': contains a tab or control character other than a line break; copy the value again without it."
  ],
  [
    'an RSA-PSS key restricted to SHA-512, with PS256',
    { ...privateKeyJwt, 'private-key': rsaPss({ hashAlgorithm: 'sha512' }), 'signing-algorithm': 'PS256' },
    "Input 'private-key': is an RSA-PSS key restricted to hash sha512, MGF1 with sha512, a salt of at least 64 " +
      'bytes, and PS256 signs with SHA-256, MGF1 with SHA-256 and a 32-byte salt. Pass an RSA key, or an RSA-PSS key ' +
      'without these restrictions.'
  ],
  [
    'an RSA-PSS key restricted to MGF1 with SHA-384, with PS256',
    {
      ...privateKeyJwt,
      'private-key': rsaPss({ hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha384', saltLength: 32 }),
      'signing-algorithm': 'PS256'
    },
    "Input 'private-key': is an RSA-PSS key restricted to MGF1 with sha384, and PS256 signs with SHA-256, MGF1 with " +
      'SHA-256 and a 32-byte salt. Pass an RSA key, or an RSA-PSS key without these restrictions.'
  ],
  [
    'an RSA-PSS key restricted to a salt of at least 33 bytes, with PS256',
    {
      ...privateKeyJwt,
      'private-key': rsaPss({ hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 33 }),
      'signing-algorithm': 'PS256'
    },
    "Input 'private-key': is an RSA-PSS key restricted to a salt of at least 33 bytes, and PS256 signs with SHA-256, " +
      'MGF1 with SHA-256 and a 32-byte salt. Pass an RSA key, or an RSA-PSS key without these restrictions.'
  ],
  [
    'an RSA-PSS key with RS256',
    { ...privateKeyJwt, 'private-key': rsaPss({}) },
    `Inputs 'private-key' and 'signing-algorithm': RS256 needs an RSA key, and this is a key of type rsa-pss. ${MATCH_ADVICE}`
  ],
  [
    'jfrog without base-url',
    { vendor: 'jfrog', 'oidc-provider': 'github' },
    "Input 'base-url': is required for vendor 'jfrog': your platform's URL, e.g. https://acme.jfrog.io."
  ],
  [
    'jfrog without oidc-provider',
    { vendor: 'jfrog', 'base-url': 'https://acme.jfrog.io' },
    "Input 'oidc-provider': is required for vendor 'jfrog', e.g. oidc-provider: github-actions."
  ],
  [
    'jfrog with a plain http base-url',
    { vendor: 'jfrog', 'base-url': 'http://acme.jfrog.io', 'oidc-provider': 'github' },
    "Input 'base-url': must use https:// (got http://); plain http is only allowed to a loopback address."
  ]
]

describe('secretless input validation', () => {
  it.each(cases)('%s', async (_name, inputs, message) => {
    const result = await job.main(inputs, githubEnv)
    expect(result.failed).toBe(true)
    expect(result.error).toBe(message)
    expectNoUnexpectedRequest()
    expect(result.outputs).toEqual({})
    expect(result.stdout).not.toMatch(/\n\s+at /)
  })

  it('masks the private key and every line of it before anything can fail, and never prints it', async () => {
    const result = await job.main(
      { ...privateKeyJwt, 'private-key': CLIENT_KEYS.ec, 'signing-algorithm': 'RS256' },
      githubEnv
    )
    expect(result.error).toContain("Inputs 'private-key' and 'signing-algorithm'")
    expectNoUnexpectedRequest()
    const lines = CLIENT_KEYS.ec.split('\n').filter((line) => line && !line.startsWith('-----'))
    expect(lines.length).toBeGreaterThan(1)
    expectOnlyMasked(result, [CLIENT_KEYS.ec.trim(), ...lines])
  })

  it('accepts a key with CRLF line breaks', async () => {
    const api = nock('https://idp.example.com').post('/token').reply(200, { access_token: 'crlf-ok' })
    const result = await job.main({ ...privateKeyJwt, 'private-key': CLIENT_KEYS.rsa.replace(/\n/g, '\r\n') })
    expect(result.error).toBe('')
    api.done()
  })
})
