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

/** A bad or missing input, found before any network call. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    problem: string
  ) {
    super(`Input '${input}': ${problem}`)
    this.name = 'InputError'
  }
}

/**
 * Message for the log. Unexpected errors are summarised by class name only,
 * because their text may quote a header or a body we never want printed.
 */
export function describeError(error: unknown): string {
  if (error instanceof ActionError) return error.message
  // Errors from Node itself may come from another realm, so read fields rather than use instanceof.
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown }
  const label = [name, code].filter((part) => typeof part === 'string').join(' ') || typeof error
  return `Unexpected error (${label.replace(/[^\w .-]/g, '').slice(0, 80)}). Please report it if it persists.`
}
