// Only our own errors print their text; anything else is summarised by name and code.
import { describe, expect, it } from '@jest/globals'
import { ActionError, InputError, describeError } from '../src/errors.js'

describe('describeError', () => {
  it('prints ActionError and InputError messages as written', () => {
    expect(describeError(new ActionError('Safe text.'))).toBe('Safe text.')
    expect(describeError(new InputError('vendor', 'is required.'))).toBe("Input 'vendor': is required.")
  })

  it('never prints the text of an unexpected error, which may quote a header or body', () => {
    const leaky = Object.assign(new TypeError('Authorization: Basic c2VjcmV0'), { code: 'ERR_X' })
    expect(describeError(leaky)).toBe('Unexpected error (TypeError ERR_X). Please report it if it persists.')
    // Errors from another realm (Node internals under a VM) are plain objects to instanceof.
    expect(describeError({ name: 'Error', code: 'EACCES', message: 'secret' })).toBe(
      'Unexpected error (Error EACCES). Please report it if it persists.'
    )
    expect(describeError('a thrown string with a secret')).toBe(
      'Unexpected error (string). Please report it if it persists.'
    )
  })
})
