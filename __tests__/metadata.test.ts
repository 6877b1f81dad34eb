// action.yml, the README and the code agree on the public contract.
import nock from 'nock'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { ACTION_INPUTS } from '../src/action-inputs.js'
import { VENDORS } from '../src/vendors/index.js'
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

/** The README inputs table's row for `name`, as its cells. */
function readmeInputRow(name: string): string[] {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`)) ?? ''
  return row.split(' | ')
}

/** The `default:` of an input in action.yml, or undefined. */
function actionYmlDefault(name: string): string | undefined {
  const body = actionYml.split(new RegExp(`^ {2}${name}:\\n`, 'm'))[1].split(/^ {2}\S/m)[0]
  return /^ {4}default: '([^']*)'$/m.exec(body)?.[1]
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

  it('the code knows every input of action.yml, for the near-miss warning about with: keys', () => {
    expect([...ACTION_INPUTS].sort()).toEqual(sectionKeys('inputs').sort())
  })

  it.each(sectionKeys('inputs').filter((name) => actionYmlDefault(name) !== undefined))(
    '%s: the README gives the default that action.yml declares',
    (name) => {
      expect(readmeInputRow(name)[2]).toBe(`\`${actionYmlDefault(name)}\``)
    }
  )

  // A vendor whose default base URL is one of its regions: that region is its default, said the same everywhere.
  const defaultRegions = Object.values(VENDORS).flatMap((vendor) => {
    const region = Object.entries(vendor.regions ?? {}).find(([, url]) => url === vendor.defaultBaseUrl)?.[0]
    return region ? [[vendor.id, region]] : []
  })

  it('some vendors have a default region', () => {
    expect(defaultRegions).toEqual([
      ['paloalto-saas', 'us'],
      ['crowdstrike', 'us-1'],
      ['wiz', 'commercial'],
      ['entra-id', 'public'],
      ['snyk', 'us-01'],
      ['appscan', 'na'],
      ['cycode', 'us'],
      ['upwind', 'us']
    ])
  })

  it.each(defaultRegions)(
    '%s: the default region %s is the same in action.yml, the README and its page',
    (id, region) => {
      const regionDescription = /^ {2}region:\n {4}description: '(.*)'$/m.exec(actionYml)?.[1] ?? ''
      expect(regionDescription).toContain(`${id}: ${region} (default)`)
      expect(readmeInputRow('region')[2]).toContain(`${id}: \`${region}\``)
      expect(readFileSync(`docs/vendors/${id}.md`, 'utf8')).toContain(`| \`${region}\` (default) |`)
    }
  )

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
