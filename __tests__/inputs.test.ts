// Bad input fails before any network call, with an error that names the input.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'

let job: Job
let anyRequest: nock.Scope
beforeEach(() => {
  job = createJob()
  anyRequest = nock(/.*/).post(/.*/).reply(200, { access_token: 'should-not-be-requested', token: 'x' })
})
afterEach(() => job.dispose())

const cases: Array<[string, Record<string, string>, string]> = [
  ['missing vendor', {}, "Input 'vendor': is required. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, oauth2."],
  [
    'unknown vendor',
    { vendor: 'okta' },
    "Input 'vendor': 'okta' is not supported. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, oauth2."
  ],
  [
    'a vendor name that is an Object member',
    { vendor: 'constructor' },
    "Input 'vendor': 'constructor' is not supported. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, oauth2."
  ],
  [
    'a region name that is an Object member',
    { vendor: 'qualys', region: '__proto__', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': '__proto__' is not a Qualys region. Use one of: US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1, or set base-url."
  ],
  [
    'picus without refresh-token',
    { vendor: 'picus' },
    "Input 'refresh-token': is required for vendor 'picus'. Pass it from a secret, e.g. ${{ secrets.MY_SECRET }}."
  ],
  [
    'securithings without organization',
    { vendor: 'securithings', 'client-id': 'i', 'client-secret': 's' },
    "Input 'organization': is required for vendor 'securithings'. Pass it from a secret, e.g. ${{ secrets.MY_SECRET }}."
  ],
  [
    'appsec-plus without client-secret',
    { vendor: 'appsec-plus', 'client-id': 'i' },
    "Input 'client-secret': is required for vendor 'appsec-plus'. Pass it from a secret, e.g. ${{ secrets.MY_SECRET }}."
  ],
  [
    'qualys without region or base-url',
    { vendor: 'qualys', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': or 'base-url' is required for vendor 'qualys'. Set region to your platform (US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1) or base-url to its API gateway URL."
  ],
  [
    'qualys unknown region',
    { vendor: 'qualys', region: 'mars1', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': 'mars1' is not a Qualys region. Use one of: US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1, or set base-url."
  ],
  [
    'qualys bad client-type',
    { vendor: 'qualys', region: 'us1', 'client-type': 'admin', 'client-id': 'i', 'client-secret': 's' },
    "Input 'client-type': 'admin' is not valid for vendor 'qualys'. Use one of: subscription, user."
  ],
  [
    'oauth2 without token-url',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's' },
    "Input 'token-url': is required for vendor 'oauth2'. Pass it from a secret, e.g. ${{ secrets.MY_SECRET }}."
  ],
  [
    'oauth2 plain http token-url',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's', 'token-url': 'http://idp.example.com/token' },
    "Input 'token-url': must use https:// (got http://); plain http is only allowed to a loopback address."
  ],
  [
    'oauth2 bad auth-method',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's', 'token-url': 'https://idp.example.com/t', 'auth-method': 'private_key_jwt' },
    "Input 'auth-method': 'private_key_jwt' is not valid for vendor 'oauth2'. Use one of: client_secret_basic, client_secret_post."
  ],
  [
    'oauth2 revoke-url that is not a URL',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's', 'token-url': 'https://idp.example.com/t', 'revoke-url': 'revoke' },
    "Input 'revoke-url': is not a valid URL. Use a full https:// URL."
  ],
  [
    'base-url with credentials',
    { vendor: 'picus', 'refresh-token': 'r', 'base-url': 'https://user:pw@api.picussecurity.com' },
    "Input 'base-url': must not contain credentials; pass them in client-id and client-secret."
  ],
  [
    'env-var that is not a name',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'MY-TOKEN' },
    "Input 'env-var': 'MY-TOKEN' is not a valid variable name (letters, digits and _, not starting with a digit)."
  ],
  [
    'env-var NODE_OPTIONS',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'NODE_OPTIONS' },
    "Input 'env-var': 'NODE_OPTIONS' is reserved by the runner or Node.js; choose another name, e.g. PICUS_ACCESS_TOKEN."
  ],
  [
    'env-var owned by the runner',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'GITHUB_TOKEN' },
    "Input 'env-var': 'GITHUB_TOKEN' is reserved by the runner or Node.js; choose another name, e.g. PICUS_ACCESS_TOKEN."
  ],
  [
    'timeout-seconds not a number',
    { vendor: 'picus', 'refresh-token': 'r', 'timeout-seconds': '30s' },
    "Input 'timeout-seconds': '30s' is not a whole number from 1 to 600."
  ],
  [
    'max-attempts out of range',
    { vendor: 'picus', 'refresh-token': 'r', 'max-attempts': '0' },
    "Input 'max-attempts': '0' is not a whole number from 1 to 10."
  ],
  [
    'export-env not a boolean',
    { vendor: 'picus', 'refresh-token': 'r', 'export-env': 'sometimes' },
    "Input 'export-env': 'sometimes' is not a boolean. Use true or false."
  ],
  [
    'a credential with a line break',
    { vendor: 'appsec-plus', 'client-id': 'id\nInjected: header', 'client-secret': 's' },
    "Input 'client-id': contains a line break or control character; copy the value again without it."
  ]
]

describe('input validation', () => {
  it.each(cases)('%s', async (_name, inputs, message) => {
    const result = await job.main(inputs)
    expect(result.failed).toBe(true)
    expect(result.error).toBe(message)
    expect(anyRequest.isDone()).toBe(false)
    expect(result.outputs).toEqual({})
    expect(result.state).toEqual({})
    // No stack trace, just the one error line.
    expect(result.stdout).not.toMatch(/\n\s+at /)
  })

  it('masks client-secret and refresh-token before anything can fail', async () => {
    const result = await job.main({ vendor: 'securithings', 'client-secret': 'masked-even-on-error', 'refresh-token': 'also-masked' })
    expect(result.error).toContain("Input 'client-id': is required for vendor 'securithings'")
    expect(anyRequest.isDone()).toBe(false)
    expectOnlyMasked(result, ['masked-even-on-error', 'also-masked'])
  })
})
