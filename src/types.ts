import type { RequestError } from './errors.js'
import type { DownloadProgress, Layer, PreparedRequest, RequestBody } from './request.js'
import type { SureResponse } from './response.js'
import type { RetryBudgetOptions } from './resilience/budget.js'

export type { AttemptRecord, DownloadProgress, Layer, Next, PreparedRequest, RequestBody } from './request.js'

/**
 * A query or form value: `null`/`undefined` are dropped, numbers and booleans stringified.
 *
 * @example
 * ```ts
 * await get('https://httpbin.org/get', { params: { q: 'x', page: 2, draft: false, cursor: undefined } })   // ?q=x&page=2&draft=false
 * ```
 */
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

/**
 * Headers: a `Headers`, `[name, value]` pairs (repeats append), or a record
 * where `null`/`undefined` removes an inherited header. (What `Headers`
 * accepts, spelled out so that the types need no DOM lib.)
 *
 * @example
 * ```ts
 * const api = new Session({ headers: { 'x-client': 'app', accept: 'application/json' } })
 * await api.get('https://httpbin.org/headers', { headers: { 'x-trace': '1', 'x-client': null } })   // sends accept and x-trace
 * ```
 */
export type HeadersOption = Headers | Record<string, string | null | undefined> | ReadonlyArray<readonly [string, string]>

/**
 * A `multipart` field: text, a file, or a blob with the filename to send.
 *
 * @example
 * ```ts
 * await post('https://httpbin.org/post', {
 *   multipart: { note: 'Q3', report: [new Blob(['a,b\n'], { type: 'text/csv' }), 'report.csv'], photo: new File([bytes], 'me.png') },
 * })
 * ```
 */
export type MultipartValue = string | Blob | readonly [Blob, string]

/**
 * Custom authentication (the `AuthBase` of requests): change the request
 * (e.g. sign it) or return a new one. It runs for every attempt, and only
 * for requests to the origin the call was made to.
 *
 * @example
 * ```ts
 * const apiKey = (key: string): AuthFunction => (request) => {
 *   request.headers.set('x-api-key', key)
 * }
 * await get('https://httpbin.org/headers', { auth: apiKey('k3y') })
 * ```
 */
export type AuthFunction = (
  request: PreparedRequest,
) => PreparedRequest | undefined | void | Promise<PreparedRequest | undefined | void>

/**
 * An auth scheme that takes part in the exchange: it may send the request,
 * read a `401` challenge and replay the request (Digest, Bearer refresh).
 * It runs as a layer, inside retry and redirects, once per attempt.
 * The built-in schemes record the challenges they answered in `response.history`.
 * `digestAuth()` and `bearerAuth()` return one.
 *
 * @example
 * ```ts
 * // Ask for a one-time code when the server says so
 * const otp: AuthExchange = {
 *   async exchange(request, next) {
 *     const response = await next(request)
 *     if (response.status !== 401) return response
 *     request.headers.set('x-otp', await promptForCode())
 *     return next(request)
 *   },
 * }
 * ```
 */
export interface AuthExchange {
  /** Sends the request through `next` — once, or again after reading a challenge. */
  readonly exchange: Layer
}

/**
 * `[user, password]` for Basic auth, a function that authenticates the request, or an exchange (`digestAuth`, `bearerAuth`).
 *
 * @example
 * ```ts
 * await get('https://httpbin.org/basic-auth/user/pass', { auth: ['user', 'pass'] })
 * await get('https://httpbin.org/bearer', { auth: bearerAuth('t0k3n') })
 * await get('https://httpbin.org/digest-auth/auth/user/pass', { auth: digestAuth('user', 'pass') })
 * ```
 */
export type Auth = readonly [user: string, password: string] | AuthFunction | AuthExchange

/**
 * Phase limits in ms; a missing phase is unbounded. (A plain number given as
 * `timeout` is `total`.)
 *
 * @example
 * ```ts
 * await get('https://httpbin.org/delay/1', { timeout: { attempt: 3_050, read: 27_000, total: 60_000 } })
 * ```
 */
export interface TimeoutOptions {
  /** The whole call: attempts, backoff sleeps, redirects and reading the body. */
  total?: number | undefined
  /** One attempt, from sending it until its response headers arrive. */
  attempt?: number | undefined
  /** The longest gap between two body chunks. */
  read?: number | undefined
}

/**
 * Context handed to `shouldRetry` and `beforeRetry` (frozen).
 *
 * @example
 * ```ts
 * const retry: RetryOptions = {
 *   shouldRetry: ({ response, attempt }) => response?.status === 409 && attempt < 3,
 * }
 * ```
 */
export interface RetryContext {
  /** The request of the attempt that failed. */
  readonly request: PreparedRequest
  /** The attempt that just failed (1-based). */
  readonly attempt: number
  /** The failure, when the attempt got no response (`NetworkError`, an attempt `TimeoutError`). */
  readonly error?: RequestError | undefined
  /** The response, when the attempt got one (its status is in `statusCodes`); its body is not read. */
  readonly response?: SureResponse | undefined
  /** ms that will be waited before the next attempt. */
  readonly delay: number
}

/**
 * urllib3-style retry policy. `retry: 3` is `{ limit: 3 }`; `retry: false` disables.
 *
 * @example
 * ```ts
 * new Session({ retry: { limit: 4, statusCodes: [503], backoff: { initial: 100, max: 2_000 } } })
 * await post('https://httpbin.org/post', { json: order, retry: 3, headers: { 'Idempotency-Key': order.id } })
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number | undefined
  /** Methods retried; others only with an `Idempotency-Key` header. @default ['GET','HEAD','PUT','DELETE','OPTIONS','TRACE'] */
  methods?: readonly string[] | undefined
  /** Statuses that trigger a retry. @default [408, 413, 429, 500, 502, 503, 504] */
  statusCodes?: readonly number[] | undefined
  /** Statuses whose `Retry-After` is honoured. @default [413, 429, 503] */
  afterStatusCodes?: readonly number[] | undefined
  /**
   * Exponential backoff, or a function of the retry number (1 for the first
   * retry) giving the wait in ms, used as is (no jitter, no cap).
   * @default { initial: 300, factor: 2, max: 30_000, jitter: 'full' }
   * @example retry: { backoff: (n) => (n === 1 ? 0 : 100 * 2 ** (n - 1)) }   // urllib3's backoff_factor=0.1: 0, 200, 400 … ms
   */
  backoff?: BackoffOptions | ((attempt: number) => number) | undefined
  /** A `Retry-After` longer than this is not waited for. @default 60_000 */
  maxRetryAfter?: number | undefined
  /** Retry network errors. @default true */
  onNetworkError?: boolean | undefined
  /** Retry attempt timeouts. @default true */
  onTimeout?: boolean | undefined
  /**
   * Replaces the method and error-kind checks (asked only about failures);
   * `limit`, `maxRetryAfter` and the total deadline still apply.
   */
  shouldRetry?: ((context: RetryContext) => boolean | Promise<boolean>) | undefined
  /**
   * Caps retries across a session's calls to one origin: over a sliding 10 s
   * window, retries ≤ `ratio` × first attempts + `minPerSecond` × 10. Off by default.
   * @example new Session({ retry: { limit: 3, budget: { ratio: 0.2, minPerSecond: 10 } } })
   */
  budget?: RetryBudgetOptions | false | undefined
}

/**
 * Exponential backoff: the wait before retry *n* is
 * `min(max, initial · factor^(n−1))` ms, then, with full jitter, a uniform
 * draw in `[0, wait]`. A `Retry-After` the server sends replaces it.
 *
 * @example
 * ```ts
 * await get('https://httpbin.org/get', { retry: { backoff: { initial: 100, factor: 3, max: 5_000, jitter: 'none' } } })   // 100, 300, …
 * ```
 */
export interface BackoffOptions {
  /** The first wait, in ms. @default 300 */
  initial?: number | undefined
  /** Each wait is this many times the one before. @default 2 */
  factor?: number | undefined
  /** No wait is longer, in ms. @default 30_000 */
  max?: number | undefined
  /** `'full'`: uniform in `[0, wait]`, so clients do not retry in lock-step; `'none'`: the computed wait. @default 'full' */
  jitter?: 'full' | 'none' | undefined
}

/**
 * A value, or a promise of it.
 * @inline
 */
type MaybePromise<T> = T | Promise<T>

/**
 * Lifecycle hooks; session hooks run before request hooks. Each list runs in
 * order, and may be async.
 *
 * @example
 * ```ts
 * const api = new Session({
 *   hooks: {
 *     beforeRequest: [(request) => void request.headers.set('x-request-id', crypto.randomUUID())],
 *     afterResponse: [(response) => console.log(response.status, response.url, `${response.elapsed} ms`)],
 *     beforeRetry: [({ attempt, delay }) => console.log(`retry ${attempt} in ${delay} ms`)],
 *     beforeError: [(error) => { error.message += ' (my-app)'; return error }],
 *   },
 * })
 * ```
 */
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

/**
 * Options that a session, a mount and a request share. `fetch`'s own options
 * (`cache`, `credentials`, `integrity`, `keepalive`, `mode`, `priority`,
 * `referrer`, `referrerPolicy`) and the runtimes' extras (`dispatcher`, `cf`,
 * `client`, `proxy`, `tls`) are passed to `fetch` unchanged.
 *
 * @example
 * ```ts
 * const api = new Session({ baseUrl: 'https://api.example.com/v1', timeout: 10_000, retry: 3 })   // SessionOptions
 * api.mount('https://api.example.com/v1/search', { timeout: { attempt: 2_000 } })                // a mount's options
 * await api.get('items', { params: { page: 2 }, headers: { accept: 'application/json' } })      // RequestOptions
 * ```
 */
export interface BaseOptions {
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
  /** Lifecycle hooks; a session's run before a mount's and a request's. */
  hooks?: Hooks | undefined
  /** Called as body bytes arrive (while you read the body). */
  onDownloadProgress?: ((progress: DownloadProgress) => void) | undefined
  /**
   * Called as the request body is sent (`json`, `form`, `multipart`, `body`),
   * ending with an event at 100 %. Streamed where the runtime streams request
   * bodies (Node, Deno, Bun, workerd); in browsers one event at 100 % when the
   * response arrives. Each attempt (a retry, a redirect that keeps the body)
   * reports from 0 again. See docs/streaming.md.
   * @example await post('https://httpbin.org/post', { body: file, onUploadProgress: ({ percent }) => bar.set(percent ?? 0) })
   */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined
  /**
   * Sessions only: concurrent identical `GET`/`HEAD` calls (same URL, same
   * headers and options) share one request; each caller gets its own
   * response, timeouts and signal. See docs/coalescing.md.
   * @default false
   * @example new Session({ coalesce: true })
   */
  coalesce?: boolean | undefined
  /** Transport. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch | undefined
  /**
   * A circuit breaker per origin (sessions only): after `threshold`
   * consecutive failures, calls fail at once with `CircuitOpenError` for
   * `cooldown` ms, then one probe is let through.
   * @example new Session({ breaker: { threshold: 5, cooldown: 30_000 } })
   */
  breaker?: BreakerOptions | false | undefined

  // fetch's own options, passed through. Listed here rather than taken from
  // `RequestInit` (a DOM name, and Node's and Workers' differ), so that the
  // published types stand alone in any project.

  /** Passed to `fetch`: how the request uses the HTTP cache (browsers; other runtimes take some modes or none). */
  cache?: 'default' | 'force-cache' | 'no-cache' | 'no-store' | 'only-if-cached' | 'reload' | undefined
  /** Passed to `fetch`: whether the browser sends its cookies and HTTP auth; `'include'` sends them cross-origin too. */
  credentials?: 'include' | 'omit' | 'same-origin' | undefined
  /** Passed to `fetch`: the subresource integrity hash the response body must match (`'sha384-…'`). */
  integrity?: string | undefined
  /** Passed to `fetch`: let the request outlive the page (browsers), for a small body. */
  keepalive?: boolean | undefined
  /** Passed to `fetch`: the browser's CORS mode. */
  mode?: 'cors' | 'navigate' | 'no-cors' | 'same-origin' | undefined
  /** Passed to `fetch`: the request's priority relative to others of the page. */
  priority?: 'auto' | 'high' | 'low' | undefined
  /** Passed to `fetch`: the `Referer` to send (a same-origin URL, `'about:client'`, or `''` for none). */
  referrer?: string | undefined
  /** Passed to `fetch`: the referrer policy of the request. */
  referrerPolicy?:
    | ''
    | 'no-referrer'
    | 'no-referrer-when-downgrade'
    | 'origin'
    | 'origin-when-cross-origin'
    | 'same-origin'
    | 'strict-origin'
    | 'strict-origin-when-cross-origin'
    | 'unsafe-url'
    | undefined

  // Runtime extras, passed through: typed loosely, so that any version of
  // the runtime's own types (or none) is accepted.

  /**
   * Node: an undici `Dispatcher` (`Agent`, `ProxyAgent`, `MockAgent`…), for
   * proxies, TLS options or connection pools. Passed to `fetch`.
   * @example new Session({ dispatcher: new ProxyAgent('http://proxy.internal:3128') })   // import { ProxyAgent } from 'undici'
   */
  dispatcher?: object | undefined
  /**
   * Cloudflare Workers: the `cf` object (`RequestInitCfProperties`) that
   * controls Cloudflare's cache and features for this subrequest. Passed to `fetch`.
   * @example await get('https://example.com/data.json', { cf: { cacheTtl: 60, cacheEverything: true } })
   */
  cf?: object | undefined
  /**
   * Deno: the HTTP client (`Deno.createHttpClient({ proxy, caCerts })`). Passed to `fetch`.
   * @example new Session({ client: Deno.createHttpClient({ proxy: { url: 'http://proxy.internal:3128' } }) })
   */
  client?: object | undefined
  /**
   * Bun: the proxy (a URL, or `{ url, headers }`), or `false` for none
   * whatever `HTTPS_PROXY` says. Passed to `fetch`.
   * @example new Session({ proxy: 'http://proxy.internal:3128' })
   */
  proxy?: string | object | false | undefined
  /**
   * Bun: TLS options (`{ rejectUnauthorized, ca, cert, key, … }`). Passed to `fetch`.
   * @example new Session({ tls: { rejectUnauthorized: false } })
   */
  tls?: object | undefined
}

/**
 * Options of one request. At most one of `json`, `form`, `multipart`, `body`:
 * two do not compile, and throw a `TypeError` at run time.
 *
 * @example
 * ```ts
 * await request('https://httpbin.org/anything', {
 *   method: 'PATCH',
 *   json: { name: 'new name' },
 *   params: { dryRun: true },
 *   timeout: 5_000,
 *   retry: false,
 * })
 * ```
 */
export type RequestOptions = MethodOptions & {
  /** Upper-cased before sending. */
  method?: string | undefined
}

/**
 * Options of one request sent with a method shortcut (`post`, `session.put`, …),
 * which fixes the method: `RequestOptions` without `method`. At most one of
 * `json`, `form`, `multipart`, `body`.
 *
 * @example
 * ```ts
 * const options: MethodOptions = { json: { name: 'thing' }, timeout: 5_000 }
 * await api.post('/items', options)
 * ```
 */
export type MethodOptions = BaseOptions &
  (
    | {
        /** Sent as `JSON.stringify(json)` with `content-type: application/json`. */
        json?: unknown
        /** At most one of `json`, `form`, `multipart`, `body`. */
        form?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        multipart?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        body?: undefined
      }
    | {
        /** At most one of `json`, `form`, `multipart`, `body`. */
        json?: undefined
        /** Sent `application/x-www-form-urlencoded`. */
        form?: ParamsInit | undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        multipart?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        body?: undefined
      }
    | {
        /** At most one of `json`, `form`, `multipart`, `body`. */
        json?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        form?: undefined
        /** Sent `multipart/form-data`; the runtime writes the boundary. */
        multipart?: Record<string, MultipartValue | null | undefined> | FormData | undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        body?: undefined
      }
    | {
        /** At most one of `json`, `form`, `multipart`, `body`. */
        json?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        form?: undefined
        /** At most one of `json`, `form`, `multipart`, `body`. */
        multipart?: undefined
        /** Sent as is. A function is called once per attempt, which makes stream bodies replayable. */
        body?: RequestBody | (() => NonNullable<RequestBody>) | undefined
      }
  )

/**
 * Options of `get` and `head` (and `session.get`, `session.head`): the
 * options of a method shortcut without a body, since `GET` and `HEAD`
 * send none. (`request()` with a `method` still takes one.)
 *
 * @example
 * ```ts
 * const options: NoBodyOptions = { params: { q: 'x' }, timeout: 5_000 }
 * await api.get('/search', options)
 * ```
 */
export type NoBodyOptions = BaseOptions & {
  /** `GET` and `HEAD` send no body. */
  json?: undefined
  /** `GET` and `HEAD` send no body. */
  form?: undefined
  /** `GET` and `HEAD` send no body. */
  multipart?: undefined
  /** `GET` and `HEAD` send no body. */
  body?: undefined
}

/**
 * A circuit's state: `closed` (calls go through), `open` (calls fail at once
 * with `CircuitOpenError`), `half-open` (one probe is let through).
 * @example if (api.circuit('https://api.example.com').state !== 'closed') showBanner()
 */
export type CircuitState = 'closed' | 'open' | 'half-open'

/**
 * Options of `breaker`: a circuit breaker per origin, on a session (or a mount, or a request of a session).
 *
 * @example
 * ```ts
 * const api = new Session({
 *   breaker: { threshold: 5, cooldown: 30_000, onStateChange: ({ origin, from, to }) => console.warn(`${origin}: ${from} → ${to}`) },
 * })
 * ```
 */
export interface BreakerOptions {
  /** Consecutive failures (network error, timeout, 5xx) that open the circuit. @default 5 */
  threshold?: number | undefined
  /** ms the circuit stays open before a probe is let through. @default 30_000 */
  cooldown?: number | undefined
  /** Called on every state change. */
  onStateChange?: ((change: { origin: string; from: CircuitState; to: CircuitState }) => void) | undefined
}

/**
 * What `session.circuit(origin)` reports.
 * @example api.circuit('https://api.example.com')   // { state: 'open', failures: 5, retryAt: 1795282507633 }
 */
export interface CircuitStatus {
  /** The circuit's state. */
  state: CircuitState
  /** Consecutive failures counted while closed. */
  failures: number
  /** Epoch ms when a probe will be let through (while open). */
  retryAt?: number
}

/**
 * Progress of a request body upload, handed to `onUploadProgress`.
 *
 * @example
 * ```ts
 * await post('https://httpbin.org/post', {
 *   body: new Blob([new Uint8Array(5 * 1024 * 1024)]),
 *   onUploadProgress: ({ loaded, total, percent }) => console.log(`${loaded} of ${total} bytes, ${Math.round(percent ?? 0)} %`),
 * })
 * ```
 */
export interface UploadProgress {
  /** Bytes handed to fetch so far. */
  loaded: number
  /** The body's size, when known (always, except for a stream body without a `content-length` header until its end). */
  total?: number
  /** `loaded / total × 100` (0–100), when the total is known; the last event of an attempt says 100. */
  percent?: number
}
