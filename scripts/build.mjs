// Compiles src/ with tsc, then bundles each entry point with ncc into dist/.
// Run with the project's Node 24 (npm run build), so every machine builds the same dist/.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' })

rmSync('lib', { recursive: true, force: true })
rmSync('dist', { recursive: true, force: true })
run('npx', ['tsc', '-p', 'tsconfig.json'])
for (const entry of ['main', 'post']) {
  run('npx', ['ncc', 'build', `lib/${entry}.js`, '-o', `dist/${entry}`, '--minify', '--license', 'licenses.txt', '--quiet'])
}
