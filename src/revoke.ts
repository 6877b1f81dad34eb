// Token revocation, shared by the post step and by the main step when it refuses a token it was issued.
import { fetchGithubIdToken } from './github-id-token.js'
import { type RetryPolicy, sendWithRetry } from './http.js'
import { adviseOnInputs } from './inputs.js'
import { maskSecret } from './masking.js'
import type { Vendor, VendorContext } from './vendors/types.js'

/** A revocation's retry budget: room for one retry after a timed-out attempt, or a few short rate-limit waits. */
export const REVOCATION_RETRY_MS = 10_000
/** A revocation is best effort: one retry at most. */
export const REVOCATION_ATTEMPTS = 2

export type RevokingVendor = Vendor & Required<Pick<Vendor, 'revocationRequest'>>

export function documentsRevocation(vendor: Vendor): vendor is RevokingVendor {
  return vendor.revocationRequest !== undefined
}

/** Where the revocation went and how it was answered. */
export interface RevocationAnswer {
  host: string
  status: number
}

/**
 * Sends the vendor's revocation of an already masked token within `policy`, the ID token it may need
 * (auth-method github-oidc) included. Throws an explained error when no answer came.
 */
export async function sendRevocation(
  vendor: RevokingVendor,
  context: VendorContext,
  token: string,
  policy: RetryPolicy
): Promise<RevocationAnswer> {
  const withinPolicy = { ...context, githubIdToken: (audience: string) => fetchGithubIdToken(audience, policy) }
  const request = await vendor.revocationRequest(withinPolicy, token)
  request.derivedSecrets.forEach(maskSecret)
  const response = await sendWithRetry(request, policy, vendor.title).catch((error) => adviseOnInputs(error, vendor))
  return { host: new URL(request.url).host, status: response.status }
}
