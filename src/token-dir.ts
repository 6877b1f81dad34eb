import { lstatSync, mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

const TOKEN_DIR_PREFIX = 'vendor-token-'

/** Where token directories are made, by main, and the only place post deletes them from. */
export function tokenDirParent(): string {
  // The runner empties RUNNER_TEMP after every job; outside a runner, the OS temp directory.
  return process.env.RUNNER_TEMP || tmpdir()
}

/** A fresh 0700 directory per step, so two uses of the action never share or clean each other's file. */
export function makeTokenDir(): string {
  return mkdtempSync(join(tokenDirParent(), TOKEN_DIR_PREFIX))
}

export type TokenDirVerdict = { kind: 'gone' } | { kind: 'own'; realPath: string } | { kind: 'foreign'; reason: string }

/**
 * Whether `path`, as the step state names it, is a directory makeTokenDir made. The state is
 * only text, so the real path decides: a symlink, a '..' or a nested path must not let the
 * post step delete anything outside its own directory.
 */
export function checkTokenDir(path: string): TokenDirVerdict {
  const stats = lstatSync(path, { throwIfNoEntry: false })
  if (!stats) return { kind: 'gone' }
  if (stats.isSymbolicLink()) return { kind: 'foreign', reason: 'it is a symbolic link' }
  if (!stats.isDirectory()) return { kind: 'foreign', reason: 'it is not a directory' }
  const realPath = realpathSync(path)
  if (!basename(realPath).startsWith(TOKEN_DIR_PREFIX)) {
    return { kind: 'foreign', reason: `its name does not start with ${TOKEN_DIR_PREFIX}` }
  }
  if (dirname(realPath) !== realpathSync(tokenDirParent())) {
    return { kind: 'foreign', reason: 'it is not directly inside RUNNER_TEMP' }
  }
  return { kind: 'own', realPath }
}
