// The backoff schedule: Retry-After is honoured, otherwise exponential backoff with jitter.
import { describe, expect, it } from '@jest/globals'
import { parseRetryAfterMs, rateLimitResetDelay, retryDelayMs } from '../src/http.js'

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    expect(parseRetryAfterMs('3', now)).toBe(3000)
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 09:59:00 GMT', now)).toBe(0)
    expect(parseRetryAfterMs('', now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
  })

  it('accepts the obsolete RFC 850 and asctime date forms, as RFC 9110 asks', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    expect(parseRetryAfterMs('Wednesday, 25-Nov-26 10:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfterMs('Wed Nov 25 10:00:09 2026', now)).toBe(9000)
    expect(parseRetryAfterMs('Sun Nov  6 08:49:37 1994', now)).toBe(0)
  })

  it('ignores what is neither delay-seconds nor an HTTP-date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    // Date.parse reads these as dates in 2001 or 1970, which would mean "retry at once".
    for (const value of [
      '1.5',
      '-5',
      '+3',
      '1e3',
      '0x10',
      '2026-11-25T10:00:05Z',
      'Wed, 31 Feb 2026 10:00:00 GMT',
      'Wed, 25 Nov 2026 25:00:00 GMT'
    ]) {
      expect([value, parseRetryAfterMs(value, now)]).toEqual([value, undefined])
    }
  })
})

describe('retryDelayMs', () => {
  it('doubles the window each attempt, keeping half of it fixed and jittering the rest', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, '', () => 0))).toEqual([500, 1000, 2000, 4000])
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, '', () => 0.999))).toEqual([999, 1999, 3998, 7996])
  })

  it('caps the backoff window at 20 s', () => {
    expect(retryDelayMs(10, '', () => 0.999)).toBe(19990)
  })

  it('waits at least what Retry-After asks, plus under 250 ms of jitter, capped at 60 s', () => {
    expect(retryDelayMs(1, '2', () => 0)).toBe(2000)
    expect(retryDelayMs(1, '2', () => 0.999)).toBe(2249)
    expect(retryDelayMs(3, '0', () => 0)).toBe(0)
    expect(retryDelayMs(1, '3600', () => 0)).toBe(60000)
  })
})

describe('rateLimitResetDelay', () => {
  const now = Date.parse('2026-11-25T10:00:00.400Z')
  const inSeconds = (seconds: number) => String(Math.floor(now / 1000) + seconds)

  it('is the whole seconds until the Unix time X-RateLimit-RetryAfter names, at least 1', () => {
    expect(rateLimitResetDelay(inSeconds(5), now)).toBe('5')
    expect(rateLimitResetDelay(` ${inSeconds(2)} `, now)).toBe('2')
    // 0.6 s away: one second, as gofalcon waits at least that.
    expect(rateLimitResetDelay(inSeconds(1), now)).toBe('1')
  })

  it('is empty, so the normal backoff applies, for a time that has passed or a value that is no Unix time', () => {
    for (const value of [inSeconds(0), inSeconds(-60), '', 'soon', '-5', '1.5', '1e10', '9'.repeat(16)]) {
      expect([value, rateLimitResetDelay(value, now)]).toEqual([value, ''])
    }
  })
})
