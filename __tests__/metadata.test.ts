// action.yml, the README and the code agree on the public contract.
import nock from 'nock'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { createJob } from './support/action.js'

const actionYml = readFileSync('action.yml', 'utf8')
const readme = readFileSync('README.md', 'utf8')

/** Keys two spaces in under a top-level section of action.yml. */
function sectionKeys(section: string): string[] {
  const body = actionYml.split(new RegExp(`^${section}:\\n`, 'm'))[1].split(/^\S/m)[0]
  return [...body.matchAll(/^ {2}([\w-]+):/gm)].map((match) => match[1])
}

/** First-column names of the README table whose header starts with `| heading |`. */
function readmeTable(heading: string): string[] {
  const table = readme.split(`| ${heading} |`)[1].split('\n\n')[0]
  return [...table.matchAll(/^\| `([\w-]+)` \|/gm)].map((match) => match[1])
}

describe('public contract', () => {
  it('runs on node24 with a post step that always runs', () => {
    expect(actionYml).toMatch(/^ {2}using: 'node24'$/m)
    expect(actionYml).toMatch(/^ {2}main: 'dist\/main\/index\.js'$/m)
    expect(actionYml).toMatch(/^ {2}post: 'dist\/post\/index\.js'$/m)
    expect(actionYml).toMatch(/^ {2}post-if: 'always\(\)'$/m)
  })

  it('documents every input in the README', () => {
    expect(readmeTable('input')).toEqual(sectionKeys('inputs'))
  })

  it('sets exactly the outputs action.yml and the README declare', async () => {
    expect(readmeTable('output')).toEqual(sectionKeys('outputs'))
    nock('https://api.picussecurity.com')
      .post('/v1/auth/token')
      .reply(200, { token: 't', expire_at: Date.now() + 60_000 })
    const job = createJob()
    try {
      const result = await job.main({ vendor: 'picus', 'refresh-token': 'r' })
      expect(Object.keys(result.outputs).sort()).toEqual(sectionKeys('outputs').sort())
    } finally {
      job.dispose()
    }
  })
})
