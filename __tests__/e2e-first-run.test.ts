// The first run's mistakes, through the bundled dist/ as the runner runs it (README "Troubleshooting"),
// and the job-summary and ca-certificate inputs against the local HTTPS mock.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEMO_CREDENTIALS, demoInputs, startMockVendors } from '../test-support/mock-vendors.mjs'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { startProxy } from '../test-support/proxy.mjs'
import { createRunnerJob } from '../test-support/runner.mjs'

type Mock = Awaited<ReturnType<typeof startMockVendors>>
type Step = Awaited<ReturnType<ReturnType<typeof createRunnerJob>['run']>>
let mock: Mock
let inputs: ReturnType<typeof demoInputs>
let mockCa: string

beforeAll(async () => {
  mock = await startMockVendors()
  inputs = demoInputs(mock.url)
  mockCa = readFileSync(mock.caFile, 'utf8')
})
afterAll(() => mock.close())

const OTHER_CA = readFileSync('test-support/tls/other-ca/ca.pem', 'utf8')
const EMPTY_SECRET =
  'A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld ' +
  '(pull requests from forks and Dependabot runs get no secrets).'

/** One main step (and, with `post`, its post step); the job is always disposed. */
async function runMain(
  stepInputs: Record<string, string>,
  extraEnv: Record<string, string> = { NODE_EXTRA_CA_CERTS: mock.caFile },
  post = false
): Promise<{ main: Step; post?: Step }> {
  const job = createRunnerJob()
  try {
    const main = await job.run('main', { inputs: stepInputs, extraEnv })
    expect(main.stderr).toBe('')
    if (!post) return { main }
    const cleanup = await job.run('post', { inputs: stepInputs, state: main.state, env: { ...main.env, ...extraEnv } })
    return { main, post: cleanup }
  } finally {
    job.dispose()
  }
}

/** A step that must fail on its inputs: exit 1, one error line, and not one request sent. */
async function refusedBeforeAnyRequest(stepInputs: Record<string, string>): Promise<Step> {
  const requestsBefore = mock.stats.requests.length
  const { main } = await runMain(stepInputs)
  expect(main.exitCode).toBe(1)
  expect(mock.stats.requests.length).toBe(requestsBefore)
  expect(main.outputs).toEqual({})
  return main
}

/** A secret appears on stdout only in its own ::add-mask:: lines. */
function expectOnlyInMaskCommands(step: Step, secret: string): void {
  expect(step.masks).toContain(secret)
  const lines = step.stdout.split('\n').filter((line) => line.includes(secret))
  expect(lines.filter((line) => !line.startsWith('::add-mask::'))).toEqual([])
  expect(step.log).not.toContain(secret)
}

describe('dist: messages for the first run', () => {
  it('an empty secret says why a secret is empty', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.picus, 'refresh-token': '' })
    expect(main.error).toBe(`Input 'refresh-token': is required for vendor 'picus', and it is empty. ${EMPTY_SECRET}`)
  })

  it('a missing non-secret input gets an example value', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.lacework, tenant: '' })
    expect(main.error).toBe("Input 'tenant': is required for vendor 'lacework', e.g. tenant: acme.")
  })

  it('a vendor name a letter off gets "did you mean"', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.picus, vendor: 'picsu' })
    expect(main.error).toBe(
      "Input 'vendor': 'picsu' is not supported. Did you mean 'picus'? Choose one of: picus, securithings, " +
        'appsec-plus, qualys, paloalto-saas, crowdstrike, wiz, prisma-cloud, checkmarx-one, lacework, jfrog, entra-id, snyk, fortify-on-demand, black-duck, endor-labs, appscan, cycode, upwind, oauth2.'
    )
  })

  it('a region a letter off: "did you mean", in the case the vendor documents', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.crowdstrike, 'base-url': '', region: 'eu1' })
    expect(main.error).toBe(
      "Input 'region': 'eu1' is not a CrowdStrike Falcon region. Did you mean 'eu-1'? Use one of: us-1, us-2, " +
        'us-3, eu-1, us-gov-1, us-gov-2, or set base-url.'
    )
  })

  it('misspelled with: keys get a warning with the right name, and a secret near miss is masked first', async () => {
    const { 'client-secret': secret, ...withoutSecret } = inputs.crowdstrike
    const main = await refusedBeforeAnyRequest({ ...withoutSecret, client_secret: secret, regoin: 'us-2' })
    expect(main.warnings).toEqual([
      "'client_secret' is not an input of this action, so its value was not used; did you mean 'client-secret'? Rename it in the step's with:.",
      "'regoin' is not an input of this action, so its value was not used; did you mean 'region'? Rename it in the step's with:."
    ])
    expect(main.error).toBe(
      `Input 'client-secret': is required for vendor 'crowdstrike', and it is empty. ${EMPTY_SECRET}`
    )
    expect(secret).toBe(DEMO_CREDENTIALS.clientSecret)
    expectOnlyInMaskCommands(main, secret)
    expect(main.stdout.indexOf(`::add-mask::${secret}`)).toBeLessThan(main.stdout.indexOf('::warning::'))
  })

  it('private-key with the default auth-method points at auth-method: private_key_jwt', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.oauth2, 'private-key': CLIENT_KEYS.ec })
    expect(main.error).toBe(
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key (then " +
        'client-secret is not needed: remove it). A private key signs only with private_key_jwt; auth-method is ' +
        'client_secret_basic, the default. Or remove private-key.'
    )
  })

  it.each([
    [
      'literal \\n sequences',
      (pem: string) => pem.trim().replace(/\n/g, '\\n'),
      "holds literal \\n sequences where the PEM's line breaks should be (an escaped copy)."
    ],
    [
      'spaces where the line breaks were',
      (pem: string) => pem.trim().replace(/\n/g, ' '),
      "has spaces where the PEM's line breaks should be (a copy that joined its lines)."
    ]
  ])('a PEM key pasted with %s is named, with how to store a key in a secret', async (_name, mangle, problem) => {
    const key = mangle(CLIENT_KEYS.rsa)
    const main = await refusedBeforeAnyRequest({ ...inputs['oauth2-private-key-jwt'], 'private-key': key })
    expect(main.error).toBe(
      `Input 'private-key': ${problem} Store the PEM file as it is, line breaks included: \`gh secret set NAME < key.pem\`.`
    )
    expectOnlyInMaskCommands(main, key)
  })

  it('a refusal names the method, host and path tried: a base-url with the API path shows it doubled', async () => {
    const { main } = await runMain({ ...inputs.picus, 'base-url': `${mock.url}/picus/v1` })
    expect(main.exitCode).toBe(1)
    expect(main.error).toBe(
      `Picus refused the token request (POST 127.0.0.1:${mock.port}/picus/v1/v1/auth/token): HTTP 404 (not found). ` +
        'The token endpoint was not found: check base-url.'
    )
  })

  it("logs the token's SHA-256 prefix, and job-summary: false writes no summary", async () => {
    const { main } = await runMain(inputs.picus)
    const token = main.outputs.token
    const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 12)
    expect(main.log).toMatch(
      new RegExp(
        `^Obtained a Bearer token from Picus \\(expires at [\\dT:-]+Z; token SHA-256 ${fingerprint}\\); exported as PICUS_ACCESS_TOKEN\\.$`,
        'm'
      )
    )
    expect(main.summary).toContain(`<tr><td>Token SHA-256</td><td>${fingerprint}...</td></tr>`)

    const { main: quiet } = await runMain({ ...inputs.picus, 'job-summary': 'false' })
    expect(quiet.exitCode).toBe(0)
    expect(quiet.outputs.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(quiet.summary).toBe('')
  })
})

describe('dist: ca-certificate, in a process that trusts nothing else (no NODE_EXTRA_CA_CERTS)', () => {
  it('without it, the untrusted certificate error names ca-certificate', async () => {
    const { main } = await runMain(inputs.picus, {})
    expect(main.error).toMatch(
      /^The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(\w+\)\. For a private CA \(an on-premises server, a TLS-inspecting proxy\), pass its PEM certificate in ca-certificate, or point NODE_EXTRA_CA_CERTS at its PEM file\.$/
    )
  })

  it("with the mock's CA, main gets the token and post revokes it", async () => {
    const { main, post } = await runMain({ ...inputs.oauth2, 'ca-certificate': mockCa }, {}, true)
    expect(main.error).toBe('')
    expect(main.exitCode).toBe(0)
    expect(post?.exitCode).toBe(0)
    expect(post?.log).toContain(`Revoked the token at 127.0.0.1:${mock.port}.`)
    expect(mock.stats.revoked).toContain(main.outputs.token)
  })

  it('a bundle of two certificates: one that does not apply and the one that does', async () => {
    const { main } = await runMain({ ...inputs.picus, 'ca-certificate': `${OTHER_CA}\n${mockCa}` }, {})
    expect(main.error).toBe('')
    expect(main.exitCode).toBe(0)
  })

  it('adds to NODE_EXTRA_CA_CERTS rather than replacing it', async () => {
    const { main } = await runMain(
      { ...inputs.picus, 'ca-certificate': OTHER_CA },
      { NODE_EXTRA_CA_CERTS: mock.caFile }
    )
    expect(main.error).toBe('')
    expect(main.exitCode).toBe(0)
  })

  it("is trusted for an https:// proxy's own TLS and for the tunnel through it", async () => {
    const proxy = await startProxy({ tls: true })
    try {
      const vendorInputs = demoInputs(`https://api.vendor.test:${mock.port}`).picus
      const { main } = await runMain({ ...vendorInputs, 'ca-certificate': mockCa }, { https_proxy: proxy.url })
      expect(main.error).toBe('')
      expect(main.exitCode).toBe(0)
      expect(proxy.stats.targets).toEqual([`api.vendor.test:${mock.port}`])

      const { main: untrusted } = await runMain(vendorInputs, { https_proxy: proxy.url })
      expect(untrusted.error).toBe(
        `The TLS certificate of the proxy ${proxy.url.replace('https://', '')} is not trusted (SELF_SIGNED_CERT_IN_CHAIN). ` +
          'For a private CA (an on-premises server, a TLS-inspecting proxy), pass its PEM certificate in ca-certificate, ' +
          'or point NODE_EXTRA_CA_CERTS at its PEM file.'
      )
    } finally {
      await proxy.close()
    }
  })

  it('refuses a private key pasted there without echoing it, and masks it', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.picus, 'ca-certificate': `${mockCa}${CLIENT_KEYS.ec}` })
    expect(main.error).toBe(
      "Input 'ca-certificate': holds a private key: pass only the CA certificate(s), from -----BEGIN CERTIFICATE----- " +
        'to the END line. The key was masked in this log; if it was stored in a variable rather than a secret, treat it as exposed.'
    )
    for (const line of CLIENT_KEYS.ec.split('\n').filter((text) => text && !text.startsWith('-----'))) {
      expectOnlyInMaskCommands(main, line)
    }
  })

  it('refuses text that is not a certificate, naming the input', async () => {
    const main = await refusedBeforeAnyRequest({ ...inputs.picus, 'ca-certificate': 'corporate-root-ca' })
    expect(main.error).toBe(
      "Input 'ca-certificate': holds no PEM certificate: pass the CA certificate(s), each from -----BEGIN CERTIFICATE----- to its END line."
    )
  })
})
