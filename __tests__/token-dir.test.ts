// The post step deletes a token directory only when it lies directly inside RUNNER_TEMP, by the
// path rules of the runner's platform: checked here with Windows' rules and Linux's, on any host.
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isDirectlyInside } from '../src/token-dir.js'

describe('a directory directly inside RUNNER_TEMP, by Windows path rules (path.win32)', () => {
  // [case, token directory, RUNNER_TEMP, inside?]
  const cases: Array<[string, string, string, boolean]> = [
    ['the same spelling', 'D:\\a\\_temp\\vendor-token-x', 'D:\\a\\_temp', true],
    ['a lower-case drive letter', 'd:\\a\\_temp\\vendor-token-x', 'D:\\a\\_temp', true],
    [
      'a lower-case drive letter in RUNNER_TEMP',
      'C:\\Runner\\_work\\_temp\\vendor-token-x',
      'c:\\Runner\\_work\\_temp',
      true
    ],
    [
      'mixed case in the folder names',
      'C:\\USERS\\runneradmin\\AppData\\Local\\Temp\\vendor-token-x',
      'c:\\Users\\RunnerAdmin\\appdata\\local\\temp',
      true
    ],
    ['a trailing backslash on RUNNER_TEMP', 'D:\\a\\_temp\\vendor-token-x', 'D:\\a\\_temp\\', true],
    ['a trailing backslash on the directory', 'D:\\a\\_temp\\vendor-token-x\\', 'D:\\a\\_temp', true],
    ['forward slashes, as Git Bash writes them', 'D:/a/_temp/vendor-token-x', 'D:\\a\\_temp', true],
    ['a UNC share', '\\\\fileserver\\runners\\_temp\\vendor-token-x', '\\\\fileserver\\runners\\_temp', true],
    [
      'a UNC share in another case',
      '\\\\FILESERVER\\Runners\\_TEMP\\vendor-token-x',
      '\\\\fileserver\\runners\\_temp',
      true
    ],
    [
      'another share on the same server',
      '\\\\fileserver\\other\\_temp\\vendor-token-x',
      '\\\\fileserver\\runners\\_temp',
      false
    ],
    ['another drive', 'E:\\a\\_temp\\vendor-token-x', 'D:\\a\\_temp', false],
    ['a sibling with RUNNER_TEMP as its prefix', 'D:\\a\\_temp2\\vendor-token-x', 'D:\\a\\_temp', false],
    ['a nested directory', 'D:\\a\\_temp\\sub\\vendor-token-x', 'D:\\a\\_temp', false],
    ['a .. out of RUNNER_TEMP', 'D:\\a\\_temp\\..\\vendor-token-x', 'D:\\a\\_temp', false],
    ['a .. that comes back in', 'D:\\a\\_temp\\sub\\..\\vendor-token-x', 'D:\\a\\_temp', true],
    ['RUNNER_TEMP itself', 'D:\\a\\_temp', 'd:\\A\\_TEMP\\', false],
    ['the parent of RUNNER_TEMP', 'D:\\a', 'D:\\a\\_temp', false],
    ['a relative path', 'vendor-token-x', 'D:\\a\\_temp', false],
    ['a drive root as RUNNER_TEMP', 'R:\\vendor-token-x', 'r:\\', true]
  ]
  it.each(cases)('%s', (_name, child, parent, inside) => {
    expect(isDirectlyInside(child, parent, path.win32)).toBe(inside)
  })
})

describe('a directory directly inside RUNNER_TEMP, by Linux and macOS path rules (path.posix)', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['the same spelling', '/home/runner/work/_temp/vendor-token-x', '/home/runner/work/_temp', true],
    ['macOS temp, both sides resolved', '/private/var/folders/x/T/vendor-token-x', '/private/var/folders/x/T', true],
    ['macOS temp, only one side resolved', '/private/var/folders/x/T/vendor-token-x', '/var/folders/x/T', false],
    [
      'another case: two directories on Linux',
      '/home/runner/work/_TEMP/vendor-token-x',
      '/home/runner/work/_temp',
      false
    ],
    ['a trailing slash on RUNNER_TEMP', '/home/runner/work/_temp/vendor-token-x', '/home/runner/work/_temp/', true],
    ['a trailing slash on the directory', '/home/runner/work/_temp/vendor-token-x/', '/home/runner/work/_temp', true],
    [
      'a sibling with RUNNER_TEMP as its prefix',
      '/home/runner/work/_temp2/vendor-token-x',
      '/home/runner/work/_temp',
      false
    ],
    ['a nested directory', '/home/runner/work/_temp/sub/vendor-token-x', '/home/runner/work/_temp', false],
    ['a .. out of RUNNER_TEMP', '/home/runner/work/_temp/../vendor-token-x', '/home/runner/work/_temp', false],
    ['RUNNER_TEMP itself', '/home/runner/work/_temp/', '/home/runner/work/_temp', false],
    ['a backslash is part of a name on Linux', '/home/runner/work/_temp\\vendor-token-x', '/home/runner/work', true],
    ['a Windows path', 'D:\\a\\_temp\\vendor-token-x', 'D:\\a\\_temp', false],
    ['a relative path', 'vendor-token-x', '/tmp', false],
    ['the root as RUNNER_TEMP', '/vendor-token-x', '/', true]
  ]
  it.each(cases)('%s', (_name, child, parent, inside) => {
    expect(isDirectlyInside(child, parent, path.posix)).toBe(inside)
  })
})

describe('a relative path is never inside, even when the working directory is RUNNER_TEMP', () => {
  it.each([
    ['Windows', path.win32],
    ['Linux and macOS', path.posix]
  ])('%s', (_name, rules) => {
    expect(isDirectlyInside('vendor-token-x', rules.resolve('.'), rules)).toBe(false)
    expect(isDirectlyInside(rules.join('.', 'vendor-token-x'), rules.resolve('.'), rules)).toBe(false)
  })
})
