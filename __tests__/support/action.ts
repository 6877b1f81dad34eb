/**
 * Runs the action's main and post entry points in-process the way the runner
 * does: inputs as INPUT_* variables (hyphens kept), file commands in
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE, state handed back as STATE_*.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jest } from '@jest/globals'
import { run as runMain } from '../../src/main.js'
import { run as runPost } from '../../src/post.js'
import { parseFileCommands, unescapeCommandData } from '../../test-support/runner.mjs'

export interface StepResult {
  failed: boolean
  /** The ::error:: line's text, '' when there is none. */
  error: string
  /** The ::warning:: lines' texts. */
  warnings: string[]
  stdout: string
  outputs: Record<string, string>
  env: Record<string, string>
  state: Record<string, string>
  summary: string
  /** Values registered with ::add-mask:: */
  masks: string[]
}

export interface Job {
  workDir: string
  runnerTemp: string
  /** `env`: variables the runner sets for the step, e.g. ACTIONS_ID_TOKEN_REQUEST_URL. */
  main(inputs: Record<string, string>, env?: Record<string, string>): Promise<StepResult>
  /** The post step of an earlier main: its state as STATE_*, its exported env, the same inputs. */
  post(
    main: Pick<StepResult, 'state' | 'env'>,
    inputs?: Record<string, string>,
    env?: Record<string, string>
  ): Promise<StepResult>
  dispose(): void
}

const SUMMARY_FILE = join(tmpdir(), `vendor-token-test-summary-${process.pid}.md`)
const ENV_PREFIXES = ['INPUT_', 'STATE_', 'GITHUB_', 'RUNNER_', 'ACTIONS_ID_TOKEN_']

export function createJob(): Job {
  const workDir = mkdtempSync(join(tmpdir(), 'vendor-token-test-'))
  const runnerTemp = join(workDir, 'runner-temp')
  mkdirSync(runnerTemp)
  const savedEnv = { ...process.env }
  let step = 0

  async function runStep(
    entry: () => Promise<void>,
    inputs: Record<string, string>,
    state: Record<string, string>,
    env: Record<string, string> = {}
  ) {
    for (const key of Object.keys(process.env)) {
      if (ENV_PREFIXES.some((prefix) => key.startsWith(prefix)) || key === 'RUNNER_DEBUG') delete process.env[key]
    }
    step++
    const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STATE: 'state' }
    for (const [variable, name] of Object.entries(files)) {
      const path = join(workDir, `${name}-${step}`)
      writeFileSync(path, '')
      process.env[variable] = path
    }
    // @actions/core caches the summary path for the life of the process, as one step would.
    writeFileSync(SUMMARY_FILE, '')
    process.env.GITHUB_STEP_SUMMARY = SUMMARY_FILE
    process.env.RUNNER_TEMP = runnerTemp
    process.env.RUNNER_DEBUG = '1'
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
    for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value
    Object.assign(process.env, env)

    let stdout = ''
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString()
      return true
    })
    process.exitCode = undefined
    try {
      await entry()
    } finally {
      write.mockRestore()
    }
    const failed = process.exitCode === 1
    process.exitCode = undefined
    return {
      failed,
      error: stdout.match(/^::error::(.*)$/m)?.[1] ?? '',
      warnings: [...stdout.matchAll(/^::warning::(.*)$/gm)].map((match) => match[1]),
      stdout,
      outputs: parseFileCommands(readFileSync(process.env.GITHUB_OUTPUT!, 'utf8')),
      env: parseFileCommands(readFileSync(process.env.GITHUB_ENV!, 'utf8')),
      state: parseFileCommands(readFileSync(process.env.GITHUB_STATE!, 'utf8')),
      summary: readFileSync(SUMMARY_FILE, 'utf8'),
      masks: [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => unescapeCommandData(match[1]))
    }
  }

  return {
    workDir,
    runnerTemp,
    main: (inputs, env = {}) => runStep(runMain, inputs, {}, env),
    post: (main, inputs = {}, env = {}) => runStep(runPost, inputs, main.state, { ...main.env, ...env }),
    dispose() {
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
      Object.assign(process.env, savedEnv)
      rmSync(workDir, { recursive: true, force: true })
    }
  }
}

/** A JWT-shaped token (unsigned) whose exp is `expiresInSeconds` from now. */
export function makeJwt(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
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
