import { getProxyUrl } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import * as http from 'node:http'
import * as https from 'node:https'
import { isIP } from 'node:net'
import type { Duplex } from 'node:stream'
import * as tls from 'node:tls'
import { ActionError } from './errors.js'

/** The proxy a request goes through. Only `address` and `variable` may appear in a log. */
export interface ProxySettings {
  /** host:port, never the user or password. */
  address: string
  /** The environment variable it came from, e.g. https_proxy. */
  variable: string
  /** Where to connect: host without IPv6 brackets, port, and whether the proxy speaks TLS. */
  host: string
  port: number
  secure: boolean
  hasCredentials: boolean
  /** The password in every form it could appear in; mask them all. */
  secrets: string[]
  /** The Proxy-Authorization header value, when the URL has credentials. */
  authorization?: string
}

/** The proxy answered CONNECT with something other than 200. */
export class ProxyRefusedError extends Error {
  constructor(
    readonly proxy: ProxySettings,
    readonly status: number
  ) {
    super(`The proxy answered CONNECT with HTTP ${status}.`)
    this.name = 'ProxyRefusedError'
  }
}

/** The connection to the proxy itself failed before it answered CONNECT. */
export class ProxyConnectionError extends Error {
  readonly code: string
  constructor(
    readonly proxy: ProxySettings,
    cause: unknown
  ) {
    super('The connection to the proxy failed.')
    this.name = 'ProxyConnectionError'
    const code = (cause as { code?: unknown } | null)?.code
    this.code = typeof code === 'string' ? code : ''
  }
}

/** What one request attempt sends through; destroy() tears down every socket it opened. */
export interface Transport {
  proxy?: ProxySettings
  /** Installs the agent on http-client's request (see RequestHandler). */
  handler: RequestHandler
  /** True while a CONNECT is still waiting for the proxy's answer. */
  awaitingProxy(): boolean
  destroy(): void
}

/**
 * The CA certificates this step trusts: undefined for Node's default store (which includes
 * NODE_EXTRA_CA_CERTS), or that store plus the ca-certificate input.
 */
let trustedCertificates: string[] | undefined

/**
 * Trusts `certificates` (PEM) in addition to the default store for every request of this step:
 * the vendor's, GitHub's ID token service, the post step's revocation, directly or through the
 * proxy's tunnel, and an https:// proxy itself (a TLS-inspecting proxy's CA is the common case).
 */
export function trustCertificates(certificates: readonly string[]): void {
  // tls.getCACertificates('default'), unlike tls.rootCertificates, keeps NODE_EXTRA_CA_CERTS and --use-system-ca.
  trustedCertificates = certificates.length > 0 ? [...tls.getCACertificates('default'), ...certificates] : undefined
}

/**
 * A fresh transport for one attempt at `url`: direct, or tunnelled through the proxy
 * http-client would use (https_proxy / HTTPS_PROXY, minus no_proxy and loopback).
 */
export function openTransport(url: URL): Transport {
  const proxy = proxyFor(url)
  const agent = proxy ? new TunnelAgent(proxy) : directAgent(url)
  return {
    proxy,
    handler: {
      prepareRequest(options) {
        options.agent = agent
        // http-client passes the URL's hostname, brackets and all; DNS cannot resolve '[::1]'.
        // Node brackets an IPv6 Host header itself and sends no SNI for an IP.
        if (typeof options.host === 'string') options.host = unbracket(options.host)
      },
      canHandleAuthentication: () => false,
      handleAuthentication: () =>
        Promise.reject(new Error('vendor-token does not handle HTTP authentication challenges.'))
    },
    awaitingProxy: () => agent instanceof TunnelAgent && agent.awaitingProxy(),
    destroy: () => agent.destroy()
  }
}

function directAgent(url: URL): http.Agent {
  return url.protocol === 'https:'
    ? new https.Agent({ keepAlive: false, ca: trustedCertificates })
    : new http.Agent({ keepAlive: false })
}

/** The proxy for `url`, resolved by http-client's own rules; undefined to go direct. */
function proxyFor(url: URL): ProxySettings | undefined {
  // Plain http is only ever allowed to loopback (validateUrl), which is never proxied.
  if (url.protocol !== 'https:') return undefined
  const variable = process.env.https_proxy ? 'https_proxy' : 'HTTPS_PROXY'
  let href: string
  try {
    href = getProxyUrl(url.href)
  } catch {
    // Never echo the value: it may hold a password.
    throw new ActionError(
      `${variable} is not a valid proxy URL; set it to http://host:port or http://user:password@host:port.`
    )
  }
  // http-client goes direct when it cannot decode the value, or it has no host
  // (e.g. 'proxy.corp:3128' reads as a scheme); so do we, as before.
  const proxyUrl = href ? new URL(href) : undefined
  if (!proxyUrl?.hostname) return undefined
  if (proxyUrl.protocol !== 'http:' && proxyUrl.protocol !== 'https:') {
    throw new ActionError(
      `${variable} must be an http:// or https:// proxy URL; other proxy protocols are not supported.`
    )
  }
  const secure = proxyUrl.protocol === 'https:'
  const port = Number(proxyUrl.port) || (secure ? 443 : 80)
  // http-client decoded these successfully, so decoding cannot throw here.
  const user = decodeURIComponent(proxyUrl.username)
  const password = decodeURIComponent(proxyUrl.password)
  const hasCredentials = Boolean(user || password)
  const credentials = Buffer.from(`${user}:${password}`, 'utf8').toString('base64')
  return {
    address: `${proxyUrl.hostname}:${port}`,
    variable,
    host: unbracket(proxyUrl.hostname),
    port,
    secure,
    hasCredentials,
    secrets: password ? [password, proxyUrl.password, credentials] : [],
    authorization: hasCredentials ? `Basic ${credentials}` : undefined
  }
}

/**
 * An agent that reaches an https target through an HTTP CONNECT tunnel, one per
 * request (no keep-alive). It tracks the pending CONNECT requests and tunnel
 * sockets, so destroy() can end every one of them, answered or not.
 */
class TunnelAgent extends https.Agent {
  /** CONNECT requests the proxy has not answered yet. */
  private readonly connecting = new Set<http.ClientRequest>()
  /** Tunnel sockets, raw and TLS, until they close. */
  private readonly tunnels = new Set<Duplex>()

  constructor(private readonly proxy: ProxySettings) {
    super({ keepAlive: false })
  }

  awaitingProxy(): boolean {
    return this.connecting.size > 0
  }

  // Node's Agent accepts this asynchronous form: return nothing, call back with the socket or an error.
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void
  ): undefined {
    const succeed = (socket: Duplex) => callback?.(null, socket)
    // On an error Node's Agent reads only the error, so no socket is passed.
    const fail = (error: Error) => (callback as ((error: Error) => void) | undefined)?.(error)
    const host = unbracket(String(options.host ?? 'localhost'))
    const port = Number(options.port) || 443
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`
    const connect = (this.proxy.secure ? https : http).request({
      host: this.proxy.host,
      port: this.proxy.port,
      method: 'CONNECT',
      path: authority,
      agent: false,
      ...(this.proxy.secure && { ca: trustedCertificates }),
      headers: { Host: authority, ...(this.proxy.authorization && { 'Proxy-Authorization': this.proxy.authorization }) }
    })
    this.connecting.add(connect)
    connect.once('connect', (response: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      this.connecting.delete(connect)
      this.track(socket)
      const status = response.statusCode ?? 0
      if (status !== 200) {
        socket.destroy()
        fail(new ProxyRefusedError(this.proxy, status))
        return
      }
      if (head.length > 0) socket.unshift(head)
      // No SNI for an IP literal (RFC 6066); `host` is what the certificate is checked against.
      const secure = tls.connect({
        socket,
        host,
        servername: isIP(host) ? undefined : host,
        ca: trustedCertificates
      })
      this.track(secure)
      succeed(secure)
    })
    connect.on('error', (error) => {
      this.connecting.delete(connect)
      fail(new ProxyConnectionError(this.proxy, error))
    })
    connect.end()
    return undefined
  }

  override destroy(): void {
    for (const request of this.connecting) request.destroy()
    for (const socket of this.tunnels) socket.destroy()
    super.destroy()
  }

  private track(socket: Duplex): void {
    this.tunnels.add(socket)
    socket.once('close', () => this.tunnels.delete(socket))
  }
}

/** '[::1]' -> '::1'; other hosts unchanged. */
function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}
