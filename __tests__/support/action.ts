/**
 * Runs the action's main and post from source, in-process, with the same runner simulator
 * the dist tests use (test-support/runner.mjs): inputs as INPUT_* variables (hyphens kept),
 * file commands in GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE, state handed back as STATE_*.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { afterEach, beforeEach, jest } from '@jest/globals'
import { clock } from '../../src/http.js'
import { run as runMain } from '../../src/main.js'
import { run as runPost } from '../../src/post.js'
import { createRunnerJob, unescapeCommandData } from '../../test-support/runner.mjs'

export type StepResult = ReturnType<ReturnType<typeof createRunnerJob>['finishStep']>

/** What a step is given besides the inputs, as for the dist runner (test-support/runner.mjs). */
export interface StepOptions {
  inputs?: Record<string, string>
  /** The matching main step's state, for post. */
  state?: Record<string, string>
  /** What earlier steps exported. */
  env?: Record<string, string>
  /** Other variables of the step's environment (https_proxy, ...), for this step only. */
  extraEnv?: Record<string, string>
}

export interface Job {
  /** The job's temp directory; runnerTemp is inside it. */
  workDir: string
  runnerTemp: string
  /** `env`: variables the runner sets for the step, e.g. ACTIONS_ID_TOKEN_REQUEST_URL. */
  main(inputs: Record<string, string>, env?: Record<string, string>): Promise<StepResult>
  /** The post step of an earlier main: its state as STATE_*, its exported env, the same inputs, and `env`. */
  post(
    main: Pick<StepResult, 'state' | 'env'>,
    inputs?: Record<string, string>,
    env?: Record<string, string>
  ): Promise<StepResult>
  /** The same call as the dist runner's run(), so one test can drive either. */
  run(entry: 'main' | 'post', options?: StepOptions): Promise<StepResult>
  dispose(): void
}

// @actions/core caches the summary path for the life of the process, as one step would.
export const SUMMARY_FILE = join(tmpdir(), `vendor-token-test-summary-${process.pid}.md`)
// Also the ID token request variables, which a runner sets only with permissions: id-token: write.
const RUNNER_PREFIXES = ['INPUT_', 'STATE_', 'GITHUB_', 'RUNNER_', 'ACTIONS_ID_TOKEN_']
const ENTRIES = { main: runMain, post: runPost }

/**
 * In-process steps see only the runner's variables they are given, like a fresh process.
 * (TLS trust is the test process's own: npm test trusts the mock's test CA.)
 */
export function createJob(): Job {
  const job = createRunnerJob()
  const savedEnv = { ...process.env }

  async function run(entry: 'main' | 'post', { inputs = {}, state = {}, env = {}, extraEnv = {} }: StepOptions = {}) {
    const before = { ...process.env }
    for (const key of Object.keys(process.env)) {
      if (RUNNER_PREFIXES.some((prefix) => key.startsWith(prefix))) delete process.env[key]
    }
    const { variables, files } = job.prepareStep({ inputs, state, env })
    files.GITHUB_STEP_SUMMARY = SUMMARY_FILE
    writeFileSync(SUMMARY_FILE, '')
    Object.assign(process.env, variables, extraEnv, { GITHUB_STEP_SUMMARY: SUMMARY_FILE, RUNNER_DEBUG: '1' })

    let stdout = ''
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString()
      return true
    })
    process.exitCode = undefined
    try {
      await ENTRIES[entry]()
    } finally {
      write.mockRestore()
      for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key]
      Object.assign(process.env, before)
    }
    const exitCode = Number(process.exitCode ?? 0)
    process.exitCode = undefined
    return job.finishStep(files, { exitCode, stdout })
  }

  return {
    workDir: job.root,
    runnerTemp: job.runnerTemp,
    main: (inputs, env = {}) => run('main', { inputs, extraEnv: env }),
    post: (main, inputs = {}, env = {}) => run('post', { inputs, state: main.state, env: main.env, extraEnv: env }),
    run,
    dispose() {
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
      Object.assign(process.env, savedEnv)
      job.dispose()
    }
  }
}

/** The values the step masked, in order. */
export function maskedValues(result: StepResult): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => unescapeCommandData(line.slice(12)))
}

/** Every secret may appear in the step's stdout only inside its own ::add-mask:: command, which comes first. */
export function expectOnlyMasked(result: StepResult, secrets: string[]): void {
  const lines = result.stdout.split('\n')
  for (const secret of secrets) {
    const maskLine = lines.findIndex(
      (line) => line.startsWith('::add-mask::') && unescapeCommandData(line.slice(12)) === secret
    )
    if (maskLine === -1) throw new Error(`secret was never masked: ${secret.slice(0, 4)}...`)
    lines.forEach((line, index) => {
      if (line.includes(secret) && index !== maskLine && !line.startsWith('::add-mask::')) {
        throw new Error(`secret printed unmasked on stdout line ${index}: ${line.slice(0, 60)}`)
      }
    })
  }
}

/**
 * Replaces the retry loop's clock for the current test file: sleeps return at once and only
 * advance a virtual now, and are recorded in order. Tests that wait for real use none of this.
 */
export function useVirtualClock(): { sleeps: number[]; advance(ms: number): void } {
  const realClock = { ...clock }
  const virtual = { now: 0, sleeps: [] as number[] }
  beforeEach(() => {
    virtual.now = 1_000_000
    virtual.sleeps.length = 0
    clock.now = () => virtual.now
    clock.sleep = async (ms) => {
      virtual.sleeps.push(ms)
      virtual.now += ms
    }
  })
  afterEach(() => {
    Object.assign(clock, realClock)
  })
  return {
    sleeps: virtual.sleeps,
    advance: (ms) => {
      virtual.now += ms
    }
  }
}
