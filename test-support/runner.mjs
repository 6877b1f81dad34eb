// Runs the bundled dist/ entry points the way the GitHub runner does: a fresh
// Node process per step, inputs as INPUT_* (hyphens kept), file commands in
// GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE, state handed to post as STATE_*,
// and every ::add-mask:: value replaced by *** in the log.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { staleBundleProblem } from '../scripts/build-stamp.mjs'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** @type {string | undefined} Why dist/ is not the build of src/ ('' when it is), checked once per process. */
let bundleProblem

/** Refuses to run a dist/ older than the source: a test would pass or fail on old code. */
function checkBundleIsCurrent() {
  bundleProblem ??= staleBundleProblem(PROJECT_ROOT) ?? ''
  if (bundleProblem) {
    throw new Error(`${bundleProblem} This test runs the bundled dist/, not src/: run \`npm run build\` first.`)
  }
}

/**
 * Undoes @actions/core's escaping of workflow command data, as the runner does.
 * @param {string} value
 * @returns {string}
 */
export function unescapeCommandData(value) {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/**
 * Parses the runner's `name<<delimiter` file-command format.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
  /** @type {Record<string, string>} */
  const values = {}
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) values[match[1]] = match[3]
  return values
}

/**
 * A job: a temp directory standing in for the runner's, shared by its steps. Each step gets
 * the runner's protocol: inputs as INPUT_* (hyphens kept), file commands in GITHUB_OUTPUT /
 * GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY, state handed to post as STATE_*. `run` runs
 * the bundled dist/ in a child process; the in-process tests (__tests__/support/action.ts) use
 * `prepareStep` and `finishStep` around a call to the source's run().
 */
export function createRunnerJob() {
  const root = mkdtempSync(join(tmpdir(), 'vendor-token-job-'))
  openJobRoots.add(root)
  const runnerTemp = join(root, 'runner-temp')
  mkdirSync(runnerTemp)
  let step = 0

  /**
   * The files and variables of the next step. `env` is what earlier steps exported;
   * `state` is the matching main step's state (for post).
   * @param {{ inputs?: Record<string, string>, state?: Record<string, string>, env?: Record<string, string> }} [options]
   */
  function prepareStep({ inputs = {}, state = {}, env = {} } = {}) {
    step++
    /** @type {Record<string, string>} */
    const files = {}
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      files[name] = join(root, `${name.toLowerCase()}-${step}`)
      writeFileSync(files[name], '')
    }
    /** @type {Record<string, string>} */
    const variables = { RUNNER_TEMP: runnerTemp, ...files, ...env }
    for (const [name, value] of Object.entries(inputs)) variables[`INPUT_${name.toUpperCase()}`] = value
    for (const [name, value] of Object.entries(state)) variables[`STATE_${name}`] = value
    return { variables, files }
  }

  /**
   * What a step left behind, and its log as the runner would show it.
   * @param {Record<string, string>} files
   * @param {{ exitCode: number, stdout: string, stderr?: string }} ran
   */
  function finishStep(files, { exitCode, stdout, stderr = '' }) {
    const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => unescapeCommandData(match[1]))
    const mask = (/** @type {string} */ text) =>
      masks
        .filter(Boolean)
        .sort((a, b) => b.length - a.length)
        .reduce((masked, secret) => masked.split(secret).join('***'), text)
    return {
      exitCode,
      failed: exitCode !== 0,
      /** The ::error:: line's text, '' when there is none. */
      error: stdout.match(/^::error::(.*)$/m)?.[1] ?? '',
      /** The ::warning:: lines' texts. */
      warnings: [...stdout.matchAll(/^::warning::(.*)$/gm)].map((match) => match[1]),
      stdout,
      stderr,
      /** Values registered with ::add-mask::. */
      masks,
      /** What the job log would show: workflow commands dropped, secrets replaced. */
      log: mask(stdout.replace(/^::add-mask::.*\n/gm, '') + stderr),
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      env: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
      state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    }
  }

  /**
   * Runs dist/<entry>/index.js (or `script`) in a fresh Node process, as the runner does.
   * @param {string} entry
   * @param {{ inputs?: Record<string, string>, state?: Record<string, string>, env?: Record<string, string>, extraEnv?: Record<string, string>, script?: string }} [options]
   */
  async function run(entry, { inputs = {}, state = {}, env = {}, extraEnv = {}, script } = {}) {
    if (!script) checkBundleIsCurrent()
    const { variables, files } = prepareStep({ inputs, state, env })
    const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...variables, ...extraEnv }
    const started = process.hrtime.bigint()
    // Reports the step's peak memory on stderr, after everything it printed itself.
    const reportMaxRss =
      "data:text/javascript,process.on('exit',()=>process.stderr.write('\\n@@maxrss '+process.resourceUsage().maxRSS+'\\n'))"
    const file = script ?? join(PROJECT_ROOT, 'dist', entry, 'index.js')
    const child = spawn(process.execPath, ['--import', reportMaxRss, file], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exitCode = await new Promise((resolve) => child.on('close', resolve))
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6
    const maxRssKiB = Number(stderr.match(/\n@@maxrss (\d+)\n$/)?.[1] ?? NaN)
    stderr = stderr.replace(/\n@@maxrss \d+\n$/, '')
    return { ...finishStep(files, { exitCode, stdout, stderr }), wallMs, maxRssKiB }
  }

  return {
    root,
    runnerTemp,
    prepareStep,
    finishStep,
    run,
    dispose: () => removeJob(root)
  }
}

/** Jobs not disposed yet: the test setup removes them after every test, passed or failed. */
const openJobRoots = new Set()

/** @param {string} root */
function removeJob(root) {
  rmSync(root, { recursive: true, force: true })
  openJobRoots.delete(root)
}

export function disposeOpenJobs() {
  for (const root of openJobRoots) removeJob(root)
}
