// Runs after vendor-token's post step (post steps run in reverse order) and fails the job if that
// step left the exported variable set, the token file in place, or any token directory in RUNNER_TEMP.
// Plain Node: the e2e jobs install no packages. Never prints a value, only names and paths.
import { existsSync, readdirSync } from 'node:fs'

const failures = []
const { VENDOR_TOKEN, E2E_TOKEN_FILE, RUNNER_TEMP } = process.env

if (VENDOR_TOKEN) failures.push('VENDOR_TOKEN still holds a value: the post step did not clear it.')
if (!E2E_TOKEN_FILE) failures.push('E2E_TOKEN_FILE is not set: the job did not say which token file to check.')
else if (existsSync(E2E_TOKEN_FILE)) failures.push(`The token file is still there: ${E2E_TOKEN_FILE}`)
const left = readdirSync(RUNNER_TEMP).filter((name) => name.startsWith('vendor-token-'))
if (left.length > 0) failures.push(`Token directories are left in RUNNER_TEMP: ${left.join(', ')}`)

for (const failure of failures) console.log(`::error::${failure}`)
if (failures.length === 0)
  console.log('The post step cleared VENDOR_TOKEN and deleted the token file and its directory.')
process.exitCode = failures.length > 0 ? 1 : 0
