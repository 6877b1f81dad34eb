// A local CONNECT proxy for the proxy and cloud discovery tests. Listens on 127.0.0.1 only and tunnels only to
// names under .vendor.test and to [2001:db8::*] (IPv6 documentation addresses), which it
// alone maps to 127.0.0.1, keeping the requested port (the mock vendor server's), and to the
// exact host:port authorities a test lists in `loopbackHosts`, each to the 127.0.0.1 port it gives
// (so the action can ask its own built-in vendor hosts, e.g. api.crowdstrike.com:443, of the mock).
// It never connects anywhere but 127.0.0.1. `tls: true` serves the proxy itself over HTTPS (test CA).
//
// Modes:
//   normal  tunnels every allowed CONNECT
//   auth    requires Proxy-Authorization: Basic base64(user:password), else 407
//   silent  accepts the connection and the CONNECT, and never answers
//   refuse  answers every CONNECT with `status` (403 unless given)
import { readFileSync } from 'node:fs'
import { STATUS_CODES, createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { basicHeader } from './credentials.mjs'

// No test needs a tunnel longer than this; a forgotten one cannot keep a test run alive.
const IDLE_TIMEOUT_MS = 15_000
const TUNNELLED_HOST = /^(?:(?:[a-z0-9-]+\.)*vendor\.test|\[2001:db8::[0-9a-f]{1,4}\]):(\d{1,5})$/i
const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls')

/**
 * Starts the proxy; `url` is what to put in https_proxy (without credentials).
 * `stats.targets` lists the authority of every CONNECT, in order.
 * `loopbackHosts`: { 'api.crowdstrike.com:443': mockPort, ... } (test only).
 */
export async function startProxy({
  mode = 'normal',
  status = 403,
  user = '',
  password = '',
  tls = false,
  loopbackHosts = {}
} = {}) {
  const loopbackPorts = loopbackPortsOf(loopbackHosts)
  const stats = { connects: 0, targets: [] }
  const expectedAuthorization = basicHeader(user, password)
  const sockets = new Set()
  const track = (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy())
    socket.on('error', () => socket.destroy())
  }
  const answer = (socket, code, headers = {}) => {
    const lines = Object.entries({ ...headers, 'Content-Length': '0', Connection: 'close' }).map(
      ([name, value]) => `${name}: ${value}\r\n`
    )
    socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Unknown'}\r\n${lines.join('')}\r\n`)
  }

  const notConnect = (request, response) => {
    response.writeHead(405, { Allow: 'CONNECT', Connection: 'close' })
    response.end()
  }
  const server = tls
    ? createTlsServer(
        { key: readFileSync(join(TLS_DIR, 'server.key')), cert: readFileSync(join(TLS_DIR, 'server.pem')) },
        notConnect
      )
    : createServer(notConnect)
  server.on('connection', track)
  server.on('connect', (request, client, head) => {
    stats.connects++
    stats.targets.push(request.url)
    if (mode === 'silent') return
    if (mode === 'refuse') return answer(client, status)
    if (mode === 'auth' && request.headers['proxy-authorization'] !== expectedAuthorization) {
      return answer(client, 407, { 'Proxy-Authenticate': 'Basic realm="vendor-token test proxy"' })
    }
    const authority = request.url?.toLowerCase() ?? ''
    const port = loopbackPorts.get(authority) ?? Number(authority.match(TUNNELLED_HOST)?.[1])
    if (!port) return answer(client, 403)
    const upstream = connect(port, '127.0.0.1')
    track(upstream)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
  })

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    stats,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** The loopback port of each listed authority; a malformed entry is the test's mistake, refused at once. */
function loopbackPortsOf(loopbackHosts) {
  const ports = new Map()
  for (const [authority, port] of Object.entries(loopbackHosts)) {
    if (
      !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d{1,5}$/i.test(authority) ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    )
      throw new Error(`loopbackHosts maps a host:port to a 127.0.0.1 port, not ${authority} to ${port}.`)
    ports.set(authority.toLowerCase(), port)
  }
  return ports
}
