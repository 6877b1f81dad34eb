// `npm run demo` keeps working, and prints what a workflow would see without a secret in it.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs } from '../test-support/mock-vendors.mjs'
import { VENDORS } from '../src/vendors/index.js'

describe('npm run demo', () => {
  it('runs main and post for every vendor with secrets masked', async () => {
    const vendors = Object.keys(demoInputs('https://127.0.0.1'))
    expect(vendors.sort()).toEqual(Object.keys(VENDORS).sort())
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs'])
    for (const vendor of vendors) {
      expect(stdout).toContain(`== ${vendor}: main exit 0, post exit 0`)
    }
    expect(stdout.match(/outputs\.token {8}\*\*\*/g)).toHaveLength(vendors.length)
    expect(stdout).toContain("Revoked at the mock's revocation endpoints (oauth2, crowdstrike): 2 token(s).")
    expect(stdout).toContain('Revoked the token at 127.0.0.1:')
    expect(stdout).not.toMatch(/mock-(wiz|checkmarx)-refresh-/)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.clientSecret)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.refreshToken)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.checkmarxApiKey)
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })
})
