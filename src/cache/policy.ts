/**
 * RFC 9111 arithmetic for a *private* cache, as pure functions of headers and
 * times (epoch ms): directives, storability (§3), freshness (§4.2.1, §4.2.2),
 * age (§4.2.3), stale serving (§4.2.4, RFC 5861) and 304 merging (§3.2).
 * The layer (layers/http-cache.ts) decides when to call them.
 */
import type { CachedResponse } from './types.js'

/** Cache-Control directives, lower-cased names; a directive without a value maps to `''`. */
export type Directives = ReadonlyMap<string, string>

/** §5.2: comma-separated directives, `name` or `name=token` or `name="quoted"`; later duplicates ignored. */
export function parseCacheControl(value: string | null): Directives {
  const out = new Map<string, string>()
  if (value === null) return out
  for (const match of value.matchAll(/([^\s,=]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/g)) {
    const name = (match[1] as string).toLowerCase()
    if (!out.has(name)) out.set(name, (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1'))
  }
  return out
}

/** A delta-seconds directive in ms (§1.2.2: a non-negative integer); `undefined` when absent or invalid. */
export function seconds(directives: Directives, name: string): number | undefined {
  const value = directives.get(name)
  return value !== undefined && /^\d+$/.test(value) ? Number(value) * 1000 : undefined
}

/** An HTTP-date (§5.6.7 of RFC 9110, any of the three formats `Date.parse` reads) in epoch ms, or `NaN`. */
export function httpDate(value: string | null): number {
  return value === null ? Number.NaN : Date.parse(value)
}

/** RFC 9110 §15.1: statuses a cache may give heuristic freshness. */
const HEURISTIC = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501])

/** Statuses this cache understands well enough to store (final, not partial, not 304). */
const UNDERSTOOD = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501, 302, 303, 307, 400, 403, 500, 502, 503, 504])

/**
 * §3: whether a response to a `GET` may be stored by a private cache.
 * `credentials`: the request carried `Authorization` (or credentials the
 * session adds): then, as §3.5 says for shared caches, only with `public`,
 * `must-revalidate` or `s-maxage` (SPEC §13).
 */
export function storable(status: number, response: Directives, request: Directives, headers: Headers, credentials: boolean): boolean {
  if (!UNDERSTOOD.has(status)) return false
  if (response.has('no-store') || request.has('no-store')) return false
  // §4.1: a stored `Vary: *` never matches, so storing it is pointless.
  if (varyNames(headers) === '*') return false
  if (credentials && !(response.has('public') || response.has('must-revalidate') || response.has('s-maxage'))) return false
  return (
    response.has('max-age') ||
    headers.has('expires') ||
    response.has('public') ||
    response.has('private') ||
    response.has('no-cache') ||
    HEURISTIC.has(status)
  )
}

/** The request header names a response varies on (lower-case), or `'*'`. */
export function varyNames(headers: Headers): string[] | '*' {
  const vary = headers.get('vary')
  if (vary === null) return []
  const names = vary.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)
  return names.includes('*') ? '*' : names
}

/** §4.1: whether a stored response's `Vary` request headers match this request's. */
export function matches(stored: CachedResponse, request: Headers): boolean {
  return stored.vary.every(([name, value]) => normalise(request.get(name)) === normalise(value))
}

/** §4.1 allows normalising the values: whitespace around commas and runs of spaces do not make a difference. */
function normalise(value: string | null): string | null {
  return value === null ? null : value.trim().replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ')
}

/**
 * What the freshness rules need from a stored response, read from its
 * headers once (the layer keeps them per stored response while it is used).
 */
export interface Facts {
  /** The response's Cache-Control. */
  readonly directives: Directives
  /** §4.2.1 freshness lifetime, ms. */
  readonly lifetime: number
  /** §4.2.3 `corrected_initial_age`, ms. */
  readonly initialAge: number
  /** When it arrived (epoch ms): the resident time counts from here. */
  readonly responseTime: number
}

export function factsOf(stored: CachedResponse): Facts {
  const headers = new Headers(stored.headers as Array<[string, string]>)
  const date = httpDate(headers.get('date'))
  const age = headers.get('age') ?? ''
  const ageValue = /^\d+$/.test(age) ? Number(age) * 1000 : 0
  // §4.2.3
  const apparentAge = Number.isNaN(date) ? 0 : Math.max(0, stored.responseTime - date)
  const responseDelay = stored.responseTime - stored.requestTime
  const correctedAgeValue = ageValue + responseDelay
  return {
    directives: parseCacheControl(headers.get('cache-control')),
    lifetime: freshnessLifetime(stored, headers),
    initialAge: Math.max(apparentAge, correctedAgeValue),
    responseTime: stored.responseTime,
  }
}

/** §4.2.3: `current_age = corrected_initial_age + resident_time`, in ms. */
export function currentAge(facts: Facts, now: number): number {
  return facts.initialAge + (now - facts.responseTime)
}

/**
 * §4.2.1: the freshness lifetime in ms. `s-maxage` is ignored (a private
 * cache); `max-age`, then `Expires − Date`, then, with no explicit freshness
 * and a `Last-Modified` on a heuristically cacheable status (or `public`),
 * §4.2.2's heuristic: 10 % of `Date − Last-Modified`.
 */
export function freshnessLifetime(stored: CachedResponse, headers = new Headers(stored.headers as Array<[string, string]>)): number {
  const directives = parseCacheControl(headers.get('cache-control'))
  const maxAge = seconds(directives, 'max-age')
  if (maxAge !== undefined) return maxAge
  const date = dateOf(headers, stored)
  if (headers.has('expires')) {
    // An invalid Expires (`0`, garbage) means "already expired" (§5.3).
    const expires = httpDate(headers.get('expires'))
    return Number.isNaN(expires) ? 0 : Math.max(0, expires - date)
  }
  const lastModified = httpDate(headers.get('last-modified'))
  if (!Number.isNaN(lastModified) && (HEURISTIC.has(stored.status) || directives.has('public'))) {
    return Math.max(0, Math.floor((date - lastModified) / 10))
  }
  return 0
}

/** The `Date` of a stored response; its arrival time when it has none or an invalid one (§6.6.1 of RFC 9110). */
function dateOf(headers: Headers, stored: CachedResponse): number {
  const date = httpDate(headers.get('date'))
  return Number.isNaN(date) ? stored.responseTime : date
}

/** How a stored response may be used for a request now. */
export type Use =
  /** fresh: serve without I/O */
  | 'fresh'
  /** stale within `stale-while-revalidate`: serve, revalidate in the background */
  | 'stale-while-revalidate'
  /** must be validated with the origin first */
  | 'revalidate'

/**
 * §4.2 and §5.2: what a stored response is good for. Request directives:
 * `no-cache` (and `Pragma: no-cache` without `Cache-Control`, §5.4) and
 * `max-age=0` force revalidation; `max-age`, `min-fresh` narrow freshness;
 * `max-stale` widens it unless the response says `must-revalidate` or
 * `no-cache`. Response `no-cache` always revalidates (§5.2.2.4).
 */
export function usable(facts: Facts, request: Directives, pragmaNoCache: boolean, now: number): Use {
  const response = facts.directives
  if (response.has('no-cache') || request.has('no-cache') || (pragmaNoCache && request.size === 0)) return 'revalidate'
  const age = currentAge(facts, now)
  const lifetime = facts.lifetime
  if (request.size > 0) {
    const maxAge = seconds(request, 'max-age')
    if (maxAge !== undefined && age > maxAge) return 'revalidate'
  }
  const minFresh = request.size > 0 ? (seconds(request, 'min-fresh') ?? 0) : 0
  if (lifetime - age > minFresh) return 'fresh'
  const mustRevalidate = response.has('must-revalidate') || response.has('proxy-revalidate')
  if (!mustRevalidate && request.has('max-stale')) {
    const maxStale = seconds(request, 'max-stale')
    if (maxStale === undefined || age - lifetime <= maxStale) return 'fresh'
  }
  if (!mustRevalidate && within(response, 'stale-while-revalidate', age - lifetime)) return 'stale-while-revalidate'
  return 'revalidate'
}

/**
 * RFC 5861 §4: whether a stale response may answer a request whose
 * revalidation failed (a 500, 502, 503 or 504, or no response at all).
 * `must-revalidate` forbids it (§4.2.4); the request's own
 * `stale-if-error` counts too.
 */
export function staleIfError(facts: Facts, request: Directives, now: number): boolean {
  const response = facts.directives
  if (response.has('must-revalidate') || response.has('proxy-revalidate') || response.has('no-cache')) return false
  const staleness = currentAge(facts, now) - facts.lifetime
  return within(response, 'stale-if-error', staleness) || within(request, 'stale-if-error', staleness)
}

function within(directives: Directives, name: string, staleness: number): boolean {
  const window = seconds(directives, name)
  return window !== undefined && staleness <= window
}

/** Hop-by-hop fields (RFC 9110 §7.6.1) and what describes the bytes as sent rather than as stored. */
const NOT_STORED = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'content-encoding'])

/**
 * The headers to store: without hop-by-hop fields (and those `Connection`
 * names), without `content-length`/`content-encoding`, because the body is
 * stored as the runtime decoded it, and without `set-cookie`: a store may be
 * shared (the Cache API serves a whole Worker zone), and one visitor's
 * cookie must never reach another. The response that was stored still
 * carries its `Set-Cookie` to the caller and the session's jar.
 */
export function storedHeaders(headers: Headers): Array<[string, string]> {
  const named = (headers.get('connection') ?? '').split(',').map((name) => name.trim().toLowerCase())
  const out: Array<[string, string]> = []
  headers.forEach((value, name) => {
    if (!NOT_STORED.has(name) && !named.includes(name) && name !== 'set-cookie') out.push([name, value])
  })
  return out
}

/**
 * §3.2 and §4.3.4: a stored response freshened by a `304`: the `304`'s
 * header fields replace the stored ones of the same name (except the ones
 * that describe the bytes on the wire), the body stays.
 */
export function freshen(stored: CachedResponse, notModified: Headers, requestTime: number, responseTime: number): CachedResponse {
  const update = storedHeaders(notModified)
  const names = new Set(update.map(([name]) => name))
  const headers = stored.headers.filter(([name]) => !names.has(name)).concat(update)
  return { ...stored, headers, requestTime, responseTime }
}
