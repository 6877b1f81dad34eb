// The job's GitHub OIDC ID token, asked for exactly as core.getIDToken asks for it (GET
// $ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answer {"value": <JWT>}; @actions/core lib/oidc-utils.js, and GitHub's "About security hardening
// with OpenID Connect"), but sent through this action's own HTTP layer: core.getIDToken's client
// cannot be cut off after timeout-seconds, retries on its own, and in this bundle (whose tunnel
// package is a stub) would bypass https_proxy. Here it gets the step's retry policy, proxy and limits.
import { ActionError } from './errors.js'
import { type RetryPolicy, type TokenRequest, TransportError, isSuccess, sendWithRetry } from './http.js'
import { maskSecret } from './masking.js'
import { isObject, parseJsonText } from './token-response.js'

const TITLE = "GitHub's OIDC token service"
// GitHub's ID tokens are about 1 KiB; anything far larger is not one.
const MAX_ID_TOKEN_LENGTH = 16 * 1024
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

const ID_TOKEN_PERMISSION_ADVICE =
  'Give the job `permissions: id-token: write` (and `contents: read` for actions/checkout) in the workflow. ' +
  'A workflow run for a pull request from a fork never gets an ID token: run this step on push and on ' +
  'pull requests from the same repository only.'

/** The job's ID token for `audience` ('' for GitHub's default: the repository owner's URL), masked at once. */
export async function fetchGithubIdToken(audience: string, policy: RetryPolicy): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ''
  const requestToken = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''
  if (!url || !requestToken) {
    throw new ActionError(
      'This job cannot get a GitHub OIDC ID token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN ' +
        `are not set. ${ID_TOKEN_PERMISSION_ADVICE}`
    )
  }
  maskSecret(requestToken)
  if (!isHttpsUrl(url)) throw new ActionError('ACTIONS_ID_TOKEN_REQUEST_URL is not an https:// URL.')

  const request: TokenRequest = {
    method: 'GET',
    // core.getIDToken appends the audience the same way: the URL already has a query.
    url: audience ? `${url}${url.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}` : url,
    headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
    body: '',
    derivedSecrets: []
  }
  const response = await sendWithRetry(request, policy, TITLE).catch(explainTransportFailure)
  if (response.status === 401 || response.status === 403) {
    throw new ActionError(
      `${TITLE} refused to issue an ID token for this job (HTTP ${response.status}). ${ID_TOKEN_PERMISSION_ADVICE}`
    )
  }
  if (!isSuccess(response.status)) {
    throw new ActionError(`${TITLE} answered HTTP ${response.status} instead of an ID token; re-run the job.`)
  }
  return readIdToken(response.body)
}

/** The answer's `value`, masked before it is checked, so that no message can show it. */
function readIdToken(body: string): string {
  let json: unknown
  try {
    json = parseJsonText(body)
  } catch {
    json = undefined
  }
  const value = isObject(json) ? json.value : undefined
  if (typeof value !== 'string' || value === '') {
    throw new ActionError(`${TITLE} answered without an ID token (no 'value' string in a JSON object).`)
  }
  maskSecret(value)
  if (value.length > MAX_ID_TOKEN_LENGTH || !JWT_SHAPE.test(value)) {
    throw new ActionError(`${TITLE} answered with a 'value' that is not a JWT; refusing to use it.`)
  }
  return value
}

function explainTransportFailure(error: unknown): never {
  if (!(error instanceof TransportError)) throw error
  const advice =
    error.failure === 'unresolvable-host'
      ? "Check the runner's DNS and proxy settings for the host in ACTIONS_ID_TOKEN_REQUEST_URL."
      : 'Re-run the job; max-attempts, max-retry-seconds and timeout-seconds bound this request too.'
  throw new ActionError(`${error.message} ${advice}`)
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}
