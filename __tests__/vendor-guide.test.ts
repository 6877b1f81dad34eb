// The vendor guide: one page per vendor and per secretless oauth2 mode, each with its regions and sources,
// all linked from the README's vendor table, and no relative link in them that leads nowhere.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { VENDORS } from '../src/vendors/index.js'

const GUIDE_DIR = 'docs/vendors'
/** The oauth2 client authentications and grants without a stored secret, one page each. */
const SECRETLESS_PAGES = ['oauth2-private-key-jwt', 'oauth2-github-oidc', 'oauth2-token-exchange']
const PAGES = [...Object.keys(VENDORS), ...SECRETLESS_PAGES]
/** The README table of vendors starts with this header. */
const VENDOR_TABLE_HEADER = '| vendor | `vendor:` |'

const pagePath = (page: string) => join(GUIDE_DIR, `${page}.md`)
const read = (path: string) => readFileSync(path, 'utf8')
const readme = read('README.md')

/** The text outside fenced code blocks: a `# comment` in a YAML example is not a heading. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
}

/** GitHub's anchors for a Markdown file's headings (lower case, punctuation dropped, spaces to '-', -1 for repeats). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  for (const [, text] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    let anchor = base
    for (let repeat = 1; anchors.has(anchor); repeat++) anchor = `${base}-${repeat}`
    anchors.add(anchor)
  }
  return anchors
}

/**
 * Link targets, inline or in reference definitions, that are neither absolute URLs nor mail links:
 * files of this repository, with an optional anchor.
 */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown)
  const inline = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1])
  const references = [...text.matchAll(/^\[[^\]]+\]: +(\S+)/gm)].map((match) => match[1])
  const targets = [...inline, ...references]
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
}

/** A region key as a word of its own: `app` matches `app` but not `app.eu` or `app2`; any case. */
function mentionsRegion(markdown: string, region: string): boolean {
  const escaped = region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`, 'i').test(markdown)
}

function vendorTableLinks(): string[] {
  const table = readme.split(VENDOR_TABLE_HEADER)[1]?.split('\n\n')[0] ?? ''
  return [...table.matchAll(/\]\((docs\/vendors\/[\w-]+\.md)\)/g)].map((match) => match[1])
}

describe('vendor guide pages', () => {
  it.each(PAGES)('%s has a page', (page) => {
    expect(existsSync(pagePath(page))).toBe(true)
  })

  it.each(Object.values(VENDORS).filter((vendor) => vendor.regions))(
    '$id: every region in the code appears on its page',
    (vendor) => {
      const page = read(pagePath(vendor.id))
      const missing = Object.keys(vendor.regions ?? {}).filter((region) => !mentionsRegion(page, region))
      expect(missing).toEqual([])
    }
  )

  it.each(PAGES)('%s links back to the README', (page) => {
    expect(relativeLinks(read(pagePath(page)))).toContain('../../README.md#vendors')
  })

  it.each(PAGES)('%s cites only sources a reader can open: no copies that are not in the repository', (page) => {
    expect(read(pagePath(page))).not.toMatch(/seed copy|\b\d{3}_[0-9a-f]{16}\.txt\b|\.\.\/shared\//i)
  })

  it.each(PAGES)('%s links at least one https source', (page) => {
    // An inline link, an autolink, or a reference definition ([name]: https://...).
    expect(read(pagePath(page))).toMatch(/\]\(https:\/\/[^)\s]+\)|<https:\/\/[^>\s]+>|^\[[^\]]+\]: +https:\/\/\S+/m)
  })

  it('the README vendor table links every page, and every page in docs/vendors is in it', () => {
    const linked = vendorTableLinks()
    expect([...new Set(linked)].sort()).toEqual(PAGES.map(pagePath).sort())
    const onDisk = readdirSync(GUIDE_DIR)
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(GUIDE_DIR, name))
    expect(onDisk.filter((path) => !linked.includes(path))).toEqual([])
  })

  it.each(['README.md', ...PAGES.map(pagePath)])('every relative link in %s leads to a file and heading', (file) => {
    const broken = relativeLinks(read(file)).filter((link) => {
      const [path, anchor] = link.split('#')
      const target = path === '' ? file : normalize(join(dirname(file), path))
      if (!existsSync(target)) return true
      return anchor !== undefined && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor)
    })
    expect(broken).toEqual([])
  })
})

describe('the contract checks catch what they are for', () => {
  it('a region key is matched as a word of its own, in any case', () => {
    expect(mentionsRegion('| `US1` | gateway |', 'us1')).toBe(true)
    expect(mentionsRegion('region `app2.eu` only', 'app')).toBe(false)
    expect(mentionsRegion('region `app2.eu` only', 'app2.eu')).toBe(true)
    expect(mentionsRegion('us-gov-1 only', 'us')).toBe(false)
    expect(mentionsRegion('ends with eu.', 'eu')).toBe(true)
  })

  it('anchors follow GitHub: punctuation dropped, code fences skipped, repeats numbered', () => {
    const anchors = anchorsOf('# Picus (`vendor: picus`)\n## Refusals\n```yaml\n# not a heading\n```\n## Refusals\n')
    expect([...anchors]).toEqual(['picus-vendor-picus', 'refusals', 'refusals-1'])
  })

  it('absolute URLs are not relative links', () => {
    expect(relativeLinks('[a](https://x.example) [b](../README.md#top) [c](#here)')).toEqual([
      '../README.md#top',
      '#here'
    ])
    expect(relativeLinks('[a]: https://x.example\n[b]: ./wiz.md#regions\n')).toEqual(['./wiz.md#regions'])
  })
})
