import type { RequestError } from './errors.js'
import type { SureResponse } from './response.js'
import type { BreakerOptions } from './resilience/breaker.js'
import type { RetryBudget, RetryBudgetOptions } from './resilience/budget.js'
import type { CallScope } from './util/scope.js'

/** A query or form value: `null`/`undefined` are dropped, numbers and booleans stringified. */
export type ParamValue = string | number | boolean | null | undefined

/**
 * Query parameters (`params`) or form fields (`form`).
 *
 * @example
 * { q: 'surefetch', tag: ['http', 'fetch'], page: 2 }   // ?q=surefetch&tag=http&tag=fetch&page=2
 * [['a', 1], ['a', 2]]                                  // ?a=1&a=2, order and repeats kept
 * '?raw=as%20is'                                        // appended verbatim
 */
export type ParamsInit =
  | Record<string, ParamValue | readonly ParamValue[]>
  | ReadonlyArray<readonly [string, ParamValue]>
  | URLSearchParams
  | string

/** Headers: anything `Headers` accepts, or a record where `null`/`undefined` removes an inherited header. */
export type HeadersOption = HeadersInit | Record<string, string | null | undefined>

/** A `multipart` field: text, a file, or a blob with the filename to send. */
export type MultipartValue = string | Blob | readonly [Blob, string]

/** What the transport sends as the body. */
export type RequestBody = BodyInit | null

/**
 * The request as it goes down the layer stack — the `PreparedRequest` of
 * requests. Layers may change it or pass a modified copy to `next`.
 */
export interface PreparedRequest {
  /** Upper-case method. */
  method: string
  /** Absolute URL, with `params` applied. */
  url: string
  headers: Headers
  /** What is sent: a string, bytes, `FormData`, `URLSearchParams`, a stream, or `null`. */
  body: RequestBody
  /** The signal of this attempt (user signal, session close, timeouts combined). */
  signal: AbortSignal | undefined
  /** Per-call state shared by the layers. */
  readonly context: CallContext
}

/** State of one call, shared by every layer and attempt of it. */
export interface CallContext {
  /** The call's merged options (library ← session ← mount ← request). */
  readonly options: ResolvedOptions
  /** Responses surefetch handled itself (redirect hops, auth challenges), oldest first. */
  readonly history: SureResponse[]
  /** One record per attempt. */
  readonly attempts: AttemptRecord[]
  /** ms from sending the last attempt until its headers arrived. */
  elapsed: number
  /** The request the transport sent last (after auth and every other layer). */
  sent: PreparedRequest | undefined
  /** `true` when surefetch follows redirects itself (the transport then asks fetch for `manual`). */
  followRedirects: boolean
  /** Origin of the URL the call was made to: auth is applied only to requests to it (SPEC §6). */
  readonly origin: string
  /** The session's shared retry budget, when the call has one. */
  budget: RetryBudget | undefined
  /** Cancellation scope of the call (user signal, session close, total deadline), when any applies. */
  scope: CallScope | undefined
}

/** One attempt of a call, as recorded in `error.history`. */
export interface AttemptRecord {
  /** 1-based attempt number. */
  attempt: number
  /** Status of the response, when one arrived. */
  status?: number
  /** The failure, when the attempt failed without a response. */
  error?: unknown
  /** ms waited after this attempt before the next one (0 for the last). */
  delay: number
}

/** Continues the stack with the given request. May be called more than once (retries, redirects). */
export type Next = (request: PreparedRequest) => Promise<Response>

/**
 * A layer of the client: one concern (auth, retry, …) wrapped around the rest
 * of the stack. `session.use(layer)` inserts one just above the transport.
 *
 * @example
 * session.use(async function timing(request, next) {
 *   const started = Date.now()
 *   try { return await next(request) } finally { console.log(request.url, Date.now() - started) }
 * })
 */
export type Layer = (request: PreparedRequest, next: Next) => Promise<Response>

/**
 * Custom authentication (the `AuthBase` of requests): change the request
 * (e.g. sign it) or return a new one.
 */
export type AuthFunction = (
  request: PreparedRequest,
) => PreparedRequest | undefined | void | Promise<PreparedRequest | undefined | void>

/**
 * An auth scheme that takes part in the exchange: it may send the request,
 * read a `401` challenge and replay the request (Digest, Bearer refresh).
 * It runs as a layer, inside retry and redirects, once per attempt.
 * Responses it handled itself (a challenge) go to `request.context.history`.
 */
export interface AuthExchange {
  readonly exchange: Layer
}

/** `[user, password]` for Basic auth, a function that authenticates the request, or an exchange (`digestAuth`, `bearerAuth`). */
export type Auth = readonly [user: string, password: string] | AuthFunction | AuthExchange

/** Phase limits in ms; a missing phase is unbounded. */
export interface TimeoutOptions {
  /** The whole call: attempts, backoff sleeps, redirects and reading the body. */
  total?: number | undefined
  /** One attempt, from sending it until its response headers arrive. */
  attempt?: number | undefined
  /** The longest gap between two body chunks. */
  read?: number | undefined
}

/** Context handed to `shouldRetry` and `beforeRetry`. */
export interface RetryContext {
  readonly request: PreparedRequest
  /** The attempt that just failed (1-based). */
  readonly attempt: number
  readonly error?: RequestError | undefined
  readonly response?: SureResponse | undefined
  /** ms that will be waited before the next attempt. */
  readonly delay: number
}

/** urllib3-style retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number | undefined
  /** Methods retried; others only with an `Idempotency-Key` header. @default ['GET','HEAD','PUT','DELETE','OPTIONS','TRACE'] */
  methods?: readonly string[] | undefined
  /** Statuses that trigger a retry. @default [408, 413, 429, 500, 502, 503, 504] */
  statusCodes?: readonly number[] | undefined
  /** Statuses whose `Retry-After` is honoured. @default [413, 429, 503] */
  afterStatusCodes?: readonly number[] | undefined
  /** Exponential backoff. @default { initial: 300, factor: 2, max: 30_000, jitter: 'full' } */
  backoff?: BackoffOptions | undefined
  /** A `Retry-After` longer than this is not waited for. @default 60_000 */
  maxRetryAfter?: number | undefined
  /** Retry network errors. @default true */
  onNetworkError?: boolean | undefined
  /** Retry attempt timeouts. @default true */
  onTimeout?: boolean | undefined
  /** Overrides the decision. */
  shouldRetry?: ((context: RetryContext) => boolean | Promise<boolean>) | undefined
  /**
   * Caps retries across all calls of a session: over a sliding 10 s window,
   * retries ≤ `ratio` × first attempts + `minPerSecond` × 10. Off by default.
   * @example new Session({ retry: { limit: 3, budget: { ratio: 0.2, minPerSecond: 10 } } })
   */
  budget?: RetryBudgetOptions | false | undefined
}

export interface BackoffOptions {
  initial?: number | undefined
  factor?: number | undefined
  max?: number | undefined
  jitter?: 'full' | 'none' | undefined
}

/** Progress of a body download. */
export interface DownloadProgress {
  loaded: number
  total?: number
  /** `loaded / total`, when the total is known. */
  fraction?: number
}

type MaybePromise<T> = T | Promise<T>

/** Lifecycle hooks; session hooks run before request hooks. */
export interface Hooks {
  /** Before the request enters the stack. Return a request to replace it, or a `Response` to answer without sending. */
  beforeRequest?: ReadonlyArray<(request: PreparedRequest) => MaybePromise<PreparedRequest | Response | undefined | void>> | undefined
  /** After the final response arrived. Return a response to replace it. */
  afterResponse?: ReadonlyArray<(response: SureResponse, request: PreparedRequest) => MaybePromise<SureResponse | undefined | void>> | undefined
  /** Before each retry's sleep. */
  beforeRetry?: ReadonlyArray<(context: RetryContext) => MaybePromise<void>> | undefined
  /** Before an error is thrown. Return the error to throw (the same or another). */
  beforeError?: ReadonlyArray<(error: RequestError) => MaybePromise<RequestError>> | undefined
}

/** Options that a session, a mount and a request share. */
export interface BaseOptions extends Omit<RequestInit, 'body' | 'headers' | 'method' | 'signal' | 'redirect' | 'window'> {
  /**
   * Joined with a relative input with exactly one `/` between them.
   * @example { baseUrl: 'https://api.example.com/v1' }  // get('users') → https://api.example.com/v1/users
   */
  baseUrl?: string | URL | undefined
  /** Query parameters appended to the URL's own query. */
  params?: ParamsInit | undefined
  /** Merged over inherited headers; `null` removes an inherited one. */
  headers?: HeadersOption | undefined
  /** `[user, password]` (Basic) or an auth function; `null` disables inherited auth. */
  auth?: Auth | null | undefined
  /** ms for the whole call, or per phase; `false` disables. @default { attempt: 10_000, read: 30_000 } */
  timeout?: number | TimeoutOptions | false | undefined
  /** Retries (a number is the limit), a policy, or `false`. @default { limit: 2 } */
  retry?: number | RetryOptions | false | undefined
  /** Cancels the call; it rejects with `signal.reason`. */
  signal?: AbortSignal | null | undefined
  /** Reject statuses ≥ 400 with `HTTPError`, or decide per status. @default true */
  throwHttpErrors?: boolean | ((status: number) => boolean) | undefined
  /** @default 'follow' */
  redirect?: 'follow' | 'manual' | 'error' | undefined
  /** @default 30 */
  maxRedirects?: number | undefined
  /** Extra cookies for this request; never stored. */
  cookies?: Record<string, string | null | undefined> | undefined
  hooks?: Hooks | undefined
  onDownloadProgress?: ((progress: DownloadProgress) => void) | undefined
  /** Transport. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch | undefined
  /**
   * A circuit breaker per origin (sessions only): after `threshold`
   * consecutive failures, calls fail at once with `CircuitOpenError` for
   * `cooldown` ms, then one probe is let through.
   * @example new Session({ breaker: { threshold: 5, cooldown: 30_000 } })
   */
  breaker?: BreakerOptions | false | undefined
}

/** Options of one request. Exactly one of `json`, `form`, `multipart`, `body`. */
export interface RequestOptions extends BaseOptions {
  /** Upper-cased before sending. */
  method?: string | undefined
  /** Sent as `JSON.stringify(json)` with `content-type: application/json`. */
  json?: unknown
  /** Sent `application/x-www-form-urlencoded`. */
  form?: ParamsInit | undefined
  /** Sent `multipart/form-data`; the runtime writes the boundary. */
  multipart?: Record<string, MultipartValue> | FormData | undefined
  /** Sent as is. A function is called once per attempt, which makes stream bodies replayable. */
  body?: BodyInit | null | (() => BodyInit) | undefined
}

/** Hooks with every list present, as layers read them. */
export type NormalizedHooks = { readonly [K in keyof Hooks]-?: NonNullable<Hooks[K]> }

/**
 * The call's options after merging library ← session ← mount ← request
 * (headers and `baseUrl` are applied by `prepare` and are not here).
 */
export interface ResolvedOptions
  extends Omit<RequestOptions, 'headers' | 'baseUrl' | 'hooks' | 'timeout' | 'retry'> {
  hooks?: NormalizedHooks | undefined
  timeout?: TimeoutOptions | false | undefined
  retry?: RetryOptions | false | undefined
}
