// RFC 9111 arithmetic (src/cache/policy.ts), table-driven.
import { describe, expect, it } from 'vitest'
import { currentAge, factsOf, freshnessLifetime, parseCacheControl, staleIfError, usable } from '../../src/cache/policy.js'
import type { CachedResponse } from '../../src/cache/types.js'

const T = Date.parse('Thu, 03 Dec 2026 12:00:00 GMT')
const date = (offsetSeconds: number): string => new Date(T + offsetSeconds * 1000).toUTCString()

function stored(headers: Record<string, string>, status = 200, requestTime = T, responseTime = T): CachedResponse {
  return { url: 'http://x/', status, statusText: '', headers: Object.entries(headers), body: new Uint8Array(), requestTime, responseTime, vary: [] }
}

describe('parseCacheControl', () => {
  it.each([
    ['max-age=60, no-cache', [['max-age', '60'], ['no-cache', '']]],
    ['MAX-AGE="30" , private="set-cookie"', [['max-age', '30'], ['private', 'set-cookie']]],
    ['max-age=10, max-age=99', [['max-age', '10']]],
  ])('%s', (value, expected) => {
    expect([...parseCacheControl(value)]).toEqual(expected)
  })
})

describe('freshnessLifetime (§4.2.1)', () => {
  it.each([
    ['max-age wins over Expires', { 'cache-control': 'max-age=60', date: date(0), expires: date(600) }, 200, 60_000],
    ['s-maxage is ignored', { 'cache-control': 's-maxage=60', date: date(0) }, 200, 0],
    ['Expires − Date', { date: date(0), expires: date(120) }, 200, 120_000],
    ['an invalid Expires is already expired', { date: date(0), expires: '0' }, 200, 0],
    ['heuristic: 10 % of Date − Last-Modified', { date: date(0), 'last-modified': date(-1000) }, 200, 100_000],
    ['no heuristic for a status that is not heuristically cacheable', { date: date(0), 'last-modified': date(-1000) }, 302, 0],
    ['heuristic with public on any status', { 'cache-control': 'public', date: date(0), 'last-modified': date(-1000) }, 302, 100_000],
  ])('%s', (_name, headers, status, ms) => {
    expect(freshnessLifetime(stored(headers as Record<string, string>, status))).toBe(ms)
  })
})

describe('currentAge (§4.2.3)', () => {
  it('adds the Age header, the response delay and the resident time', () => {
    // Sent at T-2 s, arrived at T, Age: 10, now T+5 s: 10 + 2 + 5.
    expect(currentAge(factsOf(stored({ age: '10', date: date(0) }, 200, T - 2000, T)), T + 5000)).toBe(17_000)
  })
  it('uses the apparent age when the Date is older than the Age says', () => {
    expect(currentAge(factsOf(stored({ date: date(-30) })), T)).toBe(30_000)
  })
})

describe('usable and staleIfError', () => {
  it.each([
    ['fresh', { 'cache-control': 'max-age=60', date: date(0) }, '', 'fresh'],
    ['stale', { 'cache-control': 'max-age=0', date: date(0) }, '', 'revalidate'],
    ['response no-cache', { 'cache-control': 'no-cache, max-age=60', date: date(0) }, '', 'revalidate'],
    ['request no-cache', { 'cache-control': 'max-age=60', date: date(0) }, 'no-cache', 'revalidate'],
    ['request max-age=0', { 'cache-control': 'max-age=60', date: date(-5) }, 'max-age=0', 'revalidate'],
    ['stale-while-revalidate window', { 'cache-control': 'max-age=0, stale-while-revalidate=60', date: date(0) }, '', 'stale-while-revalidate'],
    ['must-revalidate beats max-stale', { 'cache-control': 'max-age=0, must-revalidate', date: date(-5) }, 'max-stale', 'revalidate'],
    ['max-stale', { 'cache-control': 'max-age=0', date: date(-5) }, 'max-stale=60', 'fresh'],
  ])('%s', (_name, headers, request, use) => {
    expect(usable(factsOf(stored(headers)), parseCacheControl(request), false, T)).toBe(use)
  })

  it('stale-if-error holds within its window and never with must-revalidate', () => {
    expect(staleIfError(factsOf(stored({ 'cache-control': 'max-age=0, stale-if-error=60', date: date(0) })), new Map(), T + 30_000)).toBe(true)
    expect(staleIfError(factsOf(stored({ 'cache-control': 'max-age=0, stale-if-error=60', date: date(0) })), new Map(), T + 90_000)).toBe(false)
    expect(staleIfError(factsOf(stored({ 'cache-control': 'max-age=0, must-revalidate, stale-if-error=60', date: date(0) })), new Map(), T)).toBe(false)
  })
})
