// The post step cleans up exactly what its own main step created, and never fails the job.
import nock from 'nock'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { basicHeader } from '../test-support/credentials.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

const IDP = 'https://idp.example.com'
const oauth2Inputs = {
  vendor: 'oauth2',
  'token-url': `${IDP}/token`,
  'revoke-url': `${IDP}/revoke`,
  'client-id': 'cid',
  'client-secret': 'csecret',
  'write-token-file': 'true'
}
const basic = basicHeader('cid', 'csecret')

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => {
  jest.restoreAllMocks()
  job.dispose()
})

function issue(token: string, expiresIn = 3600) {
  return nock(IDP).post('/token').reply(200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn })
}

describe('post step', () => {
  it('does nothing, successfully, when main issued no token', async () => {
    const result = await job.post({ state: {}, env: {} })
    expect(result.failed).toBe(false)
    expect(result.warnings).toEqual([])
    expect(result.stdout).toContain('No token was issued by this step; nothing to clean up.')
  })

  it('a state naming a vendor this version does not know ends cleanly, naming no vendor', async () => {
    const result = await job.post({ state: { vendor: 'retired-vendor' }, env: {} })
    expect(result.failed).toBe(false)
    expect(result.warnings).toEqual([])
    expect(result.stdout).toContain('The vendor documents no token revocation; the token stays valid until it expires.')
  })

  it('revokes the token (RFC 7009), deletes the token file and clears the variable', async () => {
    issue('revoke-me')
    const main = await job.main(oauth2Inputs)
    expect(main.error).toBe('')
    const file = main.outputs['token-file']
    expect(existsSync(file)).toBe(true)

    const revoke = nock(IDP)
      .post('/revoke', 'token=revoke-me&token_type_hint=access_token')
      .matchHeader('authorization', basic)
      .reply(200)
    const post = await job.post(main, oauth2Inputs)

    revoke.done()
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Revoked the token at idp.example.com.')
    expect(existsSync(dirname(file))).toBe(false)
    expect(post.env).toEqual({ OAUTH2_ACCESS_TOKEN: '' })
    expect(post.stdout).toContain('Cleared OAUTH2_ACCESS_TOKEN for the steps that run after this one.')
    expectOnlyMasked(post, ['revoke-me', 'csecret', basic])
  })

  it('skips revocation of a token that has already expired', async () => {
    issue('already-expired', 0)
    const main = await job.main(oauth2Inputs)

    const post = await job.post(main, oauth2Inputs)

    expectNoUnexpectedRequest()
    expect(post.stdout).toContain('The token has already expired; skipping revocation.')
    expect(post.failed).toBe(false)
  })

  it('skips revocation of a token that expires at this very millisecond', async () => {
    issue('expires-now', 60)
    const main = await job.main(oauth2Inputs)
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(main.state['expires-at']))

    const post = await job.post(main, oauth2Inputs)

    expectNoUnexpectedRequest()
    expect(post.stdout).toContain('The token has already expired; skipping revocation.')
    expect(post.warnings).toEqual([])
  })

  it('warns, and does not fail, when the variable cannot be cleared', async () => {
    issue('uncleared')
    const main = await job.main({ ...oauth2Inputs, 'write-token-file': 'false' })
    nock(IDP).post('/revoke').reply(200)
    const missing = join(job.workDir, 'no-such-env-file')

    const post = await job.post(main, oauth2Inputs, { GITHUB_ENV: missing })

    expect(post.failed).toBe(false)
    expect(post.stdout).toContain('Revoked the token at idp.example.com.')
    expect(post.warnings).toEqual([
      'Cleanup did not finish: Unexpected error (Error). Please report it if it persists.'
    ])
  })

  it('warns, and does not fail, when the token directory cannot be checked', async () => {
    issue('unchecked')
    const main = await job.main(oauth2Inputs)
    nock(IDP).post('/revoke').reply(200)
    const missing = join(job.workDir, 'no-such-runner-temp')

    const post = await job.post(main, oauth2Inputs, { RUNNER_TEMP: missing })

    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([
      'Could not delete the token file: Unexpected error (Error ENOENT). Please report it if it persists.'
    ])
    expect(existsSync(main.outputs['token-file'])).toBe(true)
    expect(post.env).toEqual({ OAUTH2_ACCESS_TOKEN: '' })
  })

  it('warns, and does not fail, when revocation is refused or unreachable', async () => {
    issue('stubborn')
    const main = await job.main(oauth2Inputs)
    nock(IDP).post('/revoke').reply(400, { error: 'unsupported_token_type' })
    const refused = await job.post(main, oauth2Inputs)
    expect(refused.failed).toBe(false)
    expect(refused.warnings).toEqual(['Token revocation answered HTTP 400; the token stays valid until it expires.'])

    nock(IDP)
      .post('/revoke')
      .times(2)
      .replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))
    const unreachable = await job.post(main, { ...oauth2Inputs, 'max-attempts': '1' })
    expect(unreachable.failed).toBe(false)
    expect(unreachable.warnings[0]).toMatch(
      /^Token revocation failed: OAuth2 server at idp\.example\.com did not answer usefully after 2 attempt/
    )
  })

  it('leaves everything in place when cleanup is false', async () => {
    issue('kept')
    const inputs = { ...oauth2Inputs, cleanup: 'false' }
    const main = await job.main(inputs)

    const post = await job.post(main, inputs)

    expectNoUnexpectedRequest()
    expect(main.state['revoke-token']).toBeUndefined()
    expect(existsSync(main.outputs['token-file'])).toBe(true)
    expect(post.env).toEqual({})
    expect(post.stdout).toContain('cleanup is false; leaving the token in place.')
  })

  it('two uses of the action in one job clean only what each created', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'first' })
    const first = await job.main({
      vendor: 'picus',
      'refresh-token': 'r',
      'write-token-file': 'true',
      'env-var': 'FIRST_TOKEN'
    })
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'second' })
    const second = await job.main({
      vendor: 'picus',
      'refresh-token': 'r',
      'write-token-file': 'true',
      'env-var': 'SECOND_TOKEN'
    })
    expect(first.outputs['token-file']).not.toBe(second.outputs['token-file'])

    // Post steps run in reverse order, each with every variable exported so far.
    const env = { ...first.env, ...second.env }
    const secondPost = await job.post({ state: second.state, env })
    expect(secondPost.env).toEqual({ SECOND_TOKEN: '' })
    expect(secondPost.stdout).toContain('Picus documents no token revocation; the token stays valid until it expires.')
    expect(existsSync(second.outputs['token-file'])).toBe(false)
    expect(existsSync(first.outputs['token-file'])).toBe(true)

    const firstPost = await job.post({ state: first.state, env: { ...env, SECOND_TOKEN: '' } })
    expect(firstPost.env).toEqual({ FIRST_TOKEN: '' })
    expect(existsSync(first.outputs['token-file'])).toBe(false)
  })

  it('does not clear a variable that a later step replaced with another value', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'mine' })
    const main = await job.main({ vendor: 'picus', 'refresh-token': 'r' })
    const post = await job.post({ state: main.state, env: { PICUS_ACCESS_TOKEN: 'someone-elses' } })
    expect(post.env).toEqual({})
    expect(post.failed).toBe(false)
  })

  it('does not fail when the token file is already gone', async () => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'gone' })
    const main = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'write-token-file': 'true' })
    const { rmSync } = await import('node:fs')
    rmSync(dirname(main.outputs['token-file']), { recursive: true })
    const post = await job.post(main)
    expect(post.failed).toBe(false)
    expect(post.warnings).toEqual([])
  })
})

describe('post step and the token directory named in its state', () => {
  const FOREIGN_DIR =
    /^Did not delete the token directory named in the step state: (.+)\. The post step deletes only a directory that its main step created directly inside RUNNER_TEMP\.$/

  /** A main step that wrote its token file, and a directory with a file that must survive. */
  async function mainWithTokenFile() {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'file-token' })
    const main = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'write-token-file': 'true' })
    expect(main.error).toBe('')
    return main
  }
  function precious(directory: string): string {
    mkdirSync(directory, { recursive: true })
    const file = join(directory, 'keep-me')
    writeFileSync(file, 'precious')
    return file
  }

  it('deletes the directory its main step made in RUNNER_TEMP', async () => {
    const main = await mainWithTokenFile()
    const directory = main.state['token-dir']
    expect(dirname(directory)).toBe(job.runnerTemp)
    expect(readFileSync(main.outputs['token-file'], 'utf8')).toBe('file-token')

    const post = await job.post(main)

    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('Deleted the token file.')
    expect(existsSync(directory)).toBe(false)
  })

  it('deletes it when RUNNER_TEMP is a symlink, as the temp directory is on macOS', async () => {
    const main = await mainWithTokenFile()
    const directory = main.state['token-dir']
    const linkedTemp = join(job.workDir, 'linked-temp')
    symlinkSync(job.runnerTemp, linkedTemp, 'dir')
    const state = { ...main.state, 'token-dir': join(linkedTemp, basename(directory)) }

    const post = await job.post({ state, env: { ...main.env, RUNNER_TEMP: linkedTemp } })

    expect(post.warnings).toEqual([])
    expect(existsSync(directory)).toBe(false)
    expect(existsSync(job.runnerTemp)).toBe(true)
  })

  const forged: Array<
    [string, (runnerTemp: string, workDir: string) => { stateDir: string; survivor: string }, string]
  > = [
    [
      'a prefixed directory outside RUNNER_TEMP',
      (_runnerTemp, workDir) => {
        const stateDir = join(workDir, 'vendor-token-outside')
        return { stateDir, survivor: precious(stateDir) }
      },
      'it is not directly inside RUNNER_TEMP'
    ],
    [
      'a symlink inside RUNNER_TEMP to a directory outside',
      (runnerTemp, workDir) => {
        const survivor = precious(join(workDir, 'vendor-token-target'))
        const stateDir = join(runnerTemp, 'vendor-token-link')
        symlinkSync(dirname(survivor), stateDir, 'dir')
        return { stateDir, survivor }
      },
      'it is a symbolic link'
    ],
    [
      'a symlink inside RUNNER_TEMP, named with a trailing slash',
      (runnerTemp, workDir) => {
        const survivor = precious(join(workDir, 'vendor-token-target'))
        const link = join(runnerTemp, 'vendor-token-link')
        symlinkSync(dirname(survivor), link, 'dir')
        return { stateDir: `${link}/`, survivor }
      },
      'it is not directly inside RUNNER_TEMP'
    ],
    [
      'a RUNNER_TEMP/../ traversal',
      (runnerTemp, workDir) => {
        const survivor = precious(join(workDir, 'vendor-token-x'))
        return { stateDir: `${runnerTemp}/../vendor-token-x`, survivor }
      },
      'it is not directly inside RUNNER_TEMP'
    ],
    [
      'a prefixed directory nested deeper in RUNNER_TEMP',
      (runnerTemp) => {
        const stateDir = join(runnerTemp, 'a', 'vendor-token-x')
        return { stateDir, survivor: precious(stateDir) }
      },
      'it is not directly inside RUNNER_TEMP'
    ],
    [
      'RUNNER_TEMP itself, through a trailing ..',
      (runnerTemp) => {
        const inner = join(runnerTemp, 'vendor-token-inner')
        mkdirSync(inner)
        return { stateDir: `${inner}/..`, survivor: precious(join(runnerTemp, 'other-step')) }
      },
      'its name does not start with vendor-token-'
    ],
    [
      'a directory in RUNNER_TEMP without the prefix',
      (runnerTemp) => {
        const stateDir = join(runnerTemp, 'someone-elses')
        return { stateDir, survivor: precious(stateDir) }
      },
      'its name does not start with vendor-token-'
    ],
    [
      'a prefixed file, not a directory',
      (runnerTemp) => {
        const survivor = join(runnerTemp, 'vendor-token-file')
        writeFileSync(survivor, 'precious')
        return { stateDir: survivor, survivor }
      },
      'it is not a directory'
    ]
  ]

  it.each(forged)('warns and deletes nothing for %s', async (_name, arrange, reason) => {
    const main = await mainWithTokenFile()
    const { stateDir, survivor } = arrange(job.runnerTemp, job.workDir)

    const post = await job.post({ state: { ...main.state, 'token-dir': stateDir }, env: main.env })

    expect(post.failed).toBe(false)
    expect(post.warnings).toHaveLength(1)
    expect(post.warnings[0]).toMatch(FOREIGN_DIR)
    expect(post.warnings[0].match(FOREIGN_DIR)?.[1]).toBe(reason)
    expect(post.stdout).not.toContain('Deleted the token file.')
    expect(readFileSync(survivor, 'utf8')).toBe('precious')
    // The rest of the cleanup still runs.
    expect(post.env).toEqual({ PICUS_ACCESS_TOKEN: '' })
  })
})

describe('post step revocation answers', () => {
  it.each([300, 301, 302, 303, 307, 308])(
    'HTTP %i is a redirect, not a revocation: it warns, never says Revoked, and follows nothing',
    async (status) => {
      issue('redirected')
      const main = await job.main(oauth2Inputs)
      const revoke = nock(IDP).post('/revoke').reply(status, '', { Location: 'https://elsewhere.example/revoke' })

      const post = await job.post(main, oauth2Inputs)

      revoke.done()
      expect(post.failed).toBe(false)
      expect(post.warnings).toHaveLength(1)
      expect(post.warnings[0]).toContain(`HTTP ${status}`)
      expect(post.warnings[0]).toContain('stays valid until it expires')
      expect(post.stdout).not.toContain('Revoked')
      // elsewhere.example has no interceptor: following the redirect would be recorded.
      expectNoUnexpectedRequest()
      // The rest of the cleanup still runs.
      expect(post.env).toEqual({ OAUTH2_ACCESS_TOKEN: '' })
    }
  )

  it('oauth2 without revoke-url keeps no token in state, and the post step says it did not revoke', async () => {
    const inputs = { ...oauth2Inputs, 'revoke-url': '' }
    issue('never-stored')
    const main = await job.main(inputs)
    expect(main.error).toBe('')
    expect(main.state.vendor).toBe('oauth2')
    expect(JSON.stringify(main.state)).not.toContain('never-stored')

    const post = await job.post(main, inputs)

    expect(post.warnings).toEqual([])
    expect(post.stdout).toContain('No revoke-url was given, so the token was not revoked')
    expect(post.stdout).not.toContain('Revoked')
    expectNoUnexpectedRequest()
    expect(post.env).toEqual({ OAUTH2_ACCESS_TOKEN: '' })
  })
})
