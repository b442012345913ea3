import { describe, expect, it } from 'vitest'
import { parseHttpDate, parseRetryAfter, retryAfterMs } from '../../src/util/retry-after.js'

const now = Date.UTC(1994, 10, 6, 8, 49, 30) // Sun, 06 Nov 1994 08:49:30 GMT

describe('parseRetryAfter', () => {
  it.each<[string, number | undefined]>([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 7_000], // IMF-fixdate
    ['Sunday, 06-Nov-94 08:49:37 GMT', 7_000], // RFC 850
    ['Sun Nov  6 08:49:37 1994', 7_000], // asctime
    ['Sun, 06 Nov 1994 08:49:00 GMT', 0], // in the past
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    ['Sun, 31 Feb 1994 08:49:37 GMT', undefined], // impossible date
    ['Sun, 06 Nov 1994 25:49:37 GMT', undefined],
    ['Sun, 06 Foo 1994 08:49:37 GMT', undefined],
  ])('%j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})

describe('retryAfterMs', () => {
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '3' }, 3000],
    [{ 'ratelimit-reset': '7' }, 7000],
    [{ 'x-ratelimit-reset': '2' }, 2000],
    [{ 'x-ratelimit-reset': String(now / 1000 + 30) }, 30_000], // epoch seconds
    [{ 'x-ratelimit-reset': String(now / 1000 - 30) }, 0],
    [{ 'retry-after': '1', 'x-ratelimit-reset': '99' }, 1000], // Retry-After first
    [{ 'retry-after': 'garbage', 'x-ratelimit-reset': '99' }, undefined],
    [{ 'x-ratelimit-reset': 'later' }, undefined],
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected)
  })
})

it('parseHttpDate reads two-digit RFC 850 years into the right century', () => {
  expect(parseHttpDate('Monday, 01-Jan-24 00:00:00 GMT')).toBe(Date.UTC(2024, 0, 1))
})
