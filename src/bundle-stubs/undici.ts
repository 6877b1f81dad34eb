// What the bundle gets in place of undici (see "paths" in tsconfig.json).
// @actions/http-client imports undici only for getAgentDispatcher(), the proxy
// dispatcher for fetch(), which this action never calls: its own requests go
// through node:https (and http-client's tunnel proxy support). Bundling the real
// undici made dist/ 7x larger and added ~50 ms to the start of every step.
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with vendor-token; getAgentDispatcher() is unsupported.')
  }
}
