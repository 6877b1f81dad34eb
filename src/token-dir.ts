import { lstatSync, mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const TOKEN_DIR_PREFIX = 'vendor-token-'

/** Where token directories are made, by main, and the only place post deletes them from. */
export function tokenDirParent(): string {
  // The runner empties RUNNER_TEMP after every job; outside a runner, the OS temp directory.
  return process.env.RUNNER_TEMP || tmpdir()
}

/** A fresh 0700 directory per step, so two uses of the action never share or clean each other's file. */
export function makeTokenDir(): string {
  return mkdtempSync(path.join(tokenDirParent(), TOKEN_DIR_PREFIX))
}

export type TokenDirVerdict = { kind: 'gone' } | { kind: 'own'; realPath: string } | { kind: 'foreign'; reason: string }

/**
 * Whether `tokenDir`, as the step state names it, is a directory makeTokenDir made. The state is
 * only text, so the real path decides: a symlink, a '..' or a nested path must not let the
 * post step delete anything outside its own directory.
 */
export function checkTokenDir(tokenDir: string): TokenDirVerdict {
  const stats = lstatSync(tokenDir, { throwIfNoEntry: false })
  if (!stats) return { kind: 'gone' }
  if (stats.isSymbolicLink()) return { kind: 'foreign', reason: 'it is a symbolic link' }
  if (!stats.isDirectory()) return { kind: 'foreign', reason: 'it is not a directory' }
  // Both sides resolved: on macOS the temp directory under /var is really under /private/var.
  const realPath = realpathSync(tokenDir)
  if (!path.basename(realPath).startsWith(TOKEN_DIR_PREFIX)) {
    return { kind: 'foreign', reason: `its name does not start with ${TOKEN_DIR_PREFIX}` }
  }
  if (!isDirectlyInside(realPath, realpathSync(tokenDirParent()))) {
    return { kind: 'foreign', reason: 'it is not directly inside RUNNER_TEMP' }
  }
  return { kind: 'own', realPath }
}

/** The path rules of one platform: node:path's own, or path.win32 / path.posix to test the other's. */
export type PathRules = Pick<path.PlatformPath, 'relative' | 'isAbsolute' | 'sep'>

/**
 * Whether `child` is one level below `parent`, both absolute, by the platform's rules. Its
 * `relative` carries the case rule: path.win32 compares case-insensitively, as Windows does
 * (C:\ and c:\, Temp and TEMP are one directory), and accepts / as a separator and UNC paths;
 * path.posix compares exactly, as Linux does. macOS volumes are usually case-insensitive, but
 * both sides come from the same RUNNER_TEMP string and realpath, so the exact comparison
 * holds there; on a mismatch it only refuses, and the runner empties RUNNER_TEMP anyway.
 */
export function isDirectlyInside(child: string, parent: string, rules: PathRules = path): boolean {
  if (!rules.isAbsolute(child) || !rules.isAbsolute(parent)) return false
  // One name, not '' (the same directory) nor '..'; on another drive or share, relative()
  // answers with `child` itself, which has a separator.
  const relative = rules.relative(parent, child)
  return relative !== '' && relative !== '..' && !relative.includes(rules.sep)
}
