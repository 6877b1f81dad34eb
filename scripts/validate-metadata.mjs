// Validates action.yml and .github/workflows/*.yml against the GitHub Actions JSON
// schemas that @action-validator/core ships (SchemaStore's). Run by .ci/run.
import { validateAction, validateWorkflow } from '@action-validator/core'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

let failed = false
function report(file, state) {
  if (state.errors.length === 0) {
    console.log(`ok   ${file}`)
    return
  }
  failed = true
  console.error(`FAIL ${file}`)
  for (const error of state.errors)
    console.error(`     ${error.path ?? ''} ${error.title}${error.detail ? `: ${error.detail}` : ''}`)
}

// The newest schema on the npm registry predates the node24 runtime (it stops at node20).
// Everything else in action.yml is validated as written; runs.using is checked on its own.
const action = readFileSync('action.yml', 'utf8')
const using = /^ {2}using: '(node\d+)'$/m.exec(action)?.[1]
if (using !== 'node24') {
  failed = true
  console.error(`FAIL action.yml: runs.using must be 'node24', found '${using}'`)
}
report('action.yml', validateAction(action.replace(/^ {2}using: 'node24'$/m, "  using: 'node20'")))

// The same schema predates the `attestations` permission (artifact attestations, used by the
// release workflow): each `attestations: read|write|none` line is checked here and left out of
// the schema validation; any other form of it fails.
const attestationsPermission = /^ +attestations: (?:read|write|none)(?: +#.*)?$/gm
const workflows = join('.github', 'workflows')
for (const name of readdirSync(workflows)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()) {
  const file = join(workflows, name)
  const workflow = readFileSync(file, 'utf8').replace(attestationsPermission, '')
  if (/^\s*attestations:/m.test(workflow)) {
    failed = true
    console.error(`FAIL ${file}: permissions.attestations must be read, write or none`)
  }
  report(file, validateWorkflow(workflow))
}
if (failed) process.exit(1)
