// What main publishes besides the token itself: the log line and the job summary table.
import nock from 'nock'
import { createHash } from 'node:crypto'
import { EOL } from 'node:os'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createJob, type Job } from './support/action.js'

const IDP = 'https://idp.example.com'
const oauth2Inputs = {
  vendor: 'oauth2',
  'token-url': `${IDP}/token`,
  'client-id': 'cid',
  'client-secret': 'csecret'
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => {
  jest.restoreAllMocks()
  job.dispose()
})

function fingerprintOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12)
}

function summaryOf(rows: Array<[string, string]>): string {
  const body = rows.map(([field, value]) => `<tr><td>${field}</td><td>${value}</td></tr>`).join('')
  return `<h3>vendor-token</h3>${EOL}<table><tr><th>Field</th><th>Value</th></tr>${body}</table>${EOL}`
}

describe('log line and job summary', () => {
  it('with an expiry, a scope, the variable and the token file', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2030, 0, 1))
    nock(IDP)
      .post('/token')
      .reply(200, { access_token: 'summary-token', token_type: 'bearer', expires_in: 3600, scope: 'read write' })

    const result = await job.main({ ...oauth2Inputs, 'write-token-file': 'true' })

    expect(result.error).toBe('')
    const fingerprint = fingerprintOf('summary-token')
    expect(result.stdout.split('\n')).toContain(
      `Obtained a Bearer token from OAuth2 server (expires at 2030-01-01T01:00:00Z; token SHA-256 ${fingerprint}); ` +
        'exported as OAUTH2_ACCESS_TOKEN.'
    )
    expect(result.summary).toBe(
      summaryOf([
        ['Vendor', 'OAuth2 server'],
        ['Token type', 'Bearer'],
        ['Token SHA-256', `${fingerprint}...`],
        ['Expires at', '2030-01-01T01:00:00Z'],
        ['Scope', 'read write'],
        ['User', '(not reported)'],
        ['Environment variable', 'OAUTH2_ACCESS_TOKEN'],
        ['Token file', 'written (0600, removed by the post step)']
      ])
    )
  })

  it('without an expiry, a scope, the variable or the token file', async () => {
    nock(IDP).post('/token').reply(200, { access_token: 'bare-token', token_type: 'Bearer' })

    const result = await job.main({ ...oauth2Inputs, 'export-env': 'false', 'write-token-file': 'false' })

    expect(result.error).toBe('')
    const fingerprint = fingerprintOf('bare-token')
    expect(result.stdout.split('\n')).toContain(
      `Obtained a Bearer token from OAuth2 server (expiry not reported; token SHA-256 ${fingerprint}).`
    )
    expect(result.summary).toBe(
      summaryOf([
        ['Vendor', 'OAuth2 server'],
        ['Token type', 'Bearer'],
        ['Token SHA-256', `${fingerprint}...`],
        ['Expires at', 'not reported'],
        ['Scope', '(none reported)'],
        ['User', '(not reported)'],
        ['Environment variable', '(not exported)'],
        ['Token file', '(not written)']
      ])
    )
  })

  it('a job summary that cannot be written is a warning: the token is still delivered', async () => {
    nock(IDP)
      .post('/token')
      .reply(200, () => {
        // The runner's summary file turns out to be a directory by the time main writes it.
        process.env.GITHUB_STEP_SUMMARY = job.workDir
        return { access_token: 'still-delivered', token_type: 'Bearer' }
      })

    const result = await job.main(oauth2Inputs)

    expect(result.failed).toBe(false)
    expect(result.outputs.token).toBe('still-delivered')
    expect(result.env).toEqual({ OAUTH2_ACCESS_TOKEN: 'still-delivered' })
    expect(result.warnings).toEqual([
      'Could not write the job summary: Unexpected error (Error EISDIR). Please report it if it persists.'
    ])
    expect(result.summary).toBe('')
  })
})
