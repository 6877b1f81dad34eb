/**
 * An error whose message is safe to print in a public workflow log: it never
 * carries a credential, a token, a request body or a raw response.
 * Anything else that escapes is reported generically (see describeError).
 */
export class ActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ActionError'
  }
}

/**
 * A bad or missing input, found before any network call: `Input 'name': problem`, or, for
 * inputs that do not fit together, one message that names each of them.
 */
export class InputError extends ActionError {
  constructor(input: string, problem?: string) {
    super(problem === undefined ? input : `Input '${input}': ${problem}`)
    this.name = 'InputError'
  }
}

/**
 * Message for the log. Unexpected errors are summarised by class name and code only,
 * because their text may quote a header or a body we never want printed.
 */
export function describeError(error: unknown): string {
  if (error instanceof ActionError) return error.message
  // Errors from Node itself may come from another realm, so read fields rather than use instanceof.
  const name = (error as { name?: unknown } | null)?.name
  const label = [typeof name === 'string' ? name : '', errorCode(error)].filter(Boolean).join(' ') || typeof error
  return `Unexpected error (${label.replace(/[^\w .-]/g, '').slice(0, 80)}). Please report it if it persists.`
}

/** A system error's code (ENOENT, ECONNRESET, ...), reduced to characters safe to log; '' when none. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code.replace(/[^\w.-]/g, '').slice(0, 60) : ''
}
