// Typechecks src/ with tsc, then bundles each entry point from source with ncc into dist/
// (ncc compiles with the project's TypeScript and honours tsconfig.json "paths").
// Run with the project's Node 24 (npm run build), so every machine builds the same dist/.
// Last, the build stamp (scripts/build-stamp.mjs): the dist tests check it to never run an old bundle.
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { STAMP_FILE, sourceStamp } from './build-stamp.mjs'

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])
for (const [entry, source] of [
  ['main', 'src/index.ts'],
  ['post', 'src/index-post.ts']
]) {
  run('npx', ['ncc', 'build', source, '-o', `dist/${entry}`, '--minify', '--license', 'licenses.txt', '--quiet'])
}
writeFileSync(STAMP_FILE, `${sourceStamp(process.cwd())}\n`)
