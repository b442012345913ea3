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
import type { AuthExchange, Hooks, ParamsInit, ParamValue, RequestOptions, RetryOptions, TimeoutOptions } from './types.js'
import { LIBRARY_DEFAULTS } from './defaults.js'
import { MAX_TIMER } from './util/sleep.js'
import { cut } from './util/text.js'

/**
 * The merge base of every call: the library defaults (defaults.ts) of the
 * options that are on unless turned off. Policy details (retry status
 * codes, backoff …) stay out, so a call's `retry` shows only what was set.
 */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  timeout: LIBRARY_DEFAULTS.timeout,
  retry: Object.freeze({ limit: LIBRARY_DEFAULTS.retry.limit }),
  throwHttpErrors: LIBRARY_DEFAULTS.throwHttpErrors,
  redirect: LIBRARY_DEFAULTS.redirect,
  maxRedirects: LIBRARY_DEFAULTS.maxRedirects,
})

const HOOK_NAMES = ['beforeRequest', 'afterResponse', 'beforeRetry', 'beforeError'] as const

/** Throws a `TypeError` (or `RangeError`) naming the option and showing the bad value. */
export function refuse(name: string, expected: string, value: unknown, type: ErrorConstructor = TypeError): never {
  throw new type(`${name} must be ${expected}, got ${show(value)}`)
}

/** Checks one option's value (defined, not `undefined`); throws naming `name`. */
type Check = (value: unknown, name: string) => void
/** Merges a layer's value over the inherited one; may validate and normalise it. */
type Merge = (inherited: never, value: never) => unknown

const isFunction: Check = (value, name) => {
  if (typeof value !== 'function') refuse(name, 'a function', value)
}

/** A row of the option table. */
interface Row {
  readonly check?: Check
  /** Absent: the later value wins; `null`: not merged. */
  readonly merge?: Merge | null
  /** A body kind: at most one per call. */
  readonly body?: true
}

const BODY: Row = { body: true }

/**
 * Every option surefetch consumes: its check (at the edge, before any I/O)
 * and its merge rule (see the table at the top; none: the later value wins;
 * `null`: not merged, `prepare` applies it). Any other key goes to fetch
 * unchanged: the transport passes exactly the keys that are not here.
 * Adding an option (a `cache` layer's, say) is one row.
 */
export const OPTIONS: Readonly<Record<string, Row>> = {
  method: {
    check: (value, name) => {
      if (typeof value !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(value)) refuse(name, 'an HTTP method token', value)
      // Fetch §2.2.1 forbidden methods (matched case-insensitively): fetch throws on them, which would otherwise
      // surface as a NetworkError and be retried.
      if (/^(?:CONNECT|TRACE|TRACK)$/i.test(value)) {
        throw new TypeError(`method ${show(value)} is forbidden by fetch (CONNECT, TRACE and TRACK cannot be sent)`)
      }
    },
  },
  baseUrl: { merge: null },
  headers: { merge: null },
  params: { merge: mergeParams as Merge },
  json: BODY,
  form: BODY,
  multipart: BODY,
  body: BODY,
  auth: {
    check: (value, name) => {
      if (value !== null && typeof value !== 'function' && !isCredentialPair(value) && !isExchange(value)) {
        refuse(name, '[user, password], a function or an auth scheme', value)
      }
    },
  },
  timeout: { merge: ((a, b) => mergePhases(a, normalizeTimeout(b))) as Merge },
  retry: { merge: ((a, b) => mergePhases(a, normalizeRetry(b))) as Merge },
  signal: {
    check: (value, name) => {
      if (value !== null && !isSignal(value)) refuse(name, 'an AbortSignal', value)
    },
  },
  throwHttpErrors: {
    check: (value, name) => {
      if (typeof value !== 'boolean' && typeof value !== 'function') refuse(name, 'a boolean or a function', value)
    },
  },
  redirect: {
    check: (value, name) => {
      if (value !== 'follow' && value !== 'manual' && value !== 'error') refuse(name, "'follow', 'manual' or 'error'", value)
    },
  },
  maxRedirects: { check: checkCount },
  cookies: { merge: mergeRecords as Merge },
  hooks: { merge: mergeHooks as Merge },
  onDownloadProgress: { check: isFunction },
  onUploadProgress: { check: isFunction },
  coalesce: {
    check: (value, name) => {
      if (typeof value !== 'boolean') refuse(name, 'a boolean', value)
    },
  },
  fetch: { check: isFunction },
  breaker: {
    check: fieldsOf('{ threshold, cooldown } or false', {
      threshold: (value, name) => {
        checkCount(value, name)
        if (value < 1) refuse(name, 'at least 1', value, RangeError)
      },
      cooldown: checkMs,
    }, true),
  },
  // A session's own (Session checks them); listed so that they never reach fetch.
  maxConcurrent: { merge: null },
  maxQueue: { merge: null },
  // A session's own too (Session checks it: layers/cache-entry.ts); fetch's own `cache` passes through.
  httpCache: { merge: null },
}

/** Returns `base` with `over` merged on top (see the table above). Neither is mutated. */
export function mergeOptions(base: ResolvedOptions, over: RequestOptions | undefined): ResolvedOptions {
  if (over === undefined) return base
  const out: Record<string, unknown> = { ...base }
  for (const key in over) {
    const value: unknown = over[key as keyof RequestOptions]
    // `__proto__` (an own key of options from JSON.parse) would replace the
    // merged object's prototype and supply options, `auth` included.
    if (value === undefined || key === '__proto__') continue
    const merge = Object.hasOwn(OPTIONS, key) ? (OPTIONS[key] as Row).merge : undefined
    if (merge === null) continue
    out[key] = merge ? merge(out[key] as never, value as never) : value
  }
  return out as unknown as ResolvedOptions
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
      refuse(`hooks.${name}`, 'an array of functions', list)
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
  if (typeof value === 'number') return { total: checkTimer(value, 'timeout') }
  // requests' (connect, read) tuple: say what it is here.
  if (Array.isArray(value)) refuse('timeout', "{ attempt, read } (not requests' (connect, read) tuple)", value, RangeError)
  return checkFields(value, 'timeout', 'a number of ms, { total, attempt, read } or false', PHASES, RangeError)
}

/** `retry` as a policy object, or `false`. */
export function normalizeRetry(value: unknown): RetryOptions | false {
  if (value === false) return false
  if (typeof value === 'number') {
    checkCount(value, 'retry')
    return value === 0 ? false : { limit: value }
  }
  checkFields(value, 'retry', 'a number, a RetryOptions object or false', RETRY)
  const retry = value as RetryOptions
  const out = { ...retry }
  if (retry.methods !== undefined) out.methods = retry.methods.map((m) => m.toUpperCase())
  return out
}

/**
 * Checks an object option (`name`, `expected` when it is not an object) field
 * by field, in the order of `fields`; returns the fields given.
 */
function checkFields<T>(value: unknown, name: string, expected: string, fields: Record<string, Check>, type?: ErrorConstructor): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(name, expected, value, type)
  const out: Record<string, unknown> = {}
  for (const key in fields) {
    const field: unknown = (value as Record<string, unknown>)[key]
    if (field !== undefined) (fields[key] as Check)((out[key] = field), `${name}.${key}`)
  }
  return out as T
}

/** A check of an object option's fields; `false` passes too when `orFalse`. */
function fieldsOf(expected: string, fields: Record<string, Check>, orFalse?: boolean): Check {
  return (value, name) => {
    if (value !== false || !orFalse) checkFields(value, name, expected, fields)
  }
}

/** An array of `item`s: the message names the first bad one and its index. */
function listOf(item: string, valid: (item: never) => boolean): Check {
  return (value, name) => {
    if (!Array.isArray(value)) refuse(name, `an array of ${item}s`, value)
    value.forEach((each, i) => valid(each as never) || refuse(`${name}[${i}]`, `a ${item}`, each))
  }
}

/** A non-negative number: ms unless `unit` says otherwise (`''` for a ratio or a factor). */
function checkMs(value: unknown, name: string, unit = ' of ms'): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) refuse(name, `a non-negative number${unit}`, value, RangeError)
  return value
}

/** A ratio or a factor: a non-negative number that is not a duration (its message says so). */
const checkNumber: Check = (value, name) => checkMs(value, name, '')

/**
 * A timeout: a timer cannot hold more than 2³¹−1 ms (runtimes fire a longer
 * one after 1 ms), so a longer one is refused rather than silently broken.
 */
function checkTimer(value: unknown, name: string): number {
  const ms = checkMs(value, name)
  if (ms > MAX_TIMER) refuse(name, `at most ${MAX_TIMER} ms (about 24.8 days; false disables it)`, value, RangeError)
  return ms
}

function checkCount(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) refuse(name, 'a non-negative integer', value, RangeError)
}

const PHASES: Record<string, Check> = { total: checkTimer, attempt: checkTimer, read: checkTimer }

const backoffFields = fieldsOf('an object or a function', {
  initial: checkMs,
  factor: checkNumber,
  max: checkMs,
  jitter: (value, name) => {
    if (value !== 'full' && value !== 'none') refuse(name, "'full' or 'none'", value)
  },
})

const codes = listOf('status code', (code) => Number.isInteger(code))

/** `retry`'s fields, checked in this order. */
const RETRY: Record<string, Check> = {
  limit: checkCount,
  maxRetryAfter: checkMs,
  shouldRetry: isFunction,
  methods: listOf('method name', (m) => typeof m === 'string'),
  statusCodes: codes,
  afterStatusCodes: codes,
  backoff: (value, name) => {
    if (typeof value !== 'function') backoffFields(value, name)
  },
  budget: fieldsOf('{ ratio, minPerSecond } or false', { ratio: checkNumber, minPerSecond: checkNumber }, true),
}

/**
 * Validates the options of one layer (session, mount or request) once, at the
 * edge, before any I/O: each given option by its row of `OPTIONS` (`timeout`,
 * `retry` and `hooks` are checked as they are merged, also before any I/O).
 * Messages name the option and the bad value.
 */
export function validateOptions(options: RequestOptions, where: string): void {
  if (typeof options !== 'object' || options === null) refuse(`${where} options`, 'an object', options)
  let body: string | undefined
  for (const key in options) {
    const value: unknown = options[key as keyof RequestOptions]
    if (value === undefined) continue
    const row = Object.hasOwn(OPTIONS, key) ? (OPTIONS[key] as Row) : undefined
    row?.check?.(value, key)
    if (row?.body) {
      if (body !== undefined) throw new TypeError(`only one of json, form, multipart and body may be given, got both ${body} and ${key}`)
      body = key
    }
  }
}

function isSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && 'addEventListener' in value
}

/** An auth scheme that takes part in the exchange (`digestAuth`, `bearerAuth`, or the user's). */
export function isExchange(value: unknown): value is AuthExchange {
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
        refuse('params entries', '[key, value] pairs', pair)
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
    refuse(`param ${show(key)}`, 'a string, number or boolean', value)
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
    const values = new URLSearchParams()
    appendParams(values, layer)
    if (!(layer instanceof URLSearchParams || Array.isArray(layer))) {
      for (const key of Object.keys(layer)) if ((layer as Record<string, unknown>)[key] == null) byKey.delete(key)
    }
    // A key already there keeps its place; a new one goes last.
    for (const key of new Set(values.keys())) byKey.set(key, values.getAll(key))
  }
  return [...byKey].flatMap(([key, values]) => values.map((value): [string, string] => [key, value]))
}

/** A bounded, single-line rendering of a bad value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cut(value, 60))
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value === null || typeof value !== 'object') return String(value)
  const name = (value as object).constructor?.name
  return name && name !== 'Object' ? `a ${name}` : 'an object'
}
