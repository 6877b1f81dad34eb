import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import type { IncomingMessage } from 'node:http'
import { ActionError, errorCode } from './errors.js'
import { maskSecret } from './masking.js'
import { type ProxySettings, ProxyConnectionError, ProxyRefusedError, openTransport } from './transport.js'

const MAX_RESPONSE_BYTES = 1024 * 1024
const BACKOFF_BASE_MS = 1000
const BACKOFF_CAP_MS = 20_000
const RETRY_AFTER_CAP_MS = 60_000
const RETRY_AFTER_JITTER_MS = 250
const USER_AGENT = 'vendor-token-action'

// Connection failures that a later attempt can get past.
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN'
])

/** A credential request, built by a vendor module and sent by this HTTP layer. */
export interface TokenRequest {
  /** POST unless said otherwise; a GET sends no body. */
  method?: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body: string
  /** Values derived from a secret (e.g. a Basic header) that must be masked too. */
  derivedSecrets: string[]
  /**
   * The request to send on a retry instead of this one, for a request that carries a one-time
   * credential (a signed client assertion with its own jti and a short life). Absent: resend this one.
   */
  forRetry?(): TokenRequest
}

/** A vendor's answer, read in full and bounded in size. */
export interface VendorResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Why the transport gave up for good, so the caller can say which of its settings to change. */
export type TransportFailure = 'attempts-exhausted' | 'retry-budget-exhausted' | 'rate-limited' | 'unresolvable-host'

/** A request that failed for good. The message says what happened; the caller adds what to change. */
export class TransportError extends ActionError {
  constructor(
    message: string,
    readonly failure: TransportFailure
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

export interface RetryPolicy {
  /** Attempts for transient failures other than rate limiting (5xx, 408, timeouts, dropped connections). */
  maxAttempts: number
  timeoutMs: number
  /** No retry starts later than this after the budget started; until then a 429 is always retried. */
  retryBudgetMs: number
  /**
   * When the budget started (clock.now()), for a step whose requests share one budget (the GitHub ID
   * token, then the token): nothing of theirs runs past startedAt + retryBudgetMs + timeoutMs.
   * Absent: the budget starts with this request.
   */
  startedAt?: number
}

/** Time as the retry loop sees it; tests replace it so that retries need not really wait. */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Sends a credential request, retrying transient failures with backoff. Returns the
 * first final response, success or refusal. Never logs the request or the response.
 *
 * Rate limiting (429) is budgeted by time, not by count: a matrix of jobs sharing one
 * vendor's limit must be able to wait its turn. Other transient failures stop after
 * maxAttempts. Either way no retry starts after retryBudgetMs, and no attempt runs past
 * retryBudgetMs + timeoutMs, both counted from policy.startedAt.
 *
 * `onRetryRequest` sees each request that forRetry built, once its secrets are masked, so the
 * caller can scrub them from the vendor's answer too.
 */
export async function sendWithRetry(
  request: TokenRequest,
  policy: RetryPolicy,
  title: string,
  onRetryRequest?: (request: TokenRequest) => void
): Promise<VendorResponse> {
  const host = new URL(request.url).host
  const startedAt = policy.startedAt ?? clock.now()
  const deadline = startedAt + policy.retryBudgetMs + policy.timeoutMs
  let failures = 0
  let rateLimits = 0
  for (let attempt = 1; ; attempt++) {
    let problem: string
    let retryAfter = ''
    let rateLimited = false
    // The step's requests share one budget: an attempt gets what is left of it, at most timeoutMs.
    const timeoutMs = Math.min(policy.timeoutMs, deadline - clock.now())
    if (timeoutMs <= 0) {
      throw new TransportError(
        `${title} at ${host} was not asked: the step's ${seconds(deadline - startedAt)} s time budget ` +
          '(max-retry-seconds + timeout-seconds) was used up by the requests before it.',
        'retry-budget-exhausted'
      )
    }
    try {
      const response = await sendOnce(request, timeoutMs, title)
      if (!isTransientStatus(response.status)) return response
      problem = `HTTP ${response.status}`
      retryAfter = headerValue(response, 'retry-after')
      rateLimited = response.status === 429
      // CrowdStrike says when its limit resets in X-RateLimit-RetryAfter instead (gofalcon falcon/api_client.go).
      if (rateLimited && retryAfter === '') {
        retryAfter = rateLimitResetDelay(headerValue(response, 'x-ratelimit-retryafter'))
      }
    } catch (error) {
      problem = transientNetworkProblem(error, host, timeoutMs)
    }
    if (rateLimited) rateLimits++
    else failures++
    if (failures >= policy.maxAttempts) {
      throw new TransportError(
        `${title} at ${host} did not answer usefully after ${attempt} attempt(s): last ${problem}.`,
        'attempts-exhausted'
      )
    }
    const delayMs = retryDelayMs(rateLimited ? rateLimits : failures, retryAfter)
    const elapsedMs = clock.now() - startedAt
    if (elapsedMs + delayMs > policy.retryBudgetMs) {
      throw new TransportError(
        `${title} at ${host} still answered ${problem} after ${attempt} attempt(s) in ${seconds(elapsedMs)} s, ` +
          `and the next retry would start after the ${seconds(policy.retryBudgetMs)} s retry budget.`,
        rateLimited ? 'rate-limited' : 'retry-budget-exhausted'
      )
    }
    // Rate-limited retries do not use up max-attempts; say what bounds the next one.
    const bound = rateLimited
      ? `; rate limited: retrying for up to ${seconds(policy.retryBudgetMs)} s in all`
      : ` of ${policy.maxAttempts + rateLimits}`
    core.info(
      `${title} at ${host}: ${problem}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1}${bound}).`
    )
    await clock.sleep(delayMs)
    if (request.forRetry) {
      request = request.forRetry()
      // Masked before it is sent, like the first request's secrets.
      request.derivedSecrets.forEach(maskSecret)
      onRetryRequest?.(request)
    }
  }
}

/**
 * Delay before the next try number `retry` of its kind: what Retry-After asks (plus a
 * little jitter so parallel jobs do not return in lockstep), else exponential backoff with jitter.
 */
export function retryDelayMs(retry: number, retryAfter: string, random: () => number = Math.random): number {
  const asked = parseRetryAfterMs(retryAfter)
  if (asked !== undefined) return Math.min(asked, RETRY_AFTER_CAP_MS) + Math.floor(random() * RETRY_AFTER_JITTER_MS)
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1))
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * X-RateLimit-RetryAfter, the Unix time in seconds when a CrowdStrike rate limit resets, as Retry-After
 * delay-seconds: at least 1 s, as gofalcon waits (falcon/api_client.go, parseRetryAfter). A time that
 * has passed, or anything but a whole number, is '' so the normal backoff applies.
 */
export function rateLimitResetDelay(value: string, now: number = Date.now()): string {
  const text = value.trim()
  if (!/^\d{1,15}$/.test(text)) return ''
  const waitSeconds = Math.ceil((Number(text) * 1000 - now) / 1000)
  return waitSeconds > 0 ? String(Math.max(1, waitSeconds)) : ''
}

const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH = `(${MONTHS.join('|')})`
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)'
// RFC 9110 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = new RegExp(`^${WEEKDAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`)
const RFC850_DATE = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`)
const ASCTIME_DATE = new RegExp(`^${WEEKDAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

/**
 * Retry-After is delay-seconds (a non-negative integer) or an HTTP-date (RFC 9110 10.2.3).
 * Anything else (`1.5`, `-5`, garbage) is ignored, so the normal backoff applies.
 */
export function parseRetryAfterMs(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = parseHttpDate(text, now)
  return date === undefined ? undefined : Math.max(0, date - now)
}

function parseHttpDate(text: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(text)
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4))
  match = RFC850_DATE.exec(text)
  if (match) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 5.6.7).
    let year = 2000 + Number(match[3])
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100
    return utc(year, match[2], match[1], match.slice(4))
  }
  match = ASCTIME_DATE.exec(text)
  if (match) return utc(Number(match[6]), match[1], match[2], match.slice(3, 6))
  return undefined
}

/** A UTC time from date parts, or undefined when they name no real moment (31 Feb, 25:00). */
function utc(year: number, month: string, day: string, [hour, minute, second]: string[]): number | undefined {
  const monthIndex = MONTHS.indexOf(month)
  const time = Date.UTC(year, monthIndex, Number(day), Number(hour), Number(minute), Number(second))
  const date = new Date(time)
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === monthIndex &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute) &&
    date.getUTCSeconds() === Number(second)
  return exact ? time : undefined
}

function seconds(ms: number): string {
  return String(Math.round(ms / 1000))
}

/** Whole seconds as they are, a part of the step's budget to a tenth. */
function secondsText(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1)
}

/** A 2xx answer: the only kind that issues (or revokes) a token; a 3xx is never followed. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299
}

function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

async function sendOnce(request: TokenRequest, timeoutMs: number, title: string): Promise<VendorResponse> {
  const transport = openTransport(new URL(request.url))
  transport.proxy?.secrets.forEach(maskSecret)
  // Redirects are never followed: a credential must not be replayed to another URL.
  const client = new HttpClient(USER_AGENT, [transport.handler], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: timeoutMs
  })
  let timer: NodeJS.Timeout | undefined
  let message: IncomingMessage | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeoutError(transport.awaitingProxy() ? transport.proxy : undefined))
      // Nothing of this attempt may keep the process alive: not a pending CONNECT, not a stalled tunnel.
      message?.destroy()
      transport.destroy()
    }, timeoutMs)
  })
  try {
    const exchange = (async () => {
      const method = request.method ?? 'POST'
      const length = method === 'POST' ? { 'Content-Length': String(Buffer.byteLength(request.body)) } : {}
      const response = await client.request(method, request.url, request.body, { ...request.headers, ...length })
      message = response.message
      const body = await readLimitedBody(response.message, title)
      return { status: response.message.statusCode ?? 0, headers: response.message.headers, body }
    })()
    // When the deadline wins, the abandoned exchange may still fail later; that is expected.
    exchange.catch(() => undefined)
    return await Promise.race([exchange, deadline])
  } finally {
    clearTimeout(timer)
    message?.destroy()
    transport.destroy()
    client.dispose()
  }
}

async function readLimitedBody(message: IncomingMessage, title: string): Promise<string> {
  const tooLarge = () =>
    new ActionError(`${title} answered with a body larger than ${MAX_RESPONSE_BYTES / 1024} KiB; refusing to read it.`)
  if (Number(message.headers['content-length'] ?? 0) > MAX_RESPONSE_BYTES) {
    message.destroy()
    throw tooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of message) {
    size += (chunk as Buffer).length
    if (size > MAX_RESPONSE_BYTES) {
      message.destroy()
      throw tooLarge()
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The attempt's deadline passed; `proxy` is set when the proxy itself had not answered CONNECT yet. */
class TimeoutError extends Error {
  constructor(readonly proxy?: ProxySettings) {
    super('No answer in time.')
  }
}

/** Describes a transient failure for the retry log, or throws a final, explained error. */
function transientNetworkProblem(error: unknown, host: string, timeoutMs: number): string {
  if (error instanceof ActionError) throw error
  if (error instanceof TimeoutError || (error instanceof Error && error.message.startsWith('Request timeout'))) {
    const proxy = error instanceof TimeoutError ? error.proxy : undefined
    return `no answer within ${secondsText(timeoutMs)} s${proxy ? ` (the proxy ${proxy.address} did not answer CONNECT)` : ''}`
  }
  if (error instanceof ProxyRefusedError) return proxyRefusalProblem(error, host)
  const code = errorCode(error)
  if (error instanceof ProxyConnectionError) return proxyConnectionProblem(error.proxy, code)
  if (TRANSIENT_NETWORK_CODES.has(code)) return `connection failed (${code})`
  if (code === 'ENOTFOUND') {
    throw new TransportError(`Cannot resolve ${host} (ENOTFOUND).`, 'unresolvable-host')
  }
  if (isCertificateProblem(code)) {
    throw new ActionError(`The TLS certificate of ${host} is not trusted (${code}). ${PRIVATE_CA_ADVICE}`)
  }
  throw new ActionError(`Request to ${host} failed${code ? ` (${code})` : ''}.`)
}

const PRIVATE_CA_ADVICE =
  'For a private CA (an on-premises server, a TLS-inspecting proxy), pass its PEM certificate in ca-certificate, ' +
  'or point NODE_EXTRA_CA_CERTS at its PEM file.'

// Node's self-signed codes (DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN) contain CERT.
function isCertificateProblem(code: string): boolean {
  return /CERT|TLS|SSL|UNABLE_TO_VERIFY/.test(code)
}

/** A proxy's answer to CONNECT other than 200: 502/503/504 are retried like 5xx, the rest are final. */
function proxyRefusalProblem(error: ProxyRefusedError, host: string): string {
  const { proxy, status } = error
  const source = `The proxy ${proxy.address} (from ${proxy.variable})`
  if (status === 407) {
    throw new ActionError(
      proxy.hasCredentials
        ? `${source} refused authentication (HTTP 407): check the user and password in the proxy URL.`
        : `${source} requires authentication (HTTP 407): put the user and password in the proxy URL, http://user:password@host:port.`
    )
  }
  if (status === 502 || status === 503 || status === 504)
    return `the proxy ${proxy.address} answered HTTP ${status} to CONNECT`
  throw new ActionError(
    `${source} refused to connect to ${host} (HTTP ${status}). Ask for that host to be allowed through the proxy, ` +
      'or add it to no_proxy if the runner can reach it directly.'
  )
}

/** The proxy itself could not be reached: connection failures are transient, the rest are final. */
function proxyConnectionProblem(proxy: ProxySettings, code: string): string {
  if (TRANSIENT_NETWORK_CODES.has(code)) return `connection to the proxy ${proxy.address} failed (${code})`
  if (code === 'ENOTFOUND')
    throw new ActionError(`Cannot resolve the proxy ${proxy.address} (ENOTFOUND): check ${proxy.variable}.`)
  if (isCertificateProblem(code)) {
    throw new ActionError(
      `The TLS certificate of the proxy ${proxy.address} is not trusted (${code}). ${PRIVATE_CA_ADVICE}`
    )
  }
  throw new ActionError(
    `Connection to the proxy ${proxy.address} (from ${proxy.variable}) failed${code ? ` (${code})` : ''}.`
  )
}

export function headerValue(response: VendorResponse, name: string): string {
  const value = response.headers[name.toLowerCase()]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}
