// Runs the bundled dist/ entry points the way the GitHub runner does: a fresh
// Node process per step, inputs as INPUT_* (hyphens kept), file commands in
// GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE, state handed to post as STATE_*,
// and every ::add-mask:: value replaced by *** in the log.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

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

/** A job: a temp directory standing in for the runner's, shared by its steps. */
export function createRunnerJob() {
  const root = mkdtempSync(join(tmpdir(), 'vendor-token-job-'))
  const runnerTemp = join(root, 'runner-temp')
  mkdirSync(runnerTemp)
  let step = 0

  /**
   * Runs dist/<entry>/index.js. `env` is what earlier steps exported; `state` is
   * the matching main step's state (for post).
   */
  async function run(entry, { inputs = {}, state = {}, env = {}, extraEnv = {}, script } = {}) {
    step++
    const files = {}
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      files[name] = join(root, `${name.toLowerCase()}-${step}`)
      writeFileSync(files[name], '')
    }
    const childEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUNNER_TEMP: runnerTemp,
      ...files,
      ...env,
      ...extraEnv
    }
    for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value
    for (const [name, value] of Object.entries(state)) childEnv[`STATE_${name}`] = value

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

    const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => unescapeCommandData(match[1]))
    const mask = (text) =>
      masks
        .filter(Boolean)
        .sort((a, b) => b.length - a.length)
        .reduce((masked, secret) => masked.split(secret).join('***'), text)
    return {
      exitCode,
      wallMs,
      maxRssKiB,
      stdout,
      stderr,
      masks,
      /** What the job log would show: workflow commands dropped, secrets replaced. */
      log: mask(stdout.replace(/^::add-mask::.*\n/gm, '') + stderr),
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      env: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
      state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    }
  }

  return { root, runnerTemp, run, dispose: () => rmSync(root, { recursive: true, force: true }) }
}
