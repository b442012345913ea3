import type { AttemptRecord, PreparedRequest } from './types.js'
import type { SureResponse } from './response.js'
import { redactText, redactUrl } from './util/redact.js'

/**
 * Brand carried by every surefetch error: the leaf class name. It makes
 * `instanceof` hold across two copies of the library (the CJS and the ESM
 * build, or two bundles), where prototype identity does not.
 */
const BRAND = Symbol.for('surefetch.error')

interface Branded {
  [BRAND]?: unknown
}

/**
 * Base class of every error surefetch raises for a request it attempted.
 * `request` is what was (or would have been) sent; `attempts` and `history`
 * describe the tries made.
 */
export class RequestError extends Error {
  override get name(): string {
    return 'RequestError'
  }
  /** The request that failed. */
  readonly request: PreparedRequest
  /** How many attempts were made (1 = no retry). */
  attempts = 1
  /** One entry per attempt, oldest first. */
  history: AttemptRecord[] = []

  constructor(message: string, request: PreparedRequest, options?: { cause?: unknown }) {
    super(message, options)
    this.request = request
    ;(this as Branded)[BRAND] = this.name
  }

  /**
   * What `JSON.stringify(error)` writes — for structured logs: the request's
   * method and redacted URL and the error's own fields, never headers or
   * bodies (and no circular `request.context`).
   */
  toJSON(): Record<string, unknown> {
    const own = this as unknown as Record<string, unknown>
    const out: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      method: this.request.method,
      url: redactUrl(this.request.url),
      attempts: this.attempts,
    }
    for (const key of ['status', 'retryAfter', 'phase', 'timeout', 'origin', 'retryAt', 'snippet']) {
      if (own[key] !== undefined) out[key] = own[key]
    }
    return out
  }

  /** `instanceof` by brand, so it works across copies of the library. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
    if (typeof value !== 'object' || value === null) return false
    const brand = (value as Branded)[BRAND]
    if (typeof brand !== 'string') return false
    // A user's subclass of ours has no own `name` getter: only our classes answer by brand.
    if (!Object.hasOwn(this.prototype, 'name')) return false
    const wanted = (this.prototype as Error).name
    return wanted === 'RequestError' || wanted === brand
  }
}

/** Describes where a request went: `GET https://host/path` with secrets redacted. */
export function describe(request: PreparedRequest): string {
  return `${request.method} ${redactUrl(request.url)}`
}

/** The response had a status ≥ 400 (and `throwHttpErrors` said to throw). */
export class HTTPError extends RequestError {
  override get name(): string {
    return 'HTTPError'
  }
  /** The response; its body has not been read. */
  readonly response: SureResponse
  readonly status: number
  /** Milliseconds the server asked to wait (`Retry-After`), when it asked. */
  retryAfter?: number

  constructor(response: SureResponse) {
    const reason = response.statusText ? ` ${oneLine(response.statusText, 80)}` : ''
    super(`${response.status}${reason} — ${describe(response.request)}`, response.request)
    this.response = response
    this.status = response.status
  }
}

/** Which deadline ran out. */
export type TimeoutPhase = 'total' | 'attempt' | 'read'

/** A timeout of the given phase expired. */
export class TimeoutError extends RequestError {
  override get name(): string {
    return 'TimeoutError'
  }
  readonly phase: TimeoutPhase
  /** The limit that was exceeded, in ms. */
  readonly timeout: number

  constructor(request: PreparedRequest, phase: TimeoutPhase, timeout: number) {
    super(`${phase} timeout of ${timeout} ms exceeded — ${describe(request)}`, request)
    this.phase = phase
    this.timeout = timeout
  }
}

/** The request never produced a response: refused, reset, DNS, TLS, CORS. */
export class NetworkError extends RequestError {
  override get name(): string {
    return 'NetworkError'
  }
  constructor(request: PreparedRequest, cause: unknown) {
    super(`network error (${causeSummary(cause)}) — ${describe(request)}`, request, { cause })
  }
}

/** The body could not be parsed (or failed schema validation). */
export class ParseError extends RequestError {
  override get name(): string {
    return 'ParseError'
  }
  readonly response: SureResponse
  /** The first 200 characters of the body. */
  readonly snippet: string
  /** Standard Schema issues, when validation failed. */
  readonly issues?: readonly SchemaIssue[]

  constructor(
    response: SureResponse,
    reason: string,
    snippet: string,
    options?: { cause?: unknown; issues?: readonly SchemaIssue[] },
  ) {
    super(`${reason} — ${response.status} ${describe(response.request)}`, response.request, options)
    this.response = response
    this.snippet = snippet.slice(0, 200)
    if (options?.issues) this.issues = options.issues
  }
}

/** More redirects than `maxRedirects`. */
export class TooManyRedirectsError extends RequestError {
  override get name(): string {
    return 'TooManyRedirectsError'
  }
  readonly response: SureResponse
  constructor(response: SureResponse, maxRedirects: number) {
    super(`more than ${maxRedirects} redirects — ${describe(response.request)}`, response.request)
    this.response = response
  }
}

/** The circuit for this origin is open: the call was not sent. */
export class CircuitOpenError extends RequestError {
  override get name(): string {
    return 'CircuitOpenError'
  }
  readonly origin: string
  /** Epoch ms when a probe will be let through. */
  readonly retryAt: number
  constructor(request: PreparedRequest, origin: string, retryAt: number) {
    super(`circuit open for ${origin} until ${new Date(retryAt).toISOString()} — ${describe(request)}`, request)
    this.origin = origin
    this.retryAt = retryAt
  }
}

/** A Standard Schema issue, as carried by `ParseError.issues`. */
export interface SchemaIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

/**
 * A short reason for a transport failure. Runtimes word these differently
 * ("fetch failed", "Failed to fetch", "ECONNREFUSED"): prefer the system
 * error code undici hides in `cause`, which is the useful part at 3 a.m.
 */
function causeSummary(cause: unknown): string {
  if (!(cause instanceof Error)) return oneLine(redactText(String(cause)), 120)
  const inner: unknown = cause.cause
  const code =
    inner && typeof inner === 'object' && 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined
  const text = oneLine(redactText(cause.message || cause.name), 120)
  return code && !text.includes(code) ? `${text}: ${code}` : text
}
