// What the bundle gets in place of @actions/exec (see "paths" in tsconfig.json).
// @actions/core imports it only for core.platform.getDetails(), which this action never
// calls. Bundling the real one loads child_process, assert and @actions/io at the start of
// every step for nothing.
const unsupported = (): never => {
  throw new Error('@actions/exec is not bundled with vendor-token.')
}
export const exec = unsupported
export const getExecOutput = unsupported
