// The mistakes of a first run, each with the message that fixes it (README "Troubleshooting").
import nock from 'nock'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ACTION_INPUTS } from '../src/action-inputs.js'
import { requestTarget } from '../src/exchange.js'
import { INPUT_EXAMPLES, endpointInputs } from '../src/inputs.js'
import { SECRET_INPUTS } from '../src/masking.js'
import { editDistance, nearMiss } from '../src/near-miss.js'
import { VENDORS } from '../src/vendors/index.js'
import type { VendorInput } from '../src/vendors/types.js'
import { CLIENT_KEYS } from '../test-support/oidc.mjs'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const EMPTY_SECRET =
  'A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld ' +
  '(pull requests from forks and Dependabot runs get no secrets).'
const OTHER_CA = readFileSync('test-support/tls/other-ca/ca.pem', 'utf8')
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Runs main with inputs that fail before any request; fails the test if one is sent. */
async function refusedBeforeAnyRequest(inputs: Record<string, string>) {
  const result = await job.main(inputs)
  expectNoUnexpectedRequest()
  expect(result.failed).toBe(true)
  return result
}

describe('near misses', () => {
  it.each([
    ['region', 'region', 0],
    ['regoin', 'region', 1],
    ['client_secret', 'client-secret', 1],
    ['crowdstrik', 'crowdstrike', 1],
    ['us-l', 'us-1', 1],
    ['jfrg', 'jfrog', 1],
    ['ab', 'ba', 1],
    ['abc', 'ca', 3],
    ['', 'wiz', 3]
  ])('editDistance(%s, %s) is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })

  it.each([
    ['crowdstrik', Object.keys(VENDORS), 'crowdstrike'],
    // The first part of a hyphenated name is a near miss of the name.
    ['checkmarx', Object.keys(VENDORS), 'checkmarx-one'],
    ['paloalto', Object.keys(VENDORS), 'paloalto-saas'],
    ['prisma', Object.keys(VENDORS), 'prisma-cloud'],
    ['client', ACTION_INPUTS, undefined],
    ['oauth', Object.keys(VENDORS), 'oauth2'],
    ['JFROG', Object.keys(VENDORS), 'jfrog'],
    ['okta', Object.keys(VENDORS), undefined],
    // Short names are allowed one edit only: 'eu' is not 'us'.
    ['us', ['eu', 'apac'], undefined],
    ['ue', ['eu', 'apac'], 'eu'],
    ['ue', ['eu', 'us'], undefined],
    // Equally near to two: no guess.
    ['us5', ['US1', 'US2'], undefined],
    ['client_secret', ACTION_INPUTS, 'client-secret'],
    ['regoin', ACTION_INPUTS, 'region'],
    ['token_url', ACTION_INPUTS, 'token-url'],
    ['secret', ACTION_INPUTS, undefined]
  ])('nearMiss(%s) is %s', (typed, choices, meant) => {
    expect(nearMiss(typed, choices)).toBe(meant)
  })

  it('a long value is no near miss, and costs nothing to rule out', () => {
    const started = Date.now()
    expect(nearMiss('crowdstrike'.repeat(10_000), Object.keys(VENDORS))).toBeUndefined()
    expect(Date.now() - started).toBeLessThan(100)
  })

  it('a vendor a letter off: did you mean', async () => {
    const result = await refusedBeforeAnyRequest({ vendor: 'crowdstrik' })
    expect(result.error).toBe(
      "Input 'vendor': 'crowdstrik' is not supported. Did you mean 'crowdstrike'? Choose one of: picus, securithings, " +
        'appsec-plus, qualys, paloalto-saas, crowdstrike, wiz, prisma-cloud, checkmarx-one, lacework, jfrog, entra-id, snyk, fortify-on-demand, black-duck, endor-labs, appscan, cycode, upwind, oauth2.'
    )
  })

  it.each([
    [
      'crowdstrike',
      'US-GOV1',
      "Input 'region': 'US-GOV1' is not a CrowdStrike Falcon region. Did you mean 'us-gov-1'? Use one of: us-1, us-2, us-3, eu-1, us-gov-1, us-gov-2, or set base-url."
    ],
    [
      'qualys',
      'eu-1',
      "Input 'region': 'eu-1' is not a Qualys region. Did you mean 'EU1'? Use one of: US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1, or set base-url."
    ],
    [
      'paloalto-saas',
      'apc',
      "Input 'region': 'apc' is not a Palo Alto Networks Data Security (SaaS Security) region. Did you mean 'apac'? Use one of: us, eu, apac, uk, in1, au1, uk2, jp1, or set base-url."
    ],
    [
      'wiz',
      'eu',
      "Input 'region': 'eu' is not a Wiz region. Use one of: commercial, fedramp, commercial-govcloud, or set base-url."
    ]
  ])('%s region %s: named as documented, with a guess when one is near', async (vendor, region, message) => {
    const result = await refusedBeforeAnyRequest({ vendor, region, 'client-id': 'i', 'client-secret': 's' })
    expect(result.error).toBe(message)
  })
})

describe('misspelled with: keys', () => {
  it('warns with the right name, masks the value of a secret input near miss, and never prints it', async () => {
    const secret = 'value-of-a-misspelled-secret-7f3a'
    const result = await refusedBeforeAnyRequest({
      vendor: 'crowdstrike',
      regoin: 'us-2',
      'client-id': 'i',
      client_secret: secret,
      'unrelated-key': 'x'
    })
    expect(result.warnings).toEqual([
      "'client_secret' is not an input of this action, so its value was not used; did you mean 'client-secret'? Rename it in the step's with:.",
      "'regoin' is not an input of this action, so its value was not used; did you mean 'region'? Rename it in the step's with:."
    ])
    expect(result.error).toBe(
      `Input 'client-secret': is required for vendor 'crowdstrike', and it is empty. ${EMPTY_SECRET}`
    )
    expectOnlyMasked(result, [secret])
    // The near miss of a non-secret input is not a secret: its value is neither printed nor masked.
    expect(result.masks).not.toContain('us-2')
    expect(result.stdout).not.toContain('us-2')
  })

  it('says nothing about keys that are ours', async () => {
    nock('https://api.picussecurity.com')
      .post('/v1/auth/token')
      .reply(200, { token: 't', expire_at: Date.now() + 60_000 })
    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'job-summary': 'true' })
    expect(result.error).toBe('')
    expect(result.warnings).toEqual([])
  })
})

describe('missing inputs', () => {
  /** For each secret input, inputs of a vendor that requires it, with that secret empty, and the vendor. */
  const EMPTY_SECRET_CASES: Record<string, [Record<string, string>, string]> = {
    'client-secret': [{ vendor: 'appsec-plus', 'client-id': 'i', 'client-secret': '' }, "vendor 'appsec-plus'"],
    'refresh-token': [{ vendor: 'picus', 'refresh-token': '' }, "vendor 'picus'"],
    'api-token': [
      { vendor: 'black-duck', 'base-url': 'https://blackduck.example.com', 'api-token': '' },
      "vendor 'black-duck'"
    ],
    'private-key': [
      {
        vendor: 'oauth2',
        'token-url': 'https://idp.example.com/token',
        'client-id': 'i',
        'auth-method': 'private_key_jwt',
        'private-key': ''
      },
      "vendor 'oauth2' with auth-method 'private_key_jwt'"
    ]
  }

  it.each([...SECRET_INPUTS])('an empty %s says why a secret is empty', async (name) => {
    // Every secret input needs a row here: one added later gets the same message, and this test.
    expect(Object.keys(EMPTY_SECRET_CASES)).toContain(name)
    const [inputs, requiredFor] = EMPTY_SECRET_CASES[name]
    const result = await refusedBeforeAnyRequest(inputs)
    expect(result.error).toBe(`Input '${name}': is required for ${requiredFor}, and it is empty. ${EMPTY_SECRET}`)
  })

  /** Every input that some vendor requires, always or with another input's value, that is not a secret. */
  const requiredNonSecret = [
    ...new Set(
      Object.values(VENDORS).flatMap((vendor) => [
        ...vendor.required,
        ...(Object.keys(vendor.requiredWhen ?? {}) as VendorInput[])
      ])
    )
  ]
    .filter((name) => !SECRET_INPUTS.includes(name))
    .sort()

  it('every required input that is not a secret has an example', () => {
    expect(requiredNonSecret).toEqual(Object.keys(INPUT_EXAMPLES).sort())
  })

  const EXAMPLE_CASES: Record<string, [Record<string, string>, string]> = {
    'client-id': [
      { vendor: 'oauth2', 'token-url': 'https://idp.example.com/token', 'client-secret': 's' },
      "Input 'client-id': is required for vendor 'oauth2' with auth-method 'client_secret_basic', e.g. client-id: 0oa1b2c3d4e5f6g7h8."
    ],
    organization: [
      { vendor: 'securithings', 'client-id': 'i', 'client-secret': 's' },
      "Input 'organization': is required for vendor 'securithings', e.g. organization: acme."
    ],
    tenant: [
      { vendor: 'lacework', 'client-id': 'i', 'client-secret': 's' },
      "Input 'tenant': is required for vendor 'lacework', e.g. tenant: acme."
    ],
    'token-url': [
      { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's' },
      "Input 'token-url': is required for vendor 'oauth2', e.g. token-url: https://idp.example.com/oauth2/token."
    ],
    'oidc-provider': [
      { vendor: 'jfrog', 'base-url': 'https://acme.jfrog.io' },
      "Input 'oidc-provider': is required for vendor 'jfrog', e.g. oidc-provider: github-actions."
    ],
    scope: [
      {
        vendor: 'entra-id',
        tenant: 'contoso.onmicrosoft.com',
        'client-id': 'i',
        'client-secret': 's'
      },
      "Input 'scope': is required for vendor 'entra-id', e.g. scope: https://api.securitycenter.microsoft.com/.default " +
        '(Defender for Endpoint), https://api.security.microsoft.com/.default (Defender XDR) or ' +
        'https://graph.microsoft.com/.default (Microsoft Graph).'
    ],
    'oidc-audience': [
      {
        vendor: 'oauth2',
        'token-url': 'https://idp.example.com/token',
        'client-id': 'i',
        'auth-method': 'github-oidc'
      },
      "Input 'oidc-audience': is required for vendor 'oauth2' with auth-method 'github-oidc', e.g. oidc-audience: api://AzureADTokenExchange."
    ],
    'key-id': [
      { vendor: 'snyk', 'client-id': 'i', 'auth-method': 'private_key_jwt', 'private-key': CLIENT_KEYS.rsa },
      "Input 'key-id': is required for vendor 'snyk' with auth-method 'private_key_jwt', e.g. key-id: signing-key-1."
    ]
  }

  it.each(requiredNonSecret)('a missing %s gets an example value, never "from a secret"', async (name) => {
    expect(Object.keys(EXAMPLE_CASES)).toContain(name)
    const [inputs, message] = EXAMPLE_CASES[name]
    const result = await refusedBeforeAnyRequest(inputs)
    expect(result.error).toBe(message)
    expect(result.error).not.toMatch(/secret\b/i)
  })
})

describe('private-key with the default auth-method', () => {
  const oauth2 = { vendor: 'oauth2', 'token-url': 'https://idp.example.com/token', 'client-id': 'i' }

  it('points at auth-method: private_key_jwt, not at a missing client-secret', async () => {
    const result = await refusedBeforeAnyRequest({ ...oauth2, 'private-key': CLIENT_KEYS.rsa })
    expect(result.error).toBe(
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key. A private key " +
        'signs only with private_key_jwt; auth-method is client_secret_basic, the default. Or remove private-key.'
    )
  })

  it('with a client-secret too, says the secret is then not needed', async () => {
    const result = await refusedBeforeAnyRequest({ ...oauth2, 'client-secret': 's', 'private-key': CLIENT_KEYS.rsa })
    expect(result.error).toBe(
      "Inputs 'private-key' and 'auth-method': set auth-method: private_key_jwt to sign with private-key (then " +
        'client-secret is not needed: remove it). A private key signs only with private_key_jwt; auth-method is ' +
        'client_secret_basic, the default. Or remove private-key.'
    )
  })
})

describe('refusals show where they went', () => {
  it.each([
    [{ url: 'https://api.example.com/v1/auth/token', method: 'POST' as const }, 'POST api.example.com/v1/auth/token'],
    [{ url: 'https://idp.example.com:8443/realms/acme/token' }, 'POST idp.example.com:8443/realms/acme/token'],
    [
      { url: 'https://user:password@token.example/idtoken?api-version=2.0&audience=x#frag', method: 'GET' as const },
      'GET token.example/idtoken'
    ],
    [{ url: 'https://[2001:db8::1]:8443/a%20b' }, 'POST [2001:db8::1]:8443/a%20b']
  ])('requestTarget(%o) is %s: never a query, user info or fragment', (request, target) => {
    expect(requestTarget({ ...request, headers: {}, body: '', derivedSecrets: [] })).toBe(target)
  })

  it('a 404 names the doubled path of a base-url that already had the API path', async () => {
    const endpoint = nock('https://picus.example.com').post('/v1/v1/auth/token').reply(404, { message: 'not found' })
    const result = await job.main({ vendor: 'picus', 'refresh-token': 'r', 'base-url': 'https://picus.example.com/v1' })
    endpoint.done()
    expect(result.error).toBe(
      'Picus refused the token request (POST picus.example.com/v1/v1/auth/token): HTTP 404 (not found). ' +
        'The token endpoint was not found: check base-url.'
    )
  })

  it('an unresolvable host names only the inputs this vendor has', async () => {
    nock('https://idp.example.com')
      .post('/token')
      .replyWithError(Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }))
    const result = await job.main({
      vendor: 'oauth2',
      'token-url': 'https://idp.example.com/token',
      'client-id': 'i',
      'client-secret': 's'
    })
    expect(result.error).toBe('Cannot resolve idp.example.com (ENOTFOUND). Check token-url.')
  })

  // The shared 404 hint names only the inputs that choose where this vendor's request goes.
  it.each([
    ['picus', 'base-url'],
    ['securithings', 'base-url'],
    ['appsec-plus', 'base-url'],
    ['qualys', 'base-url or region'],
    ['paloalto-saas', 'base-url or region'],
    ['crowdstrike', 'base-url or region'],
    ['wiz', 'base-url or region'],
    ['prisma-cloud', 'base-url or region'],
    ['checkmarx-one', 'base-url or region'],
    ['lacework', 'base-url'],
    ['jfrog', 'base-url'],
    ['oauth2', 'token-url']
  ])('%s: check %s', (vendor, inputs) => {
    expect(endpointInputs(VENDORS[vendor])).toBe(inputs)
  })
})

describe('token fingerprint and job summary', () => {
  const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJmcCJ9.c2ln'
  const picus = { vendor: 'picus', 'refresh-token': 'picus-refresh-token' }
  const answer = () =>
    nock('https://api.picussecurity.com')
      .post('/v1/auth/token')
      .reply(200, { token, expire_at: Date.parse('2030-01-01T00:00:00Z') })

  it("logs the first 12 hex characters of the token's SHA-256, and shows them in the summary", async () => {
    answer()
    const result = await job.main(picus)
    const fingerprint = sha256(token).slice(0, 12)
    expect(fingerprint).toBe('df48fe5b756f')
    expect(result.log).toContain(
      `Obtained a Bearer token from Picus (expires at 2030-01-01T00:00:00Z; token SHA-256 ${fingerprint}); exported as PICUS_ACCESS_TOKEN.`
    )
    expect(result.summary).toContain(`<tr><td>Token SHA-256</td><td>${fingerprint}...</td></tr>`)
    expect(result.summary).not.toContain(token)
    expect(result.summary).not.toContain(sha256(token))
  })

  it('job-summary: false writes no summary', async () => {
    answer()
    const result = await job.main({ ...picus, 'job-summary': 'false' })
    expect(result.error).toBe('')
    expect(result.outputs.token).toBe(token)
    expect(result.summary).toBe('')
  })

  it('job-summary must be a boolean', async () => {
    const result = await refusedBeforeAnyRequest({ ...picus, 'job-summary': 'sometimes' })
    expect(result.error).toBe("Input 'job-summary': 'sometimes' is not a boolean. Use true or false.")
  })
})

describe('ca-certificate', () => {
  const picus = { vendor: 'picus', 'refresh-token': 'r' }
  const [firstLine, ...rest] = OTHER_CA.trim().split('\n')
  const body = rest.slice(0, -1)
  const lastLine = rest.at(-1) ?? ''

  it.each([
    [
      'text that is no PEM',
      'corporate-ca',
      'holds no PEM certificate: pass the CA certificate(s), each from -----BEGIN CERTIFICATE----- to its END line.'
    ],
    [
      'a broken second certificate',
      `${OTHER_CA}${firstLine}\n${body.join('\n').replace(/[A-Za-z]/g, 'A')}\n${lastLine}\n`,
      'certificate 2 of 2 is not a valid X.509 certificate; copy it again, from its BEGIN line to its END line.'
    ],
    [
      'literal \\n sequences',
      OTHER_CA.trim().replace(/\n/g, '\\n'),
      "holds literal \\n sequences where the PEM's line breaks should be (an escaped copy). Store the PEM file as it " +
        'is, line breaks included: `gh secret set NAME < ca.pem` or `gh variable set NAME < ca.pem`.'
    ],
    [
      'spaces where the line breaks were',
      `${firstLine} ${body.join(' ')} ${lastLine}`,
      "has spaces where the PEM's line breaks should be (a copy that joined its lines). Store the PEM file as it " +
        'is, line breaks included: `gh secret set NAME < ca.pem` or `gh variable set NAME < ca.pem`.'
    ]
  ])('%s is refused before any request, naming the input', async (_name, value, problem) => {
    const result = await refusedBeforeAnyRequest({ ...picus, 'ca-certificate': value })
    expect(result.error).toBe(`Input 'ca-certificate': ${problem}`)
  })

  it('a private key pasted there is refused without echo, and masked line by line', async () => {
    const result = await refusedBeforeAnyRequest({ ...picus, 'ca-certificate': `${OTHER_CA}${CLIENT_KEYS.ec}` })
    expect(result.error).toBe(
      "Input 'ca-certificate': holds a private key: pass only the CA certificate(s), from -----BEGIN CERTIFICATE----- " +
        'to the END line. The key was masked in this log; if it was stored in a variable rather than a secret, treat it as exposed.'
    )
    const keyLines = CLIENT_KEYS.ec.split('\n').filter((line) => line && !line.startsWith('-----'))
    expectOnlyMasked(result, keyLines)
  })

  describe('against a server certified by a CA nothing else trusts', () => {
    let server: Server
    let url: string
    beforeAll(async () => {
      // Real TLS: nock must not intercept these requests.
      nock.restore()
      server = createServer(
        {
          key: readFileSync('test-support/tls/other-ca/server.key'),
          cert: readFileSync('test-support/tls/other-ca/server.pem')
        },
        (request, response) => {
          request.resume()
          request.on('end', () => {
            response.setHeader('content-type', 'application/json')
            response.end(JSON.stringify({ token: 'other-ca-token', expire_at: Date.now() + 60_000 }))
          })
        }
      )
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      nock.activate()
      await new Promise((resolve) => server.close(resolve))
    })

    it('is not trusted without ca-certificate, and the error names it', async () => {
      const result = await job.main({ ...picus, 'base-url': url })
      expect(result.error).toMatch(
        /^The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. For a private CA \(an on-premises server, a TLS-inspecting proxy\), pass its PEM certificate in ca-certificate, or point NODE_EXTRA_CA_CERTS at its PEM file\.$/
      )
    })

    it('is trusted with ca-certificate', async () => {
      const result = await job.main({ ...picus, 'base-url': url, 'ca-certificate': OTHER_CA })
      expect(result.error).toBe('')
      expect(result.outputs.token).toBe('other-ca-token')
    })
  })
})
