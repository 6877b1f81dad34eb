// Typechecks src/ with tsc, then bundles each entry point from source with ncc into dist/
// (ncc compiles with the project's TypeScript and honours tsconfig.json "paths").
// Run with the project's Node 24 (npm run build), so every machine builds the same dist/.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])
for (const [entry, source] of [
  ['main', 'src/index.ts'],
  ['post', 'src/index-post.ts']
]) {
  run('npx', ['ncc', 'build', source, '-o', `dist/${entry}`, '--minify', '--license', 'licenses.txt', '--quiet'])
}
