// Bad input fails before any network call, with an error that names the input.
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createJob, expectOnlyMasked, type Job } from './support/action.js'
import { expectNoUnexpectedRequest } from './support/requests.js'

let job: Job
beforeEach(() => {
  job = createJob()
})
afterEach(() => job.dispose())

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'missing vendor',
    {},
    "Input 'vendor': is required. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, crowdstrike, wiz, prisma-cloud, checkmarx-one, lacework, jfrog, entra-id, snyk, fortify-on-demand, black-duck, endor-labs, appscan, cycode, upwind, oauth2."
  ],
  [
    'unknown vendor',
    { vendor: 'okta' },
    "Input 'vendor': 'okta' is not supported. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, crowdstrike, wiz, prisma-cloud, checkmarx-one, lacework, jfrog, entra-id, snyk, fortify-on-demand, black-duck, endor-labs, appscan, cycode, upwind, oauth2."
  ],
  [
    'a vendor name that is an Object member',
    { vendor: 'constructor' },
    "Input 'vendor': 'constructor' is not supported. Choose one of: picus, securithings, appsec-plus, qualys, paloalto-saas, crowdstrike, wiz, prisma-cloud, checkmarx-one, lacework, jfrog, entra-id, snyk, fortify-on-demand, black-duck, endor-labs, appscan, cycode, upwind, oauth2."
  ],
  [
    'a region name that is an Object member',
    { vendor: 'qualys', region: '__proto__', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': '__proto__' is not a Qualys region. Use one of: US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1, or set base-url."
  ],
  [
    'picus without refresh-token',
    { vendor: 'picus' },
    "Input 'refresh-token': is required for vendor 'picus', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'securithings without organization',
    { vendor: 'securithings', 'client-id': 'i', 'client-secret': 's' },
    "Input 'organization': is required for vendor 'securithings', e.g. organization: acme."
  ],
  [
    'appsec-plus without client-secret',
    { vendor: 'appsec-plus', 'client-id': 'i' },
    "Input 'client-secret': is required for vendor 'appsec-plus', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'qualys without region or base-url',
    { vendor: 'qualys', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': or 'base-url' is required for vendor 'qualys'. Set region to your platform (US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1) or base-url to its API gateway URL."
  ],
  [
    'qualys unknown region',
    { vendor: 'qualys', region: 'mars1', 'client-id': 'i', 'client-secret': 's' },
    "Input 'region': 'mars1' is not a Qualys region. Use one of: US1, US2, US3, US4, EU1, EU2, EU3, IN1, CA1, AE1, UK1, AU1, KSA1, or set base-url."
  ],
  [
    'qualys bad client-type',
    { vendor: 'qualys', region: 'us1', 'client-type': 'admin', 'client-id': 'i', 'client-secret': 's' },
    "Input 'client-type': 'admin' is not valid for vendor 'qualys'. Use one of: subscription, user."
  ],
  [
    'oauth2 without token-url',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's' },
    "Input 'token-url': is required for vendor 'oauth2', e.g. token-url: https://idp.example.com/oauth2/token."
  ],
  [
    'oauth2 plain http token-url',
    { vendor: 'oauth2', 'client-id': 'i', 'client-secret': 's', 'token-url': 'http://idp.example.com/token' },
    "Input 'token-url': must use https:// (got http://); plain http is only allowed to a loopback address."
  ],
  [
    'oauth2 bad auth-method',
    {
      vendor: 'oauth2',
      'client-id': 'i',
      'client-secret': 's',
      'token-url': 'https://idp.example.com/t',
      'auth-method': 'client_secret_jwt'
    },
    "Input 'auth-method': 'client_secret_jwt' is not valid for vendor 'oauth2'. Use one of: client_secret_basic, client_secret_post, private_key_jwt, github-oidc, none."
  ],
  [
    'oauth2 revoke-url that is not a URL',
    {
      vendor: 'oauth2',
      'client-id': 'i',
      'client-secret': 's',
      'token-url': 'https://idp.example.com/t',
      'revoke-url': 'revoke'
    },
    "Input 'revoke-url': is not a valid URL. Use a full https:// URL."
  ],
  [
    'base-url with credentials',
    { vendor: 'picus', 'refresh-token': 'r', 'base-url': 'https://user:pw@api.picussecurity.com' },
    "Input 'base-url': must not contain credentials; pass them in client-id and client-secret."
  ],
  [
    'env-var that is not a name',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'MY-TOKEN' },
    "Input 'env-var': 'MY-TOKEN' is not a valid variable name (letters, digits and _, not starting with a digit)."
  ],
  [
    'env-var NODE_OPTIONS',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'NODE_OPTIONS' },
    "Input 'env-var': 'NODE_OPTIONS' is reserved: NODE_* (Node.js reads options, module paths and CA certificates from these). Choose another name, e.g. PICUS_ACCESS_TOKEN."
  ],
  [
    'env-var owned by the runner',
    { vendor: 'picus', 'refresh-token': 'r', 'env-var': 'GITHUB_TOKEN' },
    "Input 'env-var': 'GITHUB_TOKEN' is reserved: GITHUB_* (the runner sets these for every step). Choose another name, e.g. PICUS_ACCESS_TOKEN."
  ],
  [
    'timeout-seconds not a number',
    { vendor: 'picus', 'refresh-token': 'r', 'timeout-seconds': '30s' },
    "Input 'timeout-seconds': '30s' is not a whole number from 1 to 600."
  ],
  [
    'max-attempts out of range',
    { vendor: 'picus', 'refresh-token': 'r', 'max-attempts': '0' },
    "Input 'max-attempts': '0' is not a whole number from 1 to 10."
  ],
  [
    'export-env not a boolean',
    { vendor: 'picus', 'refresh-token': 'r', 'export-env': 'sometimes' },
    "Input 'export-env': 'sometimes' is not a boolean. Use true or false."
  ],
  [
    'a credential with a line break',
    { vendor: 'appsec-plus', 'client-id': 'id\nInjected: header', 'client-secret': 's' },
    "Input 'client-id': contains a line break or control character; copy the value again without it."
  ],
  [
    'checkmarx-one without tenant',
    { vendor: 'checkmarx-one', region: 'us', 'refresh-token': 'k' },
    "Input 'tenant': is required for vendor 'checkmarx-one': the API key in refresh-token does not name its realm (its aud claim). Set tenant to your tenant account name, and region or base-url to your account's region (US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE)."
  ],
  [
    'checkmarx-one without region or base-url',
    { vendor: 'checkmarx-one', tenant: 'acme', 'refresh-token': 'k' },
    "Input 'region': or 'base-url' is required for vendor 'checkmarx-one': the API key in refresh-token does not name its IAM host. Set region to your account's region (US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE) or base-url to your IAM URL."
  ],
  [
    'checkmarx-one unknown region',
    { vendor: 'checkmarx-one', region: 'us3', tenant: 'acme', 'refresh-token': 'k' },
    "Input 'region': 'us3' is not a Checkmarx One region. Use one of: US, US2, EU, EU2, DEU, ANZ, IND, SNG, UAE, or set base-url."
  ],
  [
    'checkmarx-one with neither an API key nor a client',
    { vendor: 'checkmarx-one', region: 'eu', tenant: 'acme' },
    "Input 'refresh-token': or 'client-id' and 'client-secret' are required for vendor 'checkmarx-one'. Pass an API key in refresh-token, or an OAuth client in client-id and client-secret. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'checkmarx-one with an API key and a client',
    {
      vendor: 'checkmarx-one',
      region: 'eu',
      tenant: 'acme',
      'refresh-token': 'k',
      'client-id': 'i',
      'client-secret': 's'
    },
    "Input 'refresh-token': and 'client-id' / 'client-secret' were both given for vendor 'checkmarx-one'. Pass either an API key in refresh-token or an OAuth client in client-id and client-secret, not both."
  ],
  [
    'checkmarx-one with an API key and a client id only',
    { vendor: 'checkmarx-one', region: 'eu', tenant: 'acme', 'refresh-token': 'k', 'client-id': 'i' },
    "Input 'refresh-token': and 'client-id' / 'client-secret' were both given for vendor 'checkmarx-one'. Pass either an API key in refresh-token or an OAuth client in client-id and client-secret, not both."
  ],
  [
    'checkmarx-one client-id without client-secret',
    { vendor: 'checkmarx-one', region: 'eu', tenant: 'acme', 'client-id': 'i' },
    "Input 'client-secret': is required with 'client-id' for vendor 'checkmarx-one', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'checkmarx-one client-secret without client-id',
    { vendor: 'checkmarx-one', region: 'eu', tenant: 'acme', 'client-secret': 's' },
    "Input 'client-id': is required with 'client-secret' for vendor 'checkmarx-one'."
  ],
  [
    'lacework without tenant',
    { vendor: 'lacework', 'client-id': 'i', 'client-secret': 's' },
    "Input 'tenant': is required for vendor 'lacework', e.g. tenant: acme."
  ],
  [
    'lacework without client-secret',
    { vendor: 'lacework', tenant: 'acme', 'client-id': 'i' },
    "Input 'client-secret': is required for vendor 'lacework', and it is empty. A secret is empty when it is unset, misspelled, scoped to an environment this job does not use, or withheld (pull requests from forks and Dependabot runs get no secrets)."
  ],
  [
    'lacework token-lifetime-seconds below 300',
    { vendor: 'lacework', tenant: 'acme', 'client-id': 'i', 'client-secret': 's', 'token-lifetime-seconds': '299' },
    "Input 'token-lifetime-seconds': '299' is not a whole number from 300 to 86400."
  ],
  [
    'lacework token-lifetime-seconds above a day',
    { vendor: 'lacework', tenant: 'acme', 'client-id': 'i', 'client-secret': 's', 'token-lifetime-seconds': '86401' },
    "Input 'token-lifetime-seconds': '86401' is not a whole number from 300 to 86400."
  ],
  [
    'lacework token-lifetime-seconds not a number',
    { vendor: 'lacework', tenant: 'acme', 'client-id': 'i', 'client-secret': 's', 'token-lifetime-seconds': '1h' },
    "Input 'token-lifetime-seconds': '1h' is not a whole number from 300 to 86400."
  ]
]

/** The step fails with exactly this error, before any request, publishing nothing. */
async function expectRefused(inputs: Record<string, string>, message: string | RegExp) {
  const result = await job.main(inputs)
  expect(result.failed).toBe(true)
  if (typeof message === 'string') expect(result.error).toBe(message)
  else expect(result.error).toMatch(message)
  expectNoUnexpectedRequest()
  expect(result.outputs).toEqual({})
  expect(result.state).toEqual({})
  // No stack trace, just the one error line.
  expect(result.stdout).not.toMatch(/\n\s+at /)
  return result
}

describe('input validation', () => {
  it.each(cases)('%s', async (_name, inputs, message) => {
    await expectRefused(inputs, message)
  })

  it('masks client-secret and refresh-token before anything can fail', async () => {
    const result = await job.main({
      vendor: 'securithings',
      'client-secret': 'masked-even-on-error',
      'refresh-token': 'also-masked'
    })
    expect(result.error).toContain("Input 'client-id': is required for vendor 'securithings'")
    expectNoUnexpectedRequest()
    expectOnlyMasked(result, ['masked-even-on-error', 'also-masked'])
  })
})

// WHATWG URL keeps none of these visible, so a base URL would silently lose or gain meaning.
const picus = { vendor: 'picus', 'refresh-token': 'r' }
const oauth2 = {
  vendor: 'oauth2',
  'client-id': 'i',
  'client-secret': 's',
  'token-url': 'https://idp.example.com/token'
}
const QUERY = "must not contain a query string or fragment; remove everything from the '?' or '#' on."
const CREDENTIALS = 'must not contain credentials; pass them in client-id and client-secret.'
const SPACES = 'must not contain spaces, line breaks or control characters; copy the URL again without them.'
const NOT_A_URL = 'is not a valid URL. Use a full https:// URL.'
const urlCases: Array<[string, Record<string, string>, string, string]> = [
  ['an empty query', picus, 'https://api.picus.test/?', QUERY],
  ['an empty query without a path', picus, 'https://api.picus.test?', QUERY],
  ['an empty fragment', picus, 'https://api.picus.test/#', QUERY],
  ['a query', picus, 'https://api.picus.test/v2?tenant=a', QUERY],
  ['empty user info', picus, 'https://@api.picus.test', CREDENTIALS],
  ['a user name', picus, 'https://me@api.picus.test/', CREDENTIALS],
  ['a user name and port', picus, 'https://me:@api.picus.test:8443', CREDENTIALS],
  [
    'a backslash',
    picus,
    'https://api.picus.test\\@evil.test/',
    "must not contain a backslash; separate the path with '/'."
  ],
  ['a tab inside the host', picus, 'https://api.pi\tcus.test', SPACES],
  ['a line break inside the path', picus, 'https://api.picus.test/a\nb', SPACES],
  ['a space inside the path', picus, 'https://api.picus.test/a b', SPACES],
  ['a C1 control character', picus, 'https://api.picus.test/\u0085', SPACES],
  ['no // after the scheme', picus, 'https:api.picus.test', NOT_A_URL],
  ['an empty host', picus, 'https:///api.picus.test', NOT_A_URL]
]

describe('URL inputs', () => {
  it.each(urlCases)('base-url with %s is refused', async (_name, inputs, url, problem) => {
    await expectRefused({ ...inputs, 'base-url': url }, `Input 'base-url': ${problem}`)
  })

  it.each([
    ['token-url', 'https://idp.example.com/token?', QUERY],
    ['token-url', 'https://@idp.example.com/token', CREDENTIALS],
    ['revoke-url', 'https://idp.example.com/revoke#', QUERY],
    ['revoke-url', 'https://idp.example.com\\revoke', "must not contain a backslash; separate the path with '/'."],
    ['revoke-url', 'https://idp.example.com/re voke', SPACES]
  ])('%s %j is refused', async (input, url, problem) => {
    await expectRefused({ ...oauth2, [input]: url }, `Input '${input}': ${problem}`)
  })

  it.each([
    ['an IPv6 literal with a port', 'https://[::1]:8443'],
    ['an IPv6 literal', 'https://[2001:db8::1]/'],
    ['an @ in the path', 'https://api.picus.test/team@eu'],
    ['an encoded space in the path', 'https://api.picus.test/a%20b']
  ])('base-url with %s is still accepted', async (_name, url) => {
    const api = nock(url)
      .post(/\/v1\/auth\/token$/)
      .reply(200, { token: 'ipv6-ok' })
    const result = await job.main({ ...picus, 'base-url': url })
    expect(result.error).toBe('')
    api.done()
    expect(result.outputs.token).toBe('ipv6-ok')
  })
})

describe('vendor input checks', () => {
  const securithings = { vendor: 'securithings', 'client-id': 'i', 'client-secret': 's' }

  it.each(['.', '..'])(
    'securithings organization %j is refused: it would change the request path',
    async (organization) => {
      await expectRefused(
        { ...securithings, organization },
        `Input 'organization': '${organization}' is not an organization name: it would change the request path. Use the tenant name SecuriThings gave you, e.g. acme.`
      )
    }
  )

  it.each([
    ['...', '/token/...'],
    ['.acme', '/token/.acme'],
    ['%2e%2e', '/token/%252e%252e'],
    ['../admin', '/token/..%2Fadmin']
  ])('securithings organization %j stays one path segment', async (organization, path) => {
    const api = nock('https://api.securithings.com').post(path).reply(200, { access_token: 'segment-ok' })
    const result = await job.main({ ...securithings, organization })
    expect(result.error).toBe('')
    api.done()
  })
})

describe('tenant', () => {
  const checkmarx = { vendor: 'checkmarx-one', region: 'eu', 'refresh-token': 'k' }
  const lacework = { vendor: 'lacework', 'client-id': 'i', 'client-secret': 's' }
  const LACEWORK_ACCOUNT =
    "Input 'tenant': must be a Lacework account name for vendor 'lacework': the subdomain of lacework.net (letters, digits and hyphens), " +
    'e.g. acme for acme.lacework.net. For an account in another cluster, such as acme.fra.lacework.net, set tenant to acme and ' +
    'base-url to https://acme.fra.lacework.net.'

  it.each(['.', '..', 'acme/admin', '../master'])(
    'checkmarx-one tenant %j is refused: it would change the path',
    async (tenant) => {
      await expectRefused(
        { ...checkmarx, tenant },
        "Input 'tenant': must be one path segment for vendor 'checkmarx-one' (no '/', not '.' or '..'): use your tenant account name, e.g. acme."
      )
    }
  )

  it.each([
    'acme.lacework.net',
    'acme.fra',
    'https://acme.lacework.net',
    'ac_me',
    '-acme',
    'acme-',
    'a'.repeat(64),
    'acmé'
  ])('lacework tenant %j is refused: it is not one DNS label', async (tenant) => {
    await expectRefused({ ...lacework, tenant }, LACEWORK_ACCOUNT)
  })

  it('lacework: the tenant is checked even when base-url is given', async () => {
    await expectRefused(
      { ...lacework, tenant: 'acme.fra', 'base-url': 'https://acme.fra.lacework.net' },
      LACEWORK_ACCOUNT
    )
  })
})

describe('env-var', () => {
  // [name, the family it must be refused as]: every family, in upper, lower and mixed case.
  const reserved: Array<[string, string]> = [
    ['PATH', 'PATH'],
    // Windows variable names ignore case: Path and PATH are one variable there.
    ['Path', 'PATH'],
    ['PathExt', 'PATHEXT'],
    ['ComSpec', 'COMSPEC'],
    ['PSModulePath', 'PSMODULEPATH'],
    ['home', 'HOME'],
    ['Ci', 'CI'],
    ['BASH_ENV', 'BASH_ENV'],
    ['env', 'ENV'],
    ['IFS', 'IFS'],
    ['shellopts', 'SHELLOPTS'],
    ['BashOpts', 'BASHOPTS'],
    ['github_token', 'GITHUB_*'],
    ['Runner_Temp', 'RUNNER_*'],
    ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_*'],
    ['input_vendor', 'INPUT_*'],
    ['STATE_token_dir', 'STATE_*'],
    ['LD_PRELOAD', 'LD_*'],
    ['ld_audit', 'LD_*'],
    ['DYLD_INSERT_LIBRARIES', 'DYLD_*'],
    ['dyld_library_path', 'DYLD_*'],
    ['GCONV_PATH', 'GCONV_PATH'],
    ['node_options', 'NODE_*'],
    ['NODE_EXTRA_CA_CERTS', 'NODE_*'],
    ['Node_Tls_Reject_Unauthorized', 'NODE_*'],
    ['npm_config_registry', 'NPM_CONFIG_*'],
    ['JAVA_TOOL_OPTIONS', 'JAVA_TOOL_OPTIONS'],
    ['_java_options', '_JAVA_OPTIONS'],
    ['JDK_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'],
    ['classpath', 'CLASSPATH'],
    ['PERL5OPT', 'PERL5*'],
    ['perl5lib', 'PERL5*'],
    ['PERLLIB', 'PERLLIB'],
    ['PYTHONPATH', 'PYTHON*'],
    ['pythonstartup', 'PYTHON*'],
    ['PythonHttpsVerify', 'PYTHON*'],
    ['RUBYOPT', 'RUBYOPT'],
    ['rubylib', 'RUBYLIB'],
    ['GIT_SSH_COMMAND', 'GIT_*'],
    ['git_config_global', 'GIT_*'],
    ['DOCKER_HOST', 'DOCKER_*'],
    ['docker_cert_path', 'DOCKER_*'],
    ['SSL_CERT_FILE', 'SSL_*'],
    ['ssl_cert_dir', 'SSL_*'],
    ['OPENSSL_CONF', 'OPENSSL_*'],
    ['curl_ca_bundle', 'CURL_CA_BUNDLE'],
    ['Requests_CA_Bundle', 'REQUESTS_CA_BUNDLE'],
    ['HTTPS_PROXY', '*_PROXY'],
    ['http_proxy', '*_PROXY'],
    ['All_Proxy', '*_PROXY'],
    ['no_proxy', '*_PROXY'],
    ['MY_PROXY', '*_PROXY']
  ]

  it.each(reserved)('%s is refused as %s, suggesting the vendor default', async (name, family) => {
    const escaped = family.replace(/[*]/g, '\\*')
    await expectRefused(
      { ...picus, 'env-var': name },
      new RegExp(
        `^Input 'env-var': '${name}' is reserved: ${escaped} \\(.+\\)\\. Choose another name, e\\.g\\. PICUS_ACCESS_TOKEN\\.$`
      )
    )
  })

  it.each([
    'MY_TOKEN',
    'QUALYS_ACCESS_TOKEN',
    'PROXYTOKEN',
    'PROXY_TOKEN',
    'my_proxy_token',
    'NODEJS_TOKEN',
    'GIT',
    'PATH_TOKEN',
    'PATHEXT_TOKEN',
    'SSLTOKEN'
  ])('%s is allowed', async (name) => {
    nock('https://api.picussecurity.com').post('/v1/auth/token').reply(200, { token: 'exported' })
    const result = await job.main({ ...picus, 'env-var': name })
    expect(result.error).toBe('')
    expect(result.env).toEqual({ [name]: 'exported' })
  })
})
