import type { TokenRequest, VendorResponse } from '../http.js'

/** Inputs that only some vendors read; each vendor declares which. Declared once: the type derives from it. */
export const VENDOR_INPUTS = [
  'client-id',
  'client-secret',
  'refresh-token',
  'organization',
  'client-type',
  'scope',
  'audience',
  'token-url',
  'auth-method',
  'revoke-url',
  'member-cid',
  'tenant',
  'token-lifetime-seconds'
] as const

export type VendorInput = (typeof VENDOR_INPUTS)[number]

/** What a vendor module reads from a successful response. */
export interface IssuedToken {
  token: string
  /** Raw token type from the response, when it has one. */
  tokenType?: string
  /** Lifetime in seconds, as the vendor reported it. */
  expiresInSeconds?: number
  /** Absolute expiry, as the vendor reported it. */
  expiresAt?: Date
  /** Scope the vendor granted. */
  scope?: string
  /** Other secrets in the answer (e.g. a refresh token): masked at once, never exported or printed. */
  otherSecrets?: string[]
}

/** The vendor's inputs, read and validated, with defaults applied ('' when not given). */
export interface VendorInputs {
  input(name: VendorInput): string
}

/** The validated inputs a vendor module works from. */
export interface VendorContext extends VendorInputs {
  /** Resolved API base URL without a trailing slash (empty for vendors that have none). */
  baseUrl: string
}

/** What is wrong with the inputs taken together, and the input to change. */
export interface InputProblem {
  input: VendorInput
  problem: string
}

export interface Vendor {
  id: string
  /** Product name used in messages. */
  title: string
  defaultEnvVar: string
  /** Without a default, a vendor with regions needs base-url or region; one with neither uses no base URL. */
  defaultBaseUrl?: string
  /** Region name (lower case) -> base URL. */
  regions?: Readonly<Record<string, string>>
  /** A default base URL built from the inputs (e.g. an account subdomain); region and base-url win over it. */
  baseUrlFrom?(inputs: VendorInputs): string
  required: readonly VendorInput[]
  optional: readonly VendorInput[]
  /** Defaults for optional inputs. */
  defaults?: Partial<Record<VendorInput, string>>
  /** Allowed values for inputs that are a choice. */
  choices?: Partial<Record<VendorInput, readonly string[]>>
  /** Inputs that are a whole number, with their [minimum, maximum]. */
  wholeNumbers?: Partial<Record<VendorInput, readonly [number, number]>>
  /** Further checks of an input's value: each returns what is wrong and what to use instead, or undefined. */
  checks?: Partial<Record<VendorInput, (value: string) => string | undefined>>
  /** Checks of the inputs taken together (e.g. exactly one way to authenticate), after each passed its own. */
  validate?(inputs: VendorInputs): InputProblem | undefined
  tokenRequest(context: VendorContext): TokenRequest
  /** Reads a 2xx answer; `title` is the vendor's, for messages. */
  readToken(response: VendorResponse, title: string): IssuedToken
  /** Short, actionable hints for refusals, by HTTP status; the shared defaults cover the rest. */
  refusalHints?: Readonly<Partial<Record<number, RefusalHint>>>
  /** Whether the post step can revoke the token with these inputs; absent when the vendor never can. */
  canRevoke?(context: VendorContext): boolean
  /** The revocation request, built by the post step when canRevoke says so. */
  revocationRequest?(context: VendorContext, token: string): TokenRequest
}

/**
 * A refusal hint: fixed text, or text that names the inputs the step was given. A hint may read
 * the refusal's headers, but must only ever name values it recognises, never echo them.
 */
export type RefusalHint = string | ((context: VendorContext, response: VendorResponse) => string)
