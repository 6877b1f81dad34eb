import * as core from '@actions/core'
import { ActionError, InputError } from './errors.js'
import { fetchGithubIdToken } from './github-id-token.js'
import { type RetryPolicy, type TransportFailure, TransportError, clock } from './http.js'
import { EMPTY_SECRET_CAUSES, SECRET_INPUTS } from './masking.js'
import { nearMiss } from './near-miss.js'
import { pemLayoutProblem, readCaCertificates } from './pem.js'
import { reservedEnvRule } from './reserved-env.js'
import { trustCertificates } from './transport.js'
import { VENDORS } from './vendors/index.js'
import { VENDOR_INPUTS, type Vendor, type VendorContext, type VendorInput, type VendorInputs } from './vendors/types.js'

export interface ActionSettings {
  vendor: Vendor
  context: VendorContext
  envVar: string
  exportEnv: boolean
  writeTokenFile: boolean
  cleanup: boolean
  jobSummary: boolean
  timeoutMs: number
  maxAttempts: number
  retryBudgetMs: number
  /** When the main step's one time budget started: its requests share it. */
  startedAt: number
}

const URL_INPUTS: readonly VendorInput[] = ['token-url', 'revoke-url']
// PEM text is lines: line breaks are part of the value, other control characters are not. Each with how
// to store it whole (a key in a secret; a certificate is public).
const MULTILINE_INPUTS: Readonly<Partial<Record<VendorInput, string>>> = {
  'private-key': '`gh secret set NAME < key.pem`',
  certificate: '`gh variable set NAME < cert.pem`'
}

/** What a required input that is not a secret looks like, for the error when it is missing. */
export const INPUT_EXAMPLES: Readonly<Partial<Record<VendorInput, string>>> = {
  'client-id': 'client-id: 0oa1b2c3d4e5f6g7h8',
  organization: 'organization: acme',
  tenant: 'tenant: acme',
  'token-url': 'token-url: https://idp.example.com/oauth2/token',
  'oidc-provider': 'oidc-provider: github-actions',
  'oidc-audience': 'oidc-audience: api://AzureADTokenExchange',
  scope: 'scope: https://graph.microsoft.com/.default',
  'key-id': 'key-id: signing-key-1'
}

/** Reads and validates every input before any network call (secrets are masked before, by masking.ts). */
export function readSettings(): ActionSettings {
  const vendor = readVendor()
  const values = readVendorInputs(vendor)
  const inputs: VendorInputs = { input: (name) => values.get(name) ?? '' }
  // How the given inputs combine is checked before what they make required: a private-key with
  // the default auth-method is first of all a missing auth-method: private_key_jwt.
  const problem = vendor.validate?.(inputs)
  if (problem) throw new InputError(problem)
  requireConditionalInputs(vendor, values)
  const baseUrl = resolveBaseUrl(vendor, inputs)
  const envVar = core.getInput('env-var') || vendor.defaultEnvVar
  validateEnvVarName(envVar, vendor)
  const policy = {
    timeoutMs: readInteger('timeout-seconds', 30, 1, 600) * 1000,
    maxAttempts: readInteger('max-attempts', 4, 1, 10),
    retryBudgetMs: readInteger('max-retry-seconds', 120, 0, 3600) * 1000,
    // One budget for the step: the GitHub ID token and the token request share it (action.yml's promise).
    startedAt: clock.now()
  } satisfies RetryPolicy
  const caCertificate = core.getInput('ca-certificate')
  trustCertificates(caCertificate ? readCaCertificates(caCertificate) : [])
  const context: VendorContext = {
    ...inputs,
    baseUrl,
    githubIdToken: (audience) => fetchGithubIdToken(audience, policy)
  }

  return {
    vendor,
    context,
    envVar,
    exportEnv: readBoolean('export-env', true),
    writeTokenFile: readBoolean('write-token-file', false),
    cleanup: readBoolean('cleanup', true),
    jobSummary: readBoolean('job-summary', true),
    ...policy
  }
}

/** What to change when the transport gave up, in terms of this action's inputs. */
const TRANSPORT_ADVICE: Readonly<Record<TransportFailure, string>> = {
  'attempts-exhausted': 'This looks transient; re-run the job, or raise max-attempts or timeout-seconds.',
  'retry-budget-exhausted': 'This looks transient; re-run the job, or raise max-retry-seconds.',
  'rate-limited': 'The vendor is rate limiting: run fewer jobs against it at once, or raise max-retry-seconds.',
  'unresolvable-host': 'Check base-url, region or token-url.'
}

/**
 * Rethrows a transport failure with the inputs to change (of `vendor`'s inputs only, when given);
 * anything else as it is.
 */
export function adviseOnInputs(error: unknown, vendor?: Vendor): never {
  if (!(error instanceof TransportError)) throw error
  const advice =
    error.failure === 'unresolvable-host' && vendor
      ? `Check ${endpointInputs(vendor)}.`
      : TRANSPORT_ADVICE[error.failure]
  throw new ActionError(`${error.message} ${advice}`)
}

function readVendor(): Vendor {
  const valid = Object.keys(VENDORS).join(', ')
  const name = core.getInput('vendor').toLowerCase()
  if (!name) throw new InputError('vendor', `is required. Choose one of: ${valid}.`)
  // Own keys only: 'constructor' or '__proto__' must not resolve to Object's members.
  const vendor = Object.hasOwn(VENDORS, name) ? VENDORS[name] : undefined
  if (!vendor) {
    throw new InputError(
      'vendor',
      `'${printable(name)}' is not supported.${didYouMean(name, Object.keys(VENDORS))} Choose one of: ${valid}.`
    )
  }
  return vendor
}

/** " Did you mean 'x'?" when `typed` is a near miss of one choice, else ''. */
function didYouMean(typed: string, choices: readonly string[]): string {
  const meant = nearMiss(typed, choices)
  return meant ? ` Did you mean '${meant}'?` : ''
}

/** The error for a required input that is empty: why a secret can be empty, or what a value looks like. */
function missingInput(vendor: Vendor, name: VendorInput, condition = ''): InputError {
  const required = `is required for vendor '${vendor.id}'${condition}`
  if (SECRET_INPUTS.includes(name)) return new InputError(name, `${required}, and it is empty. ${EMPTY_SECRET_CAUSES}`)
  const example = vendor.inputExamples?.[name] ?? INPUT_EXAMPLES[name]
  return new InputError(name, `${required}${example ? `, e.g. ${example}` : ''}.`)
}

function readVendorInputs(vendor: Vendor): Map<VendorInput, string> {
  const used = new Set<VendorInput>([...vendor.required, ...vendor.optional])
  const values = new Map<VendorInput, string>()
  for (const name of VENDOR_INPUTS) {
    const value = core.getInput(name)
    if (!used.has(name)) {
      // Matrix jobs pass every input to every vendor; that is not an error.
      if (value) core.debug(`Input '${name}' is not used by vendor '${vendor.id}' and is ignored.`)
      continue
    }
    const effective = value || vendor.defaults?.[name] || ''
    if (!effective) {
      if (vendor.required.includes(name)) throw missingInput(vendor, name)
      continue
    }
    values.set(name, validateVendorInput(vendor, name, effective))
  }
  return values
}

/** Inputs that another input's value makes required (requiredWhen), checked once every value is known. */
function requireConditionalInputs(vendor: Vendor, values: ReadonlyMap<VendorInput, string>): void {
  for (const [name, conditions] of Object.entries(vendor.requiredWhen ?? {}) as Array<
    [VendorInput, Partial<Record<VendorInput, readonly string[]>>]
  >) {
    if (values.has(name)) continue
    for (const [other, triggers] of Object.entries(conditions) as Array<[VendorInput, readonly string[]]>) {
      const value = values.get(other) ?? ''
      if (!triggers.includes(value)) continue
      throw missingInput(vendor, name, ` with ${other} '${value}'`)
    }
  }
}

function validateVendorInput(vendor: Vendor, name: VendorInput, value: string): string {
  // A control character in a credential means a bad copy-paste, and would break headers.
  const pemStore = MULTILINE_INPUTS[name]
  const controls = pemStore ? /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/
  if (controls.test(value)) {
    const found = pemStore ? 'a tab or control character other than a line break' : 'a line break or control character'
    throw new InputError(name, `contains ${found}; copy the value again without it.`)
  }
  if (pemStore) {
    const layout = pemLayoutProblem(value, pemStore)
    if (layout) throw new InputError(name, layout)
  }
  const choices = vendor.choices?.[name]
  if (choices) {
    const choice = choices.find((option) => option.toLowerCase() === value.toLowerCase())
    if (!choice) {
      throw new InputError(
        name,
        `'${printable(value)}' is not valid for vendor '${vendor.id}'. Use one of: ${choices.join(', ')}.`
      )
    }
    return choice
  }
  const range = vendor.wholeNumbers?.[name]
  if (range) return checkWholeNumber(name, value, ...range)
  const problem = vendor.checks?.[name]?.(value)
  if (problem) throw new InputError(name, problem)
  return URL_INPUTS.includes(name) ? validateUrl(name, value) : value
}

function resolveBaseUrl(vendor: Vendor, inputs: VendorInputs): string {
  const baseUrl = core.getInput('base-url')
  const typedRegion = core.getInput('region')
  let region = typedRegion.toLowerCase()
  if (baseUrl && !usesBaseUrl(vendor)) {
    core.debug(`Input 'base-url' is not used by vendor '${vendor.id}' and is ignored.`)
  }
  if (!vendor.regions) {
    if (region) core.debug(`Input 'region' is not used by vendor '${vendor.id}' and is ignored.`)
    region = ''
  }
  const regions = vendor.regions ?? {}
  // As the vendor's docs and ours write them: US1 for Qualys, us-1 for CrowdStrike.
  const regionNames = Object.keys(regions).map((name) => (vendor.regionsInUpperCase ? name.toUpperCase() : name))
  const regionList = regionNames.join(', ')
  const refusedRegions = vendor.refusedRegions ?? {}
  if (region && Object.hasOwn(refusedRegions, region)) {
    throw new InputError('region', `'${region}' ${refusedRegions[region]}`)
  }
  if (region && !Object.hasOwn(regions, region)) {
    throw new InputError(
      'region',
      `'${printable(typedRegion)}' is not ${articleFor(vendor.title)} ${vendor.title} region.${didYouMean(region, regionNames)} ` +
        `Use one of: ${regionList}, or set base-url.`
    )
  }
  if (!usesBaseUrl(vendor)) return ''
  // base-url wins over region, so on-prem and private platforms need no region.
  if (baseUrl) return validateUrl('base-url', baseUrl).replace(/\/+$/, '')
  if (region) return regions[region]
  if (vendor.baseUrlFrom) return vendor.baseUrlFrom(inputs)
  if (vendor.defaultBaseUrl) return vendor.defaultBaseUrl
  if (vendor.baseUrlExample) {
    throw new InputError(
      'base-url',
      `is required for vendor '${vendor.id}': your platform's URL, e.g. ${vendor.baseUrlExample}.`
    )
  }
  throw new InputError(
    'region',
    `or 'base-url' is required for vendor '${vendor.id}'. Set region to your platform (${regionList}) or base-url to its API gateway URL.`
  )
}

/** 'an' before a vowel (an Upwind region), else 'a'. */
export function articleFor(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a'
}

function usesBaseUrl(vendor: Vendor): boolean {
  return Boolean(vendor.defaultBaseUrl || vendor.regions || vendor.baseUrlFrom || vendor.baseUrlExample)
}

/** The inputs that choose where the token request goes, for this vendor: e.g. 'base-url or region'. */
export function endpointInputs(vendor: Vendor): string {
  const names = [
    ...(usesBaseUrl(vendor) ? ['base-url'] : []),
    ...(vendor.regions ? ['region'] : []),
    ...(vendor.required.includes('token-url') || vendor.optional.includes('token-url') ? ['token-url'] : [])
  ]
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'the inputs')
}

/**
 * https only; plain http is allowed to a loopback address (local tests and mocks).
 * The raw text is checked first because WHATWG URL hides what it does not keep: it drops an
 * empty '?', '#' or user info, strips tabs and line breaks, and reads a backslash as '/'. Appending
 * a path to such a value would send the credentials somewhere other than it shows.
 */
function validateUrl(input: string, value: string): string {
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new InputError(
      input,
      'must not contain spaces, line breaks or control characters; copy the URL again without them.'
    )
  }
  if (value.includes('\\')) throw new InputError(input, "must not contain a backslash; separate the path with '/'.")
  if (/[?#]/.test(value)) {
    throw new InputError(
      input,
      "must not contain a query string or fragment; remove everything from the '?' or '#' on."
    )
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(value)?.[1]
  if (!authority) throw new InputError(input, 'is not a valid URL. Use a full https:// URL.')
  // Any '@' before the path starts user info, even an empty one ('https://@host').
  if (authority.includes('@')) {
    throw new InputError(input, 'must not contain credentials; pass them in client-id and client-secret.')
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(input, 'is not a valid URL. Use a full https:// URL.')
  }
  const loopback =
    ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      input,
      `must use https:// (got ${url.protocol.replace(/[^a-z+.:-]/gi, '')}//); plain http is only allowed to a loopback address.`
    )
  }
  return value
}

function validateEnvVarName(name: string, vendor: Vendor): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InputError(
      'env-var',
      `'${printable(name)}' is not a valid variable name (letters, digits and _, not starting with a digit).`
    )
  }
  const reserved = reservedEnvRule(name)
  if (reserved) {
    throw new InputError(
      'env-var',
      `'${name}' is reserved: ${reserved.pattern} (${reserved.reason}). Choose another name, e.g. ${vendor.defaultEnvVar}.`
    )
  }
}

function readBoolean(name: string, fallback: boolean): boolean {
  const value = core.getInput(name)
  if (!value) return fallback
  if (/^(true|yes|on)$/i.test(value)) return true
  if (/^(false|no|off)$/i.test(value)) return false
  throw new InputError(name, `'${printable(value)}' is not a boolean. Use true or false.`)
}

function readInteger(name: string, fallback: number, min: number, max: number): number {
  const value = core.getInput(name)
  return value ? Number(checkWholeNumber(name, value, min, max)) : fallback
}

function checkWholeNumber(name: string, value: string, min: number, max: number): string {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(name, `'${printable(value)}' is not a whole number from ${min} to ${max}.`)
  }
  return value
}

/** Echo user input in errors only in a short, single-line form. */
function printable(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?')
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean
}
