// The dist tests refuse a dist/ that is not the build of the current source (scripts/build-stamp.mjs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { STAMP_FILE, sourceStamp, staleBundleProblem } from '../scripts/build-stamp.mjs'

let root: string
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vendor-token-stamp-'))
  write('src/main.ts', 'export const a = 1\n')
  write('src/vendors/picus.ts', 'export const b = 2\n')
  write('tsconfig.json', '{}\n')
  write('scripts/build.mjs', '// build\n')
  write(STAMP_FILE, `${sourceStamp(root)}\n`)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('the build stamp', () => {
  it('matches the source it was built from, whatever the line endings of the checkout', () => {
    expect(staleBundleProblem(root)).toBeUndefined()
    write('src/main.ts', 'export const a = 1\r\n')
    expect(staleBundleProblem(root)).toBeUndefined()
  })

  it.each([
    ['an edited source file', 'src/vendors/picus.ts', 'export const b = 3\n'],
    ['a new source file', 'src/vendors/wiz.ts', 'export const c = 4\n'],
    ['other compiler options', 'tsconfig.json', '{"compilerOptions": {}}\n'],
    ['another build', 'scripts/build.mjs', '// build --minify\n']
  ])('tells %s apart', (_name, path, text) => {
    write(path, text)
    expect(staleBundleProblem(root)).toContain('dist/ was built from other sources than those in src/')
  })

  it('a dist/ without a stamp is not trusted', () => {
    rmSync(join(root, STAMP_FILE))
    expect(staleBundleProblem(root)).toBe(`${STAMP_FILE} is missing, so dist/ may be older than src/.`)
  })
})
