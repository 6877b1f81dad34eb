import type { TokenRequest, VendorResponse } from '../http.js'

/** Inputs that only some vendors read; each vendor declares which. Declared once: the type derives from it. */
export const VENDOR_INPUTS = [
  'client-id',
  'client-secret',
  'refresh-token',
  'api-token',
  'organization',
  'client-type',
  'scope',
  'audience',
  'token-url',
  'auth-method',
  'revoke-url',
  'member-cid',
  'tenant',
  'token-lifetime-seconds',
  'grant-type',
  'private-key',
  'certificate',
  'key-id',
  'signing-algorithm',
  'assertion-audience',
  'oidc-audience',
  'resource',
  'oidc-provider',
  'oidc-project'
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
  /** The user the token acts as, when the vendor reports it (JFrog's `username`); checked before it is shown. */
  user?: string
  /**
   * Why this token, although issued, must not be used (e.g. RFC 8693 says it is no access token):
   * the whole error message. The flow fails with it, after revoking the token where it can.
   */
  unusable?: string
  /**
   * A CSRF token the vendor's own client sends back with the bearer token on later requests (Black Duck's
   * X-CSRF-TOKEN answer header), as the answer gave it: checked, masked and output as csrf-token.
   */
  csrfToken?: string
}

/** The vendor's inputs, read and validated, with defaults applied ('' when not given). */
export interface VendorInputs {
  input(name: VendorInput): string
}

/** The validated inputs a vendor module works from. */
export interface VendorContext extends VendorInputs {
  /** Resolved API base URL without a trailing slash (empty for vendors that have none). */
  baseUrl: string
  /**
   * The job's GitHub OIDC ID token for `audience` ('' for GitHub's default), fetched with the
   * step's retry policy and masked at once. Fails with an explained error when the job has none.
   */
  githubIdToken(audience: string): Promise<string>
}

export interface Vendor {
  id: string
  /** Product name used in messages. */
  title: string
  defaultEnvVar: string
  /** Without a default, a vendor with regions needs base-url or region; one with neither uses no base URL. */
  defaultBaseUrl?: string
  /** For vendors hosted per customer (no default, no regions): base-url is required, and its error shows this example. */
  baseUrlExample?: string
  /** Region name (lower case) -> base URL. */
  regions?: Readonly<Record<string, string>>
  /**
   * Region names (lower case) refused with their own explanation, e.g. a name that meant another host
   * before: `Input 'region': '<name>' <explanation>`. Never also in `regions`.
   */
  refusedRegions?: Readonly<Record<string, string>>
  /** The vendor documents its region names in upper case (US1): messages list them so. */
  regionsInUpperCase?: boolean
  /**
   * A default base URL built from the inputs (e.g. an account subdomain, or a host a credential names);
   * region and base-url win over it. When the inputs give none it may use, it throws an InputError that
   * names the inputs to set.
   */
  baseUrlFrom?(inputs: VendorInputs): string
  required: readonly VendorInput[]
  optional: readonly VendorInput[]
  /** What a required input looks like for this vendor, for the error when it is missing (else inputs.ts INPUT_EXAMPLES). */
  inputExamples?: Partial<Record<VendorInput, string>>
  /**
   * Optional inputs that become required when another input has one of the given values,
   * e.g. client-secret with auth-method client_secret_basic. Any one matching condition requires it.
   */
  requiredWhen?: Partial<Record<VendorInput, Partial<Record<VendorInput, readonly string[]>>>>
  /** Defaults for optional inputs. */
  defaults?: Partial<Record<VendorInput, string>>
  /** Allowed values for inputs that are a choice, matched without regard to case; the value becomes this spelling. */
  choices?: Partial<Record<VendorInput, readonly string[]>>
  /** Inputs that are a whole number, with their [minimum, maximum]. */
  wholeNumbers?: Partial<Record<VendorInput, readonly [number, number]>>
  /** Further checks of an input's value: each returns what is wrong and what to use instead, or undefined. */
  checks?: Partial<Record<VendorInput, (value: string) => string | undefined>>
  /**
   * Checks how the validated inputs combine, before any request: returns what is wrong, naming
   * every input involved (it is the whole error message), or undefined.
   */
  validate?(inputs: VendorInputs): string | undefined
  /** The token request; a promise when it needs something fetched first (the job's GitHub ID token). */
  tokenRequest(context: VendorContext): TokenRequest | Promise<TokenRequest>
  /** Reads a 2xx answer; `title` is the vendor's, for messages. */
  readToken(response: VendorResponse, title: string): IssuedToken
  /** Short, actionable hints for refusals, by HTTP status; the shared defaults cover the rest. */
  refusalHints?: Readonly<Partial<Record<number, RefusalHint>>>
  /**
   * The region (a key of `regions`) that a refusal says the credentials belong to, e.g. CrowdStrike's
   * 308 with X-Cs-Region. When the step's base URL is one of the vendor's own (the default or a
   * region), the flow asks that region's host from `regions` once more; a custom base-url is never switched.
   */
  regionOfRefusal?(response: VendorResponse): string | undefined
  /** Whether the post step can revoke the token with these inputs; absent when the vendor never can. */
  canRevoke?(context: VendorContext): boolean
  /** The revocation request, built by the post step when canRevoke says so. */
  revocationRequest?(context: VendorContext, token: string): TokenRequest | Promise<TokenRequest>
}

/**
 * A refusal hint: fixed text, or text that names the inputs the step was given. A hint may read
 * the refusal's headers, but must only ever name values it recognises, never echo them.
 */
export type RefusalHint = string | ((context: VendorContext, response: VendorResponse) => string)
