import type { AttemptRecord, PreparedRequest } from './request.js'
import { BRAND, type Branded, hasBrandedInstance } from './util/brand.js'
import { causeSummary, describe, hide, installInspect, safeFields, scrubCause } from './util/inspect.js'


/**
 * Base class of every error surefetch raises for a request it attempted.
 * `request` is what was (or would have been) sent; `attempts` and `history`
 * describe the tries made. Bad input (`TypeError`, `RangeError`) and aborts
 * (`signal.reason`) are not `RequestError`s.
 *
 * @example
 * ```ts
 * try {
 *   await get('https://api.example.com/items')
 * } catch (error) {
 *   if (!(error instanceof RequestError)) throw error
 *   log.warn(JSON.stringify(error))   // {"name":"HTTPError","message":"503 … — GET https://…","method":"GET","url":"…","attempts":3,"status":503}
 * }
 * ```
 */
export class RequestError extends Error {
  /** The class name (`'HTTPError'`, `'TimeoutError'` …), also for `String(error)` and stack traces. */
  override get name(): string {
    return 'RequestError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The request that failed, unredacted (URL, headers, `context.options`); not enumerable, so loggers walking fields skip it. */
  declare readonly request: PreparedRequest
  /** How many attempts were made (1 = no retry). */
  attempts = 1
  /** One entry per attempt, oldest first. */
  history: AttemptRecord[] = []

  /**
   * @param message one line: what failed, then ` — `, then the method and the redacted URL
   * @param request the request that failed
   */
  constructor(message: string, request: PreparedRequest, options?: { cause?: unknown }) {
    if (options?.cause !== undefined) scrubCause(options.cause)
    super(message, options)
    hide(this, 'request', request)
    ;(this as Branded)[BRAND] = this.name
  }

  /**
   * What `JSON.stringify(error)` writes — for structured logs: the method, the
   * redacted URL and the error's own fields, never headers or bodies (nor the
   * circular `request.context`). `util.inspect` shows them after the stack.
   */
  toJSON(): Record<string, unknown> {
    return safeFields(this)
  }

  /** `instanceof` by brand, across copies of the library. @example error instanceof HTTPError   // also for one from the CJS build */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrandedInstance(this, value)
  }
}

// Node, Bun and Deno print these errors through the safe fields too.
installInspect(RequestError.prototype)

/**
 * Which deadline ran out: `attempt` (no response headers in time), `read`
 * (the body paused too long between chunks) or `total` (the whole call).
 * @example if (error instanceof TimeoutError && error.phase === 'attempt') …
 */
export type TimeoutPhase = 'total' | 'attempt' | 'read'

/**
 * A timeout of the given phase expired. Message:
 * `attempt timeout of 100 ms exceeded — GET https://httpbin.org/stall`.
 * Never a user's abort: that rejects with `signal.reason`.
 *
 * @example
 * ```ts
 * const error = await get('https://httpbin.org/delay/3', { timeout: 500 }).catch((e) => e)
 * error instanceof TimeoutError   // true
 * error.phase                     // 'total'
 * error.timeout                   // 500
 * ```
 */
export class TimeoutError extends RequestError {
  /** `'TimeoutError'`. */
  override get name(): string {
    return 'TimeoutError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** Which deadline ran out. */
  declare readonly phase: TimeoutPhase
  /** The limit that was exceeded, in ms. */
  declare readonly timeout: number

  /**
   * @param request the request that timed out
   * @param phase which deadline ran out
   * @param timeout that deadline, in ms
   */
  constructor(request: PreparedRequest, phase: TimeoutPhase, timeout: number) {
    super(`${phase} timeout of ${timeout} ms exceeded — ${describe(request)}`, request)
    this.phase = phase
    this.timeout = timeout
  }
}

/**
 * The request never produced a response: refused, reset, DNS, TLS, CORS.
 * `cause` is the runtime's error; the message adds the system error code
 * when there is one: `network error (fetch failed: ECONNREFUSED) — GET http://127.0.0.1:59999/`.
 *
 * @example
 * ```ts
 * const error = await get('http://127.0.0.1:59999/', { retry: false }).catch((e) => e)
 * error instanceof NetworkError   // true
 * error.cause                     // TypeError: fetch failed
 * ```
 */
export class NetworkError extends RequestError {
  /** `'NetworkError'`. */
  override get name(): string {
    return 'NetworkError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /**
   * @param request the request that got no response
   * @param cause the runtime's error (kept as `cause`)
   */
  constructor(request: PreparedRequest, cause: unknown) {
    super(`network error (${causeSummary(cause)}) — ${describe(request)}`, request, { cause })
  }
}

/**
 * The circuit for this origin is open: the call was not sent (see the
 * session's `breaker` option). Not retried.
 *
 * @example
 * ```ts
 * try {
 *   return await api.get('/prices').json()
 * } catch (error) {
 *   if (error instanceof CircuitOpenError) return cachedPrices()   // error.origin is down until error.retryAt
 *   throw error
 * }
 * ```
 */
export class CircuitOpenError extends RequestError {
  /** `'CircuitOpenError'`. */
  override get name(): string {
    return 'CircuitOpenError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The origin whose circuit is open, e.g. `https://api.example.com`. */
  declare readonly origin: string
  /** Epoch ms when a probe will be let through. */
  declare readonly retryAt: number
  /**
   * @param request the request that was not sent
   * @param origin the origin whose circuit is open
   * @param retryAt epoch ms when a probe will be let through
   */
  constructor(request: PreparedRequest, origin: string, retryAt: number) {
    super(`circuit open for ${origin} until ${new Date(retryAt).toISOString()} — ${describe(request)}`, request)
    this.origin = origin
    this.retryAt = retryAt
  }
}

/**
 * A Standard Schema issue, as carried by `ParseError.issues`.
 *
 * @example
 * ```ts
 * const error = await get(url).json(UserSchema).catch((e) => e)
 * if (error instanceof ParseError) for (const issue of error.issues ?? []) console.log(issue.path, issue.message)
 * ```
 */
export interface SchemaIssue {
  /** What is wrong, as the schema library words it. */
  readonly message: string
  /** Where in the value: keys, or `{ key }` segments. */
  readonly path?:
    | ReadonlyArray<
        | PropertyKey
        | {
            /** One key of the path. */
            readonly key: PropertyKey
          }
      >
    | undefined
}
