// `npm run demo` keeps working, and prints what a workflow would see without a secret in it.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs } from '../test-support/mock-vendors.mjs'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'

describe('npm run demo', () => {
  it('runs main and post for every vendor and secretless leg with secrets masked', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs'])
    const legs = Object.entries(demoInputs('https://mock'))
    for (const vendor of ['picus', 'securithings', 'appsec-plus', 'qualys', 'paloalto-saas', 'oauth2']) {
      expect(stdout).toContain(`== ${vendor}: main exit 0, post exit 0`)
    }
    for (const leg of ['oauth2-private-key-jwt', 'oauth2-github-oidc', 'oauth2-token-exchange', 'jfrog']) {
      expect(stdout).toContain(`== ${leg}: main exit 0, post exit 0`)
    }
    expect(stdout.match(/outputs\.token {8}\*\*\*/g)).toHaveLength(legs.length)
    const revoking = legs.filter(([, inputs]) => 'revoke-url' in inputs).length
    expect(stdout).toContain(`Revoked at the mock's RFC 7009 endpoint: ${revoking} token(s).`)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.clientSecret)
    expect(stdout).not.toContain(DEMO_CREDENTIALS.refreshToken)
    expect(stdout).toContain('private-key=***')
    for (const line of CLIENT_KEYS.rsa.split('\n').slice(1, -2)) expect(stdout).not.toContain(line)
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })
})
