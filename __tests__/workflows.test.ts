// The GitHub workflows: every action pinned by commit SHA, least privilege, and a release job that
// attests only what the verify job built (README "Verify what you run").
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from '@jest/globals'

const workflowDir = join('.github', 'workflows')
const workflows = readdirSync(workflowDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
const read = (file: string): string => readFileSync(join(workflowDir, file), 'utf8')

/** The `uses:` lines of a workflow (comments and the action itself, `./`, left out). */
function usesLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\s*(?:- )?uses: /.test(line) && !/uses: \.\//.test(line))
    .map((line) => line.trim().replace(/^- /, ''))
}

/** Each job's body (the lines indented under `  <job>:`), by job name. */
function jobs(text: string): Record<string, string> {
  const body = text.split(/^jobs:\n/m)[1] ?? ''
  const result: Record<string, string> = {}
  for (const block of body.split(/^(?= {2}[\w-]+:\n)/m)) {
    const name = /^ {2}([\w-]+):\n/.exec(block)?.[1]
    if (name) result[name] = block
  }
  return result
}

/** A job's `permissions:` map. */
function jobPermissions(job: string): Record<string, string> {
  const block = job.split(/^ {4}permissions:\n/m)[1]?.split(/^ {0,4}\S/m)[0] ?? ''
  return Object.fromEntries([...block.matchAll(/^ {6}([\w-]+): (\w+)/gm)].map((match) => [match[1], match[2]]))
}

describe('workflows', () => {
  it('pin every action by full commit SHA, with its version in a comment', () => {
    const unpinned = workflows.flatMap((file) =>
      usesLines(read(file))
        .filter((line) => !/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line))
        .map((line) => `${file}: ${line}`)
    )
    expect(unpinned).toEqual([])
  })

  it('pin one action repository to one commit in every workflow', () => {
    // github/codeql-action/init, /analyze and /upload-sarif are one repository: one release, one SHA.
    const pins = new Map<string, Set<string>>()
    for (const file of workflows)
      for (const line of usesLines(read(file))) {
        const [action, pin] = line.replace(/^uses: /, '').split('@')
        const repository = action.split('/').slice(0, 2).join('/')
        pins.set(repository, (pins.get(repository) ?? new Set()).add(pin))
      }
    const conflicting = [...pins].filter(([, set]) => set.size > 1).map(([repository]) => repository)
    expect(conflicting).toEqual([])
  })

  it('grant only read access at the top of each workflow', () => {
    const topLevel = workflows.map((file) => [file, /^permissions:(.*(?:\n {2}.*)*)/m.exec(read(file))?.[1]])
    expect(topLevel).toEqual(
      workflows.map((file) => [file, file === 'scorecard.yml' ? ' read-all' : '\n  contents: read'])
    )
  })

  it('release: read-only verify, attest with only the signing permissions, publish with contents: write', () => {
    const release = jobs(read('release.yml'))
    expect(Object.fromEntries(Object.entries(release).map(([name, job]) => [name, jobPermissions(job)]))).toEqual({
      verify: { contents: 'read' },
      attest: { contents: 'read', 'id-token': 'write', attestations: 'write' },
      publish: { contents: 'write' }
    })
  })

  it('release: the attest job installs nothing and attests both entry points of the verified commit', () => {
    const attest = jobs(read('release.yml')).attest
    expect(usesLines(attest)).toEqual([
      'uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
      'uses: actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32 # v4.1.0'
    ])
    expect(attest).not.toMatch(/\bnpm\b|setup-node/)
    expect(attest).toContain('ref: ${{ needs.verify.outputs.commit }}')
    expect(attest).toContain('subject-path: |\n            dist/main/index.js\n            dist/post/index.js\n')
  })

  it('release: verify rebuilds dist/ and compares it, as its own step, before anything is attested', () => {
    const verify = jobs(read('release.yml')).verify
    expect(verify).toMatch(
      /- run: bash \.ci\/run\n\n.*\n {6}- name: Build dist\/ from the tagged source and fail if it differs from the committed dist\/\n {8}id: dist\n {8}run: \|\n {10}bash \.ci\/check-dist\n/
    )
  })

  it('scorecard: only its job may write, and only security events and the ID token', () => {
    const scorecard = jobs(read('scorecard.yml'))
    expect(Object.fromEntries(Object.entries(scorecard).map(([name, job]) => [name, jobPermissions(job)]))).toEqual({
      analysis: { 'security-events': 'write', 'id-token': 'write' }
    })
  })
})

describe('scripts/validate-metadata.mjs', () => {
  /** Runs the validation in a scratch folder holding action.yml and one workflow. */
  function validate(workflow: string): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'))
    try {
      copyFileSync('action.yml', join(dir, 'action.yml'))
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
      writeFileSync(join(dir, '.github', 'workflows', 'w.yml'), workflow)
      const run = spawnSync(process.execPath, [resolve('scripts/validate-metadata.mjs')], {
        cwd: dir,
        encoding: 'utf8'
      })
      return { status: run.status, output: run.stdout + run.stderr }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const workflow = (level: string): string =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n      attestations: ${level}\n    steps:\n      - run: 'true'\n`

  it('accepts the attestations permission, which its schema predates', () => {
    expect(validate(workflow('write # why'))).toEqual({
      status: 0,
      output: `ok   action.yml\nok   ${join('.github', 'workflows', 'w.yml')}\n`
    })
  })

  it('refuses an attestations permission that is not read, write or none', () => {
    const { status, output } = validate(workflow('writ'))
    expect(status).toBe(1)
    expect(output).toContain(
      `FAIL ${join('.github', 'workflows', 'w.yml')}: permissions.attestations must be read, write or none\n`
    )
  })
})
