// What the bundle gets in place of the `tunnel` package (see "paths" in tsconfig.json).
// vendor-token opens proxy tunnels itself (src/transport.ts), so that a silent proxy
// cannot keep the step alive, a 407 is explained, and nothing logs a DeprecationWarning
// (tunnel builds its Proxy-Authorization header with the deprecated `new Buffer()`).
// @actions/http-client still calls one of these in _getAgent(); `undefined` makes it
// fall back to a plain agent, which our request handler then replaces.
export const httpOverHttp = (): undefined => undefined
export const httpsOverHttp = (): undefined => undefined
export const httpOverHttps = (): undefined => undefined
export const httpsOverHttps = (): undefined => undefined
