/**
 * Every request that no nock interceptor answered during the current test. Net connect is disabled
 * (setup.ts), so such a request never leaves the process: nock refuses it, and this records it.
 * A test that says "no request was made" sets up no interceptor and expects this list empty.
 */
import nock from 'nock'
import { expect } from '@jest/globals'

export interface UnansweredRequest {
  method: string
  url: string
  /** The request's Authorization header, or '' (to prove a credential never travelled). */
  authorization: string
}

const unanswered: UnansweredRequest[] = []

nock.emitter.on('no match', (request: Request) => {
  unanswered.push({
    method: request.method,
    url: request.url,
    authorization: request.headers.get('authorization') ?? ''
  })
})

/** What was recorded in this test. */
export function unansweredRequests(): UnansweredRequest[] {
  return [...unanswered]
}

/** The method and URL of every request no interceptor answered, for a readable failure. */
function requestLines(): string[] {
  return unanswered.map(({ method, url }) => `${method} ${url}`)
}

/**
 * Every request of this test was one an interceptor expected. With no interceptor set up, that
 * proves no request was made at all; with some, that nothing else was sent (a retry, a redirect).
 */
export function expectNoUnexpectedRequest(): void {
  expect(requestLines()).toEqual([])
}

/** Called by setup.ts before each test. */
export function forgetRequests(): void {
  unanswered.length = 0
}
