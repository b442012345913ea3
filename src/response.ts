import { type BodyPolicy, checkUnused, guardedStream, readAll } from './body.js'
import { NetworkError, RequestError, type SchemaIssue } from './errors.js'
import { type StandardSchemaV1, schemaFailure } from './standard-schema.js'
import type { Fail, LinesOptions, NdjsonOptions } from './stream/types.js'
import { LazyIterator } from './stream/lazy.js'
import type { ServerSentEvent, SseOptions } from './stream/sse.js'
import type { AttemptRecord, PreparedRequest } from './request.js'
import { describe, hide, oneLine } from './util/inspect.js'
import { type Link, parseLinks } from './util/links.js'
import { retryAfterMs } from './util/retry-after.js'
import type { CacheStatus } from './cache/types.js'

/**
 * Where the `httpCache` layer (layers/http-cache.ts) tells `cached` what it
 * did: a property of the native response it returns, not a module-level
 * map, so nothing is shared between calls. Absent: `'miss'`.
 */
const CACHED = Symbol.for('surefetch.cached')

/**
 * A response whose body reads are guarded by `policy` (the call's read
 * timeout, cancellation scope and error settling): how surefetch wraps
 * what the stack returned. Internal: not exported from the package. Set by
 * `SureResponse`'s static block, the one place that may write its fields.
 */
export let guarded: (
  raw: Response,
  request: PreparedRequest,
  history: SureResponse[],
  attempts: number,
  elapsed: number,
  policy: BodyPolicy | undefined,
  records: AttemptRecord[],
) => SureResponse

/**
 * Stamps `attempts` and `history` on an error of a call that made `records`
 * (one entry, for this error, when no retry layer recorded any). The one
 * place that describes a call's attempts: thrown errors, body-read errors
 * and `raiseForStatus()` all get theirs here.
 */
export function stamp(error: RequestError, records: AttemptRecord[]): void {
  if (records.length > 0) {
    error.attempts = records.length
    error.history = records
    return
  }
  const record: AttemptRecord = { attempt: 1, delay: 0 }
  if (error instanceof HTTPError) record.status = error.status
  else record.error = error
  error.history = [record]
}

/**
 * A thin wrapper around the native `Response` (kept as `raw`), with
 * requests' extras: `ok` below 400, `raiseForStatus()`, `encoding`, `request`,
 * `history`, `attempts`, `elapsed`, `links`; and async iterators over the
 * body: `chunks()`, `lines()`, `ndjson()`, `sse()`. The body can be read
 * once (`clone()` first to read it twice).
 *
 * @example
 * ```ts
 * const response = await get('https://api.github.com/users/octocat/repos', { params: { per_page: 5 } })
 * response.status                        // 200
 * response.ok                            // true (status < 400)
 * response.headers.get('content-type')   // 'application/json; charset=utf-8'
 * response.links.next?.url               // the next page, from the Link header
 * const repos = await response.json<Array<{ name: string }>>()
 * ```
 */
export class SureResponse {
  // raw, attempts and elapsed are `declare`d and set by the constructor: the
  // same own fields, without the field definitions a class would also emit.
  /** The native response. */
  declare readonly raw: Response
  // request and history are private fields behind getters: not enumerable,
  // so `console.log(response)` and loggers that walk enumerable fields never
  // reach the request's headers (Authorization) or the call's options.
  readonly #request: PreparedRequest
  readonly #history: SureResponse[]
  /** Attempts made (1 = no retry). */
  declare readonly attempts: number
  /** ms from sending the final attempt until its headers arrived. */
  declare readonly elapsed: number
  #encoding: string | undefined
  #links: Record<string, Link> | undefined
  #policy: BodyPolicy | undefined
  /** The call's attempt records (set by surefetch; none for a response made by hand). */
  #records: AttemptRecord[] | undefined
  #body: ReadableStream<Uint8Array> | null | undefined

  /**
   * Wraps a native response — in an `afterResponse` hook that replaces the
   * response, for example: `new SureResponse(new Response('{}'), request)`.
   * @param raw the native response
   * @param request the request it answers
   * @param history redirect hops and challenges before it, oldest first
   * @param attempts attempts made
   * @param elapsed ms until its headers arrived
   */
  constructor(raw: Response, request: PreparedRequest, history: SureResponse[] = [], attempts = 1, elapsed = 0) {
    this.raw = raw
    this.#request = request
    this.#history = history
    this.attempts = attempts
    this.elapsed = elapsed
  }

  static {
    // The body policy (read timeout, cancellation scope) is set by surefetch
    // only, through guarded(), defined here: it is not a constructor argument, so
    // the public type never shows it.
    guarded = (raw, request, history, attempts, elapsed, policy, records) => {
      const response = new SureResponse(raw, request, history, attempts, elapsed)
      response.#policy = policy
      response.#records = records
      return response
    }
  }

  /** The request that produced this response, as the transport sent it. */
  get request(): PreparedRequest {
    return this.#request
  }
  /** Redirect hops and auth challenges surefetch handled itself, oldest first. */
  get history(): SureResponse[] {
    return this.#history
  }

  /** The status code (`requests`' `status_code`). */
  get status(): number {
    return this.raw.status
  }
  /** The reason phrase (`requests`' `reason`); empty over HTTP/2. */
  get statusText(): string {
    return this.raw.statusText
  }
  /** `status < 400`, as in requests: a 3xx counts as ok. */
  get ok(): boolean {
    return this.raw.status < 400
  }
  /** The response headers; names are case-insensitive. @example response.headers.get('Content-Type') */
  get headers(): Headers {
    return this.raw.headers
  }
  /** The final URL (after any redirect). */
  get url(): string {
    return this.raw.url || this.request.url
  }
  /** `true` when a redirect was followed (by the runtime, or by the session: see `history`). */
  get redirected(): boolean {
    return this.raw.redirected || this.history.length > 0
  }
  /** `true` once the body was read (it can be read once). */
  get bodyUsed(): boolean {
    return this.raw.bodyUsed
  }
  /**
   * The body stream, or `null` for an empty body. It is guarded like the
   * buffered helpers: the read timeout and the call's abort apply to it.
   */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) {
      const policy = this.#policy
      this.#body = policy && this.raw.body ? guardedStream(this.raw, this.request, policy) : this.raw.body
    }
    return this.#body
  }

  /**
   * The charset `text()` decodes with: from `content-type`, else `utf-8`.
   * Settable to any label `TextDecoder` knows (a `RangeError` otherwise).
   * @example response.encoding = 'iso-8859-1'; await response.text()
   */
  get encoding(): string {
    if (this.#encoding === undefined) this.#encoding = charsetOf(this.raw.headers.get('content-type'))
    return this.#encoding
  }
  /** Decode `text()` and `lines()` with this charset label from now on (normalised: `latin1` reads back as `windows-1252`). */
  set encoding(label: string) {
    this.#encoding = new TextDecoder(label).encoding
  }

  /**
   * How a session's `httpCache` answered: `'hit'` (fresh, nothing sent),
   * `'revalidated'` (confirmed by a `304`), `'stale'` (served past its
   * freshness: `stale-while-revalidate`, `stale-if-error`) or `'miss'` (from
   * the network; also whenever there is no cache).
   * @example if (response.cached === 'hit') metrics.increment('cache.hit')
   */
  get cached(): CacheStatus {
    return (this.raw as { [CACHED]?: CacheStatus })[CACHED] ?? 'miss'
  }

  /** The parsed `Link` header: `{ next: { url, rel: 'next', ... } }`. */
  get links(): Record<string, Link> {
    if (this.#links === undefined) this.#links = parseLinks(this.raw.headers.get('link'))
    return this.#links
  }

  /**
   * Throws `HTTPError` when the status is ≥ 400; returns the response otherwise.
   * @example const response = (await get(url, { throwHttpErrors: false })).raiseForStatus()
   */
  raiseForStatus(): this {
    if (this.raw.status >= 400) {
      // The same error a call throws, but for beforeError (which is async).
      const error = new HTTPError(this)
      if (this.#records !== undefined) stamp(error, this.#records)
      else error.attempts = this.attempts
      throw error
    }
    return this
  }

  /** The body decoded with `encoding`. @example const html = await response.text() */
  async text(): Promise<string> {
    const encoding = this.encoding
    if (encoding === 'utf-8' && this.#policy === undefined) return this.#nativeText()
    return decode(encoding, await this.bytes())
  }

  /**
   * The body parsed as JSON, optionally validated by a Standard Schema.
   * An empty body, invalid JSON or a failed validation rejects with `ParseError`.
   * @example const user = await response.json<User>()
   * @example const user = await response.json(UserSchema)   // zod, valibot, arktype …
   */
  json<T = unknown>(): Promise<T>
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>
  async json(schema?: StandardSchemaV1): Promise<unknown> {
    if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError('json(schema) takes a Standard Schema (zod, valibot, arktype …) or nothing')
    }
    const encoding = this.encoding
    const policy = this.#policy
    if (encoding === 'utf-8' && policy === undefined) return this.#parse(await this.#nativeText(), schema)
    let bytes: Uint8Array
    try {
      // One async step from the body to text (not text() → bytes() → readAll()).
      // readAll checks the body was not read (its TypeError goes through #fail unchanged).
      bytes = await readAll(this.raw, this.request, policy)
    } catch (error) {
      return this.#fail(error)
    }
    return this.#parse(decode(encoding, bytes), schema)
  }

  /**
   * JSON.parse, then the schema; a failure is a ParseError through #fail. The
   * value itself (not a promise) when there is no schema: no extra async step.
   */
  #parse(text: string, schema: StandardSchemaV1 | undefined): unknown {
    if (text.length === 0) return this.#fail(new ParseError(this, 'empty body where JSON was expected', ''))
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return this.#fail(new ParseError(this, `invalid JSON: ${(error as Error).message}`, text, { cause: error }))
    }
    return schema === undefined ? value : this.#validate(value, text, schema)
  }

  async #validate(value: unknown, text: string, schema: StandardSchemaV1): Promise<unknown> {
    try {
      // The total deadline and the call's signal cover a validator that never settles.
      const validation = Promise.resolve(schema['~standard'].validate(value))
      const scope = this.#policy?.scope
      const result = await (scope === undefined ? validation : scope.guard(validation))
      if (result.issues) {
        throw new ParseError(this, schemaFailure(result.issues), text, { issues: result.issues })
      }
      return result.value
    } catch (error) {
      return this.#fail(error)
    }
  }

  /** The body as bytes (a `Uint8Array` on every runtime; `requests`' `content`). @example const png = await response.bytes() */
  async bytes(): Promise<Uint8Array> {
    try {
      // readAll checks the body was not read (its TypeError goes through #fail unchanged).
      return await readAll(this.raw, this.request, this.#policy)
    } catch (error) {
      return this.#fail(error)
    }
  }
  /** The body as an `ArrayBuffer`. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes()
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer)
  }
  /** The body as a `Blob`, typed with the response's `content-type`. */
  async blob(): Promise<Blob> {
    const type = this.raw.headers.get('content-type') ?? ''
    return new Blob([(await this.bytes()) as Uint8Array<ArrayBuffer>], { type })
  }
  /** The body parsed as `multipart/form-data` or `application/x-www-form-urlencoded`. */
  async formData(): Promise<FormData> {
    const type = this.raw.headers.get('content-type')
    return new Response((await this.bytes()) as Uint8Array<ArrayBuffer>, type === null ? undefined : { headers: { 'content-type': type } }).formData()
  }

  /**
   * The body as it arrives, or re-chunked to exactly `size` bytes (the last
   * chunk may be shorter). Leaving the loop early cancels the body.
   * @example for await (const chunk of response.chunks(64 * 1024)) sink.write(chunk)
   */
  chunks(size?: number): AsyncGenerator<Uint8Array, void, undefined> {
    const stream = this.#stream()
    return new LazyIterator(async () => (await iterators()).iterateChunks(stream, size))
  }

  /**
   * The body's lines, split on `\n`, `\r\n` and `\r` (or `delimiter`), decoded
   * with `encoding`; no spurious empty lines, the last line yielded even
   * without a terminator. A line longer than `maxLineLength` (default 1 MiB
   * of characters) rejects with `ParseError` and cancels the body.
   * @example for await (const line of response.lines()) console.log(line)
   */
  lines(options?: LinesOptions): AsyncGenerator<string, void, undefined> {
    const stream = this.#stream()
    const encoding = this.encoding
    return new LazyIterator(async () => (await iterators()).iterateLines(stream, encoding, options, this.#parseFailure()))
  }

  /**
   * Newline-delimited JSON: one parsed value per non-blank line. A bad line,
   * or one longer than `maxLineLength` (default 1 MiB of characters),
   * rejects with `ParseError` naming its line number.
   * @example for await (const event of response.ndjson<LogEvent>()) handle(event)
   */
  ndjson<T = unknown>(options?: NdjsonOptions): AsyncGenerator<T, void, undefined> {
    // The body stream is taken now, as lines() takes it: happy-dom stalls a large
    // body first taken a few hundred ms after the response, and loading the
    // iterator code can take that long under a dev server. A body already read
    // still rejects on the first next(), as it did from a generator.
    const stream = this.raw.bodyUsed ? undefined : this.#stream()
    const open = (): ReadableStream<Uint8Array> => stream ?? this.#stream()
    return new LazyIterator(async () => (await iterators()).iterateNdjson<T>(open, this.encoding, options, this.#parseFailure()))
  }

  /**
   * Server-Sent Events parsed per the WHATWG HTML standard. An event whose
   * data, or a line, is longer than `maxEventLength` (default 1 MiB of
   * characters) rejects with `ParseError` and cancels the body.
   * @example for await (const { event, data } of response.sse()) console.log(event, data)
   */
  sse(options?: SseOptions): AsyncGenerator<ServerSentEvent, void, undefined> {
    // Taken now, as ndjson() takes it (see there); a body already read rejects on the first next().
    const stream = this.raw.bodyUsed ? undefined : this.#stream()
    const open = (): ReadableStream<Uint8Array> => stream ?? this.#stream()
    // Loaded on first use, with the other iterators (one lazy chunk).
    return new LazyIterator(async () => (await iterators()).iterateEvents(open, options, this.#parseFailure()))
  }

  /** How an iterator over this body builds its `ParseError`. */
  #parseFailure(): Fail {
    return (reason, snippet, cause) => new ParseError(this, reason, snippet, cause === undefined ? undefined : { cause })
  }

  /** The (guarded) body stream for an iterator; a clear error when it was already read. */
  #stream(): ReadableStream<Uint8Array> {
    checkUnused(this.raw)
    return this.body ?? new ReadableStream({ start: (controller) => controller.close() })
  }

  /** The body as text by the runtime's own decoder (no guards apply); a failure is a NetworkError. */
  async #nativeText(): Promise<string> {
    const raw = checkUnused(this.raw)
    try {
      return await raw.text()
    } catch (error) {
      return this.#fail(new NetworkError(this.request, error))
    }
  }

  /**
   * Ends a failed body read as the call ends its failures: a `RequestError`
   * (timeout, transport failure, parse error) gets the call's attempts and
   * goes through `beforeError`; anything else (a user's abort reason, a
   * body already read) is thrown unchanged.
   */
  async #fail(error: unknown): Promise<never> {
    if (!(error instanceof RequestError)) throw error
    const settle = this.#policy?.settle
    if (settle === undefined) {
      error.attempts = this.attempts
      throw error
    }
    throw await settle(error)
  }

  /** A copy whose body can be read independently (native `clone()` rules). */
  clone(): SureResponse {
    const raw = this.raw.clone()
    ;(raw as { [CACHED]?: CacheStatus | undefined })[CACHED] = (this.raw as { [CACHED]?: CacheStatus })[CACHED]
    const copy = new SureResponse(raw, this.request, this.history, this.attempts, this.elapsed)
    copy.#policy = this.#policy
    copy.#records = this.#records
    copy.#encoding = this.#encoding
    return copy
  }

  /** `<SureResponse [200]>`, as requests prints a response. */
  toString(): string {
    return `<SureResponse [${this.raw.status}]>`
  }
}

/** The iterators' code, loaded on first use: bundles that never iterate a body do not carry it. */
function iterators(): Promise<typeof import('./stream/iterate.js')> {
  return import('./stream/iterate.js')
}

let utf8Decoder: TextDecoder | undefined
/** `bytes` decoded with `encoding`; UTF-8 by a shared decoder (`decode()` without `stream` keeps no state between calls). */
function decode(encoding: string, bytes: Uint8Array): string {
  return (encoding === 'utf-8' ? (utf8Decoder ??= new TextDecoder()) : new TextDecoder(encoding)).decode(bytes)
}

/** The charset of a content-type, normalised by `TextDecoder`; `utf-8` when absent or unknown. */
function charsetOf(contentType: string | null): string {
  // Fast path: no parameters, no charset (`application/json`).
  if (contentType === null || !contentType.includes(';')) return 'utf-8'
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)
  const label = match?.[1]
  if (label === undefined || /^utf-?8$/i.test(label)) return 'utf-8'
  try {
    return new TextDecoder(label).encoding
  } catch {
    return 'utf-8'
  }
}

/**
 * The response had a status ≥ 400 (and `throwHttpErrors` said to throw).
 * Message: `404 Not Found — GET https://api.github.com/invalid`.
 *
 * @example
 * ```ts
 * try {
 *   await get('https://api.github.com/invalid')
 * } catch (error) {
 *   if (!(error instanceof HTTPError)) throw error
 *   error.status                                               // 404
 *   const { message } = await error.response.json<{ message: string }>()   // the body is still readable
 * }
 * ```
 */
export class HTTPError extends RequestError {
  /** `'HTTPError'`. */
  override get name(): string {
    return 'HTTPError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The response; its body has not been read. Not enumerable, like `request`. */
  declare readonly response: SureResponse
  /** The response's status code. */
  readonly status: number
  /** Milliseconds the server asked to wait (`Retry-After`), when it asked. */
  retryAfter?: number

  /** @param response the response whose status is ≥ 400 */
  constructor(response: SureResponse) {
    const reason = response.statusText ? ` ${oneLine(response.statusText, 80)}` : ''
    const attempts = response.attempts > 1 ? ` (after ${response.attempts} attempts)` : ''
    super(`${response.status}${reason}${attempts} — ${describe(response.request)}`, response.request)
    hide(this, 'response', response)
    this.status = response.status
    const retryAfter = retryAfterMs(response.headers)
    if (retryAfter !== undefined) this.retryAfter = retryAfter
  }
}

/**
 * The body could not be parsed (or failed schema validation): `json()` on an
 * empty body or invalid JSON, a bad `ndjson()` line, a `json(schema)` that
 * does not validate.
 *
 * @example
 * ```ts
 * const error = await get('https://httpbin.org/html').json().catch((e) => e)
 * error instanceof ParseError   // true
 * error.snippet                 // '<!DOCTYPE html>\n<html>…' (at most 200 characters)
 * ```
 */
export class ParseError extends RequestError {
  /** `'ParseError'`. */
  override get name(): string {
    return 'ParseError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The response whose body did not parse. Not enumerable, like `request`. */
  declare readonly response: SureResponse
  /** The first 200 characters of the body. */
  readonly snippet: string
  /** Standard Schema issues, when validation failed. */
  readonly issues?: readonly SchemaIssue[]

  /**
   * @param response the response whose body did not parse
   * @param reason what was wrong, for the message
   * @param snippet the text (cut to 200 characters)
   */
  constructor(
    response: SureResponse,
    reason: string,
    snippet: string,
    options?: { cause?: unknown; issues?: readonly SchemaIssue[] },
  ) {
    super(`${reason} — ${response.status} ${describe(response.request)}`, response.request, options)
    hide(this, 'response', response)
    this.snippet = snippet.slice(0, 200)
    this.attempts = response.attempts
    if (options?.issues) this.issues = options.issues
  }
}

/**
 * More redirects than `maxRedirects` (raised by a session that follows
 * redirects itself). `request` is the call's; `response` is the redirect not
 * followed, whose `history` holds the hops before it.
 *
 * @example
 * ```ts
 * const error = await new Session().get('https://httpbin.org/redirect/5', { maxRedirects: 2 }).catch((e) => e)
 * error instanceof TooManyRedirectsError   // true
 * error.response.status                    // 302
 * ```
 */
export class TooManyRedirectsError extends RequestError {
  /** `'TooManyRedirectsError'`. */
  override get name(): string {
    return 'TooManyRedirectsError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The last redirect response, not followed. Not enumerable, like `request`. */
  declare readonly response: SureResponse
  /**
   * @param response the redirect that was one too many (its `history` holds the hops before it)
   * @param maxRedirects the limit, for the message
   * @param request the request the call made (default: the last hop's)
   */
  constructor(response: SureResponse, maxRedirects: number, request: PreparedRequest = response.request) {
    super(`more than ${maxRedirects} redirects — ${describe(request)}`, request)
    hide(this, 'response', response)
  }
}
