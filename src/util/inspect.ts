/**
 * What a surefetch error shows of itself in a log: `toJSON()` for
 * `JSON.stringify`, and the custom inspection Node (`util.inspect`,
 * `console.log`), Bun and Deno call. Both show the safe fields only — method,
 * redacted URL, status, phase, attempts… — never headers, bodies or the
 * call's options (which hold the plaintext password of `auth`).
 *
 * Structural, by brand, so this module needs nothing from `errors.ts`.
 */
import type { AttemptRecord } from '../request.js'
import { isBranded } from './brand.js'
import { redactText, redactUrl } from './redact.js'
import { cut } from './text.js'


/** What the helpers read of a `RequestError`. */
export interface ErrorView {
  readonly name: string
  readonly message: string
  readonly stack?: string | undefined
  readonly cause?: unknown
  readonly request: { readonly method: string; readonly url: string }
  readonly attempts: number
  readonly history: readonly AttemptRecord[]
}

/** Describes where a request went, for a message: `GET https://host/path` with secrets redacted. */
export function describe(request: { readonly method: string; readonly url: string }): string {
  return `${request.method} ${redactUrl(request.url)}`
}

/**
 * Defines `key` as a non-enumerable own field: an error's `request` and
 * `response` hold headers and the call's options (the plaintext password of
 * `auth`), which a logger walking `Object.keys` or `for…in` (pino, winston,
 * vitest's diff) would otherwise print.
 */
export function hide(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false })
}

/** The subclass fields a log may show, when set. */
const FIELDS = ['status', 'retryAfter', 'phase', 'timeout', 'origin', 'retryAt', 'snippet'] as const

/**
 * Masks, in place, the secrets a runtime's error quotes: happy-dom, Deno and
 * Bun put the whole request URL (query included) in their fetch errors'
 * message, stack or `path`, and pino's and winston's serialisers print
 * `cause` messages. The error was made for this request, so masking it keeps
 * its identity (`error.cause === runtimeError`) and its class and codes.
 */
export function scrubCause(cause: unknown, level = 0): void {
  if (!(cause instanceof Error) || level > MAX_CAUSES) return
  const fields = cause as unknown as Record<string, unknown>
  for (const key of new Set(['message', 'stack', ...Object.keys(cause)])) {
    const value = fields[key]
    if (typeof value !== 'string') continue
    const masked = redactText(value)
    if (masked === value) continue
    try {
      Object.defineProperty(cause, key, { value: masked, writable: true, configurable: true, enumerable: Object.keys(cause).includes(key) })
    } catch {
      // Not configurable, as Bun's `path` is, but maybe writable; frozen: left as is.
      try {
        fields[key] = masked
      } catch {}
    }
  }
  scrubCause(cause.cause, level + 1)
}

/** Causes nested deeper than this are cut: runtime errors wrap a few levels at most. */
const MAX_CAUSES = 4

/** The body of `toJSON()`: name, message, method, redacted URL, attempts, and the set subclass fields. */
export function safeFields(error: ErrorView): Record<string, unknown> {
  const own = error as unknown as Record<string, unknown>
  const out: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    method: error.request.method,
    url: redactUrl(error.request.url),
    attempts: error.attempts,
  }
  for (const key of FIELDS) if (own[key] !== undefined) out[key] = own[key]
  return out
}

/** `util.inspect`'s options, as far as this module passes them on. */
interface InspectOptions {
  depth?: number | null
  [option: string]: unknown
}

type Inspect = (value: unknown, options?: InspectOptions) => string

/**
 * Installs the custom inspection on a class's prototype (non-enumerable,
 * like a method). Node and Bun call `nodejs.util.inspect.custom` with
 * `(depth, options, inspect)`; Deno calls `Deno.customInspect` with
 * `(inspect, options)`. Either prints the stack, then the safe fields.
 */
export function installInspect(prototype: object): void {
  // hide(): writable, configurable, not enumerable — a method's descriptor.
  hide(prototype, Symbol.for('nodejs.util.inspect.custom'), function inspectNode(this: ErrorView, depth: number, options: InspectOptions, inspect?: Inspect): string {
    if (depth < 0) return `[${this.name}: ${this.message}]`
    return render(this, inspect, { ...options, depth: options.depth == null ? null : options.depth - 1 })
  })
  hide(prototype, Symbol.for('Deno.customInspect'), function inspectDeno(this: ErrorView, inspect: Inspect, options: InspectOptions): string {
    // Deno calls the hook past the depth too: `currentDepth` says how deep it is.
    if ((options.currentDepth as number) > (options.depth as number)) return `[${this.name}: ${this.message}]`
    return render(this, inspect, options)
  })
}

function render(error: ErrorView, inspect: Inspect | undefined, options: InspectOptions): string {
  // The current name and message over the stack's frames: Bun writes `Error:` in the stack of
  // any subclass, and a beforeError hook may have extended the message since.
  const title = `${error.name}: ${error.message}`
  const stack = redactText(error.stack ?? '')
  const frames = stack.search(/\n\s+at /)
  const head = frames >= 0 ? title + stack.slice(frames) : stack.startsWith(title) || !stack ? stack || title : `${title}\n${stack}`
  const { name: _name, message: _message, ...fields } = safeFields(error)
  fields.history = error.history.map(safeRecord)
  if (error.cause !== undefined) fields.cause = causeChain(error)
  const body = typeof inspect === 'function' ? inspect(fields, options) : JSON.stringify(fields)
  return `${head} ${body}`
}

/** An attempt record with its error reduced to one redacted line. */
function safeRecord(record: AttemptRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { attempt: record.attempt }
  if (record.status !== undefined) out.status = record.status
  if (record.error !== undefined) out.error = summary(record.error)
  out.delay = record.delay
  return out
}

function summary(error: unknown): string {
  if (isBranded(error)) return `${error.name}: ${error.message}`
  if (error instanceof Error) return redactText(`${error.name}: ${error.message}`)
  return redactText(String(error))
}

/**
 * The cause chain, one redacted line per error: a runtime's error may quote
 * the whole request URL (Deno, Bun, happy-dom), and one that is not an Error
 * (MSW's is a Response) may hold headers.
 */
function causeChain(error: ErrorView): string[] {
  const chain: string[] = []
  for (let cause = error.cause; cause !== undefined && chain.length < MAX_CAUSES; ) {
    chain.push(typeof cause === 'object' && cause !== null && !(cause instanceof Error) ? `[${cause.constructor?.name ?? 'Object'}]` : summary(cause))
    cause = cause instanceof Error ? cause.cause : undefined
  }
  return chain
}

/** `text` on one line, cut to `max` characters. */
export function oneLine(text: string, max: number): string {
  return cut(text.replace(/\s+/g, ' ').trim(), max)
}

/**
 * A short reason for a transport failure, for a `NetworkError`'s message.
 * Runtimes word these differently ("fetch failed", "Failed to fetch",
 * "ECONNREFUSED"): prefer the system error code undici hides in `cause`,
 * which is the useful part at 3 a.m. Redacted: Deno quotes the request URL.
 */
export function causeSummary(cause: unknown): string {
  if (!(cause instanceof Error)) return oneLine(redactText(String(cause)), 120)
  const inner: unknown = cause.cause
  const code =
    inner && typeof inner === 'object' && 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined
  const text = oneLine(redactText(cause.message || cause.name), 120)
  return code && !text.includes(code) ? `${text}: ${code}` : text
}
