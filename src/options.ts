/**
 * Defaults, validation and merging of options: the only merge code.
 *
 * Merge order: library defaults ← session ← mount ← request. Per option:
 *
 * | option                     | rule                                                             |
 * |----------------------------|------------------------------------------------------------------|
 * | headers                    | key by key (native `Headers`); `null`/`undefined` removes        |
 * | cookies                    | key by key; `null`/`undefined` removes                           |
 * | params                     | key by key (a later key replaces all earlier values of that key);|
 * |                            | a string on either side is appended verbatim instead             |
 * | hooks                      | concatenated per hook name, earlier layer first                  |
 * | timeout, retry             | normalised to objects, merged key by key; `false` disables;      |
 * |                            | an object after `false` starts from nothing (only its keys)      |
 * | auth, signal               | later wins; `null` removes                                       |
 * | everything else            | later wins; `undefined` means "not given"                        |
 *
 * `headers` are merged by `prepare` straight into the request's `Headers`.
 */
import type { NormalizedHooks, ResolvedOptions } from './context.js'
import type { Hooks, ParamsInit, ParamValue, RequestOptions, RetryOptions, TimeoutOptions } from './types.js'
import { MAX_TIMER } from './util/sleep.js'

/** Library defaults (SPEC §4, §5, §7). */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  timeout: Object.freeze({ attempt: 10_000, read: 30_000 }),
  retry: Object.freeze({ limit: 2 }),
  throwHttpErrors: true,
  redirect: 'follow',
  maxRedirects: 30,
})

const HOOK_NAMES = ['beforeRequest', 'afterResponse', 'beforeRetry', 'beforeError'] as const
const REDIRECT_MODES = new Set(['follow', 'manual', 'error'])
const BODY_KINDS = ['json', 'form', 'multipart', 'body'] as const

/** Returns `base` with `over` merged on top (see the table above). Neither is mutated. */
export function mergeOptions(base: ResolvedOptions, over: RequestOptions | undefined): ResolvedOptions {
  if (over === undefined) return base
  const out: Record<string, unknown> = { ...base }
  for (const key in over) {
    const value: unknown = over[key as keyof RequestOptions]
    // `__proto__` (an own key of options from JSON.parse) would replace the
    // merged object's prototype and supply options, `auth` included.
    if (value === undefined || key === 'headers' || key === 'baseUrl' || key === '__proto__') continue
    switch (key) {
      case 'params':
        out.params = mergeParams(base.params, value as ParamsInit)
        break
      case 'cookies':
        out.cookies = mergeRecords(base.cookies, value as Record<string, string | null | undefined>)
        break
      case 'hooks':
        out.hooks = mergeHooks(base.hooks, value as Hooks)
        break
      case 'timeout':
        out.timeout = mergePhases(base.timeout, normalizeTimeout(value))
        break
      case 'retry':
        out.retry = mergePhases(base.retry, normalizeRetry(value))
        break
      default:
        out[key] = value
    }
  }
  return out as ResolvedOptions
}

function mergeRecords<T>(a: Record<string, T> | undefined, b: Record<string, T | null | undefined>): Record<string, T> {
  const out: Record<string, T> = { ...a }
  for (const key of Object.keys(b)) {
    const value = b[key]
    if (key === '__proto__') continue
    if (value === null || value === undefined) delete out[key]
    else out[key] = value
  }
  return out
}

function mergeHooks(a: Hooks | undefined, b: Hooks): NormalizedHooks {
  const out: Record<string, readonly unknown[]> = {}
  for (const name of HOOK_NAMES) {
    const list = b[name]
    if (list !== undefined && !(Array.isArray(list) && list.every((hook) => typeof hook === 'function'))) {
      throw new TypeError(`hooks.${name} must be an array of functions, got ${show(list)}`)
    }
    out[name] = [...(a?.[name] ?? []), ...(list ?? [])]
  }
  return out as NormalizedHooks
}

/** An object option over `false` starts from nothing; `false` always wins when it comes later. */
function mergePhases<T extends object>(a: T | false | undefined, b: T | false): T | false {
  if (b === false || a === undefined || a === false) return b
  return { ...a, ...b }
}

/** `timeout` as an object of phases, or `false`; `RangeError` for a bad value. */
export function normalizeTimeout(value: unknown): TimeoutOptions | false {
  if (value === false) return false
  if (typeof value === 'number') return { total: checkTimer('timeout', value) }
  if (typeof value !== 'object' || value === null) {
    throw new RangeError(`timeout must be a number of ms, { total, attempt, read } or false, got ${show(value)}`)
  }
  const out: TimeoutOptions = {}
  for (const phase of ['total', 'attempt', 'read'] as const) {
    const ms: unknown = (value as Record<string, unknown>)[phase]
    if (ms !== undefined) out[phase] = checkTimer(`timeout.${phase}`, ms)
  }
  return out
}

/** `retry` as a policy object, or `false`. */
export function normalizeRetry(value: unknown): RetryOptions | false {
  if (value === false) return false
  if (typeof value === 'number') {
    checkCount('retry', value)
    return value === 0 ? false : { limit: value }
  }
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`retry must be a number, a RetryOptions object or false, got ${show(value)}`)
  }
  const retry = value as RetryOptions
  if (retry.limit !== undefined) checkCount('retry.limit', retry.limit)
  if (retry.maxRetryAfter !== undefined) checkMs('retry.maxRetryAfter', retry.maxRetryAfter)
  if (retry.shouldRetry !== undefined && typeof retry.shouldRetry !== 'function') {
    throw new TypeError(`retry.shouldRetry must be a function, got ${show(retry.shouldRetry)}`)
  }
  if (retry.methods !== undefined) checkList('retry.methods', retry.methods, (m) => typeof m === 'string')
  for (const name of ['statusCodes', 'afterStatusCodes'] as const) {
    const list = retry[name]
    if (list !== undefined) checkList(`retry.${name}`, list, (code) => Number.isInteger(code))
  }
  const backoff = retry.backoff
  if (backoff !== undefined) {
    if (typeof backoff !== 'object' || backoff === null) {
      throw new TypeError(`retry.backoff must be an object, got ${show(backoff)}`)
    }
    for (const key of ['initial', 'factor', 'max'] as const) {
      // `factor` is a multiplier, not a duration: its message says so.
      if (backoff[key] !== undefined) checkMs(`retry.backoff.${key}`, backoff[key], key === 'factor' ? '' : ' of ms')
    }
    if (backoff.jitter !== undefined && backoff.jitter !== 'full' && backoff.jitter !== 'none') {
      throw new TypeError(`retry.backoff.jitter must be 'full' or 'none', got ${show(backoff.jitter)}`)
    }
  }
  const budget = retry.budget
  if (budget !== undefined && budget !== false) {
    if (typeof budget !== 'object' || budget === null) {
      throw new TypeError(`retry.budget must be { ratio, minPerSecond } or false, got ${show(budget)}`)
    }
    if (budget.ratio !== undefined) checkMs('retry.budget.ratio', budget.ratio, '')
    if (budget.minPerSecond !== undefined) checkMs('retry.budget.minPerSecond', budget.minPerSecond, '')
  }
  const out = { ...retry }
  if (retry.methods !== undefined) out.methods = retry.methods.map((m) => m.toUpperCase())
  return out
}

function checkList(name: string, value: unknown, valid: (item: never) => boolean): void {
  if (!Array.isArray(value) || !value.every((item) => valid(item as never))) {
    throw new TypeError(`${name} must be an array of ${name.endsWith('methods') ? 'method names' : 'status codes'}, got ${show(value)}`)
  }
}

function checkMs(name: string, value: unknown, unit = ' of ms'): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number${unit}, got ${show(value)}`)
  }
  return value
}

/**
 * A timeout: a timer cannot hold more than 2³¹−1 ms (runtimes fire a longer
 * one after 1 ms), so a longer one is refused rather than silently broken.
 */
function checkTimer(name: string, value: unknown): number {
  const ms = checkMs(name, value)
  if (ms > MAX_TIMER) {
    throw new RangeError(`${name} must be at most ${MAX_TIMER} ms (about 24.8 days; false disables it), got ${show(value)}`)
  }
  return ms
}

function checkCount(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${show(value)}`)
  }
}

/**
 * Validates the options of one layer (session, mount or request) once, at the
 * edge, before any I/O. Messages name the option and the bad value.
 */
export function validateOptions(options: RequestOptions, where: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where} options must be an object, got ${show(options)}`)
  }
  const { method, fetch, redirect, maxRedirects, throwHttpErrors, signal, auth, onDownloadProgress } = options
  if (method !== undefined && (typeof method !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(method))) {
    throw new TypeError(`method must be an HTTP method token, got ${show(method)}`)
  }
  // Fetch §2.2.1 forbidden methods (matched case-insensitively): fetch throws on them, which would otherwise
  // surface as a NetworkError and be retried.
  if (method !== undefined && /^(?:CONNECT|TRACE|TRACK)$/i.test(method)) {
    throw new TypeError(`method ${show(method)} is forbidden by fetch (CONNECT, TRACE and TRACK cannot be sent)`)
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new TypeError(`fetch must be a function, got ${show(fetch)}`)
  }
  if (redirect !== undefined && !REDIRECT_MODES.has(redirect)) {
    throw new TypeError(`redirect must be 'follow', 'manual' or 'error', got ${show(redirect)}`)
  }
  if (maxRedirects !== undefined) checkCount('maxRedirects', maxRedirects)
  if (throwHttpErrors !== undefined && typeof throwHttpErrors !== 'boolean' && typeof throwHttpErrors !== 'function') {
    throw new TypeError(`throwHttpErrors must be a boolean or a function, got ${show(throwHttpErrors)}`)
  }
  if (signal != null && !isSignal(signal)) {
    throw new TypeError(`signal must be an AbortSignal, got ${show(signal)}`)
  }
  if (auth != null && typeof auth !== 'function' && !isCredentialPair(auth) && !isExchangeLike(auth)) {
    throw new TypeError(`auth must be [user, password], a function or an auth scheme, got ${show(auth)}`)
  }
  if (onDownloadProgress !== undefined && typeof onDownloadProgress !== 'function') {
    throw new TypeError(`onDownloadProgress must be a function, got ${show(onDownloadProgress)}`)
  }
  const breaker = options.breaker
  if (breaker !== undefined && breaker !== false) {
    if (typeof breaker !== 'object' || breaker === null) {
      throw new TypeError(`breaker must be { threshold, cooldown } or false, got ${show(breaker)}`)
    }
    if (breaker.threshold !== undefined) {
      checkCount('breaker.threshold', breaker.threshold)
      if (breaker.threshold < 1) throw new RangeError('breaker.threshold must be at least 1, got 0')
    }
    if (breaker.cooldown !== undefined) checkMs('breaker.cooldown', breaker.cooldown)
  }
  const given = BODY_KINDS.filter((kind) => options[kind] !== undefined)
  if (given.length > 1) {
    throw new TypeError(`only one of json, form, multipart and body may be given, got both ${given[0]} and ${given[1]}`)
  }
}

function isSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && 'addEventListener' in value
}

function isExchangeLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { exchange?: unknown }).exchange === 'function'
}

function isCredentialPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
}

// ---------------------------------------------------------------- params

/** Appends `params` to a query string builder; used for both `params` and `form`. */
export function appendParams(target: URLSearchParams, params: Exclude<ParamsInit, string>): void {
  if (params instanceof URLSearchParams) {
    params.forEach((value, key) => target.append(key, value))
  } else if (Array.isArray(params)) {
    for (const pair of params as ReadonlyArray<readonly [string, ParamValue]>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`params entries must be [key, value] pairs, got ${show(pair)}`)
      }
      appendValue(target, pair[0], pair[1])
    }
  } else {
    const record = params as Record<string, ParamValue | readonly ParamValue[]>
    for (const key of Object.keys(record)) {
      const value = record[key]
      if (Array.isArray(value)) for (const item of value as readonly ParamValue[]) appendValue(target, key, item)
      else appendValue(target, key, value as ParamValue)
    }
  }
}

function appendValue(target: URLSearchParams, key: string, value: ParamValue): void {
  if (value === null || value === undefined) return
  const type = typeof value
  if (type !== 'string' && type !== 'number' && type !== 'boolean') {
    throw new TypeError(`param ${show(key)} must be a string, number or boolean, got ${show(value)}`)
  }
  target.append(key, String(value))
}

/** Serialises params to a query string without the leading `?`. */
export function serializeParams(params: ParamsInit): string {
  if (typeof params === 'string') return params.startsWith('?') ? params.slice(1) : params
  if (params instanceof URLSearchParams) return params.toString()
  const search = new URLSearchParams()
  appendParams(search, params)
  return search.toString()
}

function mergeParams(a: ParamsInit | undefined, b: ParamsInit): ParamsInit {
  if (a === undefined) return b
  if (typeof a === 'string' || typeof b === 'string') {
    return [serializeParams(a), serializeParams(b)].filter(Boolean).join('&')
  }
  // Key by key: a later layer's key replaces every earlier value of that key;
  // a record's null/undefined removes it.
  const byKey = new Map<string, string[]>()
  for (const layer of [a, b]) {
    const replaced = new Set<string>()
    const drop = dropKeys(layer)
    const values = new URLSearchParams()
    appendParams(values, layer)
    for (const key of drop) byKey.delete(key)
    values.forEach((value, key) => {
      if (!replaced.has(key)) byKey.set(key, [])
      replaced.add(key)
      byKey.get(key)?.push(value)
    })
  }
  const out: Array<[string, string]> = []
  for (const [key, values] of byKey) for (const value of values) out.push([key, value])
  return out
}

function dropKeys(params: Exclude<ParamsInit, string>): string[] {
  if (params instanceof URLSearchParams || Array.isArray(params)) return []
  const record = params as Record<string, unknown>
  return Object.keys(record).filter((key) => record[key] === null || record[key] === undefined)
}

/** A bounded, single-line rendering of a bad value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value)
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value === null || typeof value !== 'object') return String(value)
  const name = (value as object).constructor?.name
  return name && name !== 'Object' ? `a ${name}` : 'an object'
}
