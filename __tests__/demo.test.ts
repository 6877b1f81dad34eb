// `npm run demo` keeps working, and prints what a workflow would see without a secret in it.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs } from '../test-support/mock-vendors.mjs'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { VENDORS } from '../src/vendors/index.js'

describe('npm run demo', () => {
  it('runs main and post for every vendor and secretless leg with secrets masked', async () => {
    const legs = Object.entries(demoInputs('https://127.0.0.1'))
    // Every vendor has a leg (oauth2 has several: a client secret and each secretless mode).
    expect(new Set(legs.map(([, inputs]) => inputs.vendor))).toEqual(new Set(Object.keys(VENDORS)))
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs'])
    for (const [leg] of legs) expect(stdout).toContain(`== ${leg}: main exit 0, post exit 0`)
    expect(stdout.match(/outputs\.token {8}\*\*\*/g)).toHaveLength(legs.length)
    // oauth2 legs with a revoke-url, and crowdstrike, revoke at the mock.
    const revoking = legs.filter(([, inputs]) => 'revoke-url' in inputs || inputs.vendor === 'crowdstrike').length
    expect(stdout).toContain(`Revoked at the mock's revocation endpoints (oauth2, crowdstrike): ${revoking} token(s).`)
    expect(stdout).toContain('Revoked the token at 127.0.0.1:')
    expect(stdout).not.toMatch(/mock-(wiz|checkmarx)-refresh-|jfrog-refresh-/)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.clientSecret)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.refreshToken)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.checkmarxApiKey)
    expect(stdout).toContain('private-key=***')
    for (const line of CLIENT_KEYS.rsa.split('\n').slice(1, -2)) expect(stdout).not.toContain(line)
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })
})
