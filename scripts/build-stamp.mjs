// The build stamp: a hash of everything the bundle is built from. `npm run build` writes it into
// dist/, and whatever runs dist/ for a test (test-support/runner.mjs) compares it with the source
// first, so that no test runs a bundle older than the source. Content, not modification times:
// on a fresh clone every file's mtime is its checkout time.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const STAMP_FILE = join('dist', 'source-sha256.txt')
// What the bundle is built from besides src/: the compiler options and the build itself. Not package-lock.json:
// most dependency updates change no byte of dist/, and CI rebuilds dist/ and compares it on every change anyway.
const BUILD_INPUTS = ['tsconfig.json', 'scripts/build.mjs']

/**
 * SHA-256 over the path and LF-normalised content of every build input, in a fixed order.
 * @param {string} root the project directory
 */
export function sourceStamp(root) {
  const sources = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(root.length + 1)
        .replaceAll('\\', '/')
    )
  const hash = createHash('sha256')
  for (const path of [...sources.sort(), ...BUILD_INPUTS]) {
    hash.update(`${path}\0${readFileSync(join(root, path), 'utf8').replaceAll('\r\n', '\n')}\0`)
  }
  return hash.digest('hex')
}

/**
 * Why dist/ is not the build of the source in `root`, or undefined when it is.
 * @param {string} root
 */
export function staleBundleProblem(root) {
  const stampFile = join(root, STAMP_FILE)
  if (!existsSync(stampFile)) return `${STAMP_FILE} is missing, so dist/ may be older than src/.`
  if (readFileSync(stampFile, 'utf8').trim() !== sourceStamp(root)) {
    return 'dist/ was built from other sources than those in src/ (or tsconfig.json, scripts/build.mjs).'
  }
  return undefined
}
