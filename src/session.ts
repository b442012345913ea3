import { type Client, createClient, type Mount, register, send } from './core.js'
import { CookieJar } from './cookies/jar.js'
import { coalesceEntry } from './layers/coalesce-entry.js'
import { cookieEntry } from './layers/cookies.js'
import { checkHttpCache, httpCacheEntry } from './layers/cache-entry.js'
import type { HttpCacheOptions } from './cache/types.js'
import { redirectEntry } from './layers/redirects.js'
import { Breakers } from './resilience/breaker.js'
import { RetryBudgets } from './resilience/budget.js'
import { Bulkhead } from './resilience/bulkhead.js'
import { isBrowserLike } from './util/runtime.js'
import type { Lifetime } from './util/scope.js'
import { DEFAULTS, mergeOptions, show, validateOptions } from './options.js'
import { applyHeaders } from './prepare.js'
import type { ResponsePromise } from './response-promise.js'
import type { Layer as StackLayer } from './context.js'
import type { Auth, BaseOptions, CircuitStatus, Layer, MethodOptions, NoBodyOptions, RequestOptions } from './types.js'

/**
 * Options of a `Session`: defaults for every request it sends.
 *
 * @example
 * ```ts
 * const api = new Session({
 *   baseUrl: 'https://api.example.com/v1',
 *   headers: { accept: 'application/json' },
 *   auth: bearerAuth(getToken),
 *   timeout: { attempt: 5_000, total: 30_000 },
 *   retry: { limit: 3, budget: { ratio: 0.2 } },
 *   breaker: { threshold: 5, cooldown: 30_000 },
 *   maxConcurrent: 16,
 * })
 * ```
 */
export interface SessionOptions extends Omit<BaseOptions, 'cookies'> {
  /**
   * The session's cookie jar: a `CookieJar` to use (e.g. one restored with
   * `CookieJar.fromJSON`), `false` for none, or a record of extra cookies to
   * send with every request (never stored). Default: a new jar, used where
   * the runtime exposes `Set-Cookie` (not in browsers, which own cookies).
   */
  cookies?: CookieJar | false | Record<string, string | null | undefined> | undefined
  /**
   * A bulkhead: at most this many calls in flight; the rest wait in a FIFO
   * queue (honouring their signal and total deadline).
   * @example new Session({ maxConcurrent: 8 })
   */
  maxConcurrent?: number | undefined
  /**
   * With `maxConcurrent`: at most this many calls wait for a slot; a call
   * that finds every slot busy and the queue full is rejected at once with
   * `BulkheadRejectedError`, without being sent. `0`: no waiting at all.
   * @default Infinity (every excess call waits, SPEC §10)
   * @example new Session({ maxConcurrent: 16, maxQueue: 64 })
   */
  maxQueue?: number | undefined
  /**
   * An RFC 9111 private HTTP cache for the session's `GET`s (SPEC §13): fresh
   * responses are served without I/O, stale ones revalidated with
   * `If-None-Match` / `If-Modified-Since`; see docs/caching.md. `true`: a
   * memory LRU of 500 URLs and 16 MiB. In browsers, whose fetch has an HTTP
   * cache of its own, it is a no-op unless a `store` is given.
   * @default false
   * @example new Session({ httpCache: true })
   * @example new Session({ httpCache: { store: cacheApiStore(), maxBytes: 4 << 20 } })
   */
  httpCache?: boolean | HttpCacheOptions | undefined
}

/**
 * Persistent defaults — headers, auth, params, timeouts, retry, hooks — for
 * many requests, like `requests.Session`; plus a cookie jar, mounts (options
 * per URL prefix), your own layers, and the failure isolation of `breaker`,
 * `retry.budget` and `maxConcurrent`. Outside browsers, a session with a
 * cookie jar or auth follows redirects itself (`response.history`).
 *
 * @example
 * const api = new Session({ baseUrl: 'https://api.github.com', headers: { accept: 'application/vnd.github+json' } })
 * api.auth = ['octocat', token]
 * const user = await api.get('/user').json()
 */
export class Session {
  /**
   * Headers sent with every request (mutable), under a mount's and a request's.
   * @example api.headers.set('x-tenant', 'acme'); api.headers.delete('accept')
   */
  readonly headers: Headers
  /**
   * The session's cookies. Empty in browsers, where the browser keeps them;
   * an empty jar that is never used when the session was made with `cookies: false`.
   * @example const saved = JSON.stringify(api.cookies)   // later: new Session({ cookies: CookieJar.fromJSON(saved) })
   */
  readonly cookies: CookieJar
  #client: Client
  readonly #breakers = new Breakers()
  readonly #lifetime: Lifetime = { closed: false, reason: undefined, scopes: new Set() }

  /**
   * @param options defaults for every request; bad values throw a `TypeError` or `RangeError` here.
   */
  constructor(options: SessionOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new TypeError(`Session options must be an object, got ${show(options)}`)
    }
    const { headers, baseUrl, cookies, maxConcurrent, maxQueue, httpCache, ...rest } = options
    const { jar, extra } = splitCookies(cookies)
    const cache = checkHttpCache(httpCache)
    const base: RequestOptions = extra === undefined ? rest : { ...rest, cookies: extra }
    validateOptions(base, 'Session')
    if (maxConcurrent !== undefined && !(Number.isInteger(maxConcurrent) && maxConcurrent >= 1)) {
      throw new RangeError(`maxConcurrent must be a positive integer, got ${show(maxConcurrent)}`)
    }
    if (maxQueue !== undefined && maxConcurrent === undefined) {
      throw new TypeError(`maxQueue bounds the queue of the maxConcurrent bulkhead: set maxConcurrent too (maxQueue: ${show(maxQueue)})`)
    }
    this.headers = new Headers()
    applyHeaders(this.headers, headers)
    this.cookies = jar || new CookieJar()
    const client = createClient(Object.freeze(mergeOptions(DEFAULTS, base)))
    client.baseUrl = baseUrl
    client.headers = this.headers
    client.lifetime = this.#lifetime
    client.match = findMount
    register(client, this.#breakers.entry())
    client.budgets = new RetryBudgets()
    if (maxConcurrent !== undefined) register(client, new Bulkhead(maxConcurrent, maxQueue).entry())
    register(client, coalesceEntry())
    // A browser's fetch has its own HTTP cache: ours only with a store of the user's.
    if (cache && (cache !== true && cache.store || !isBrowserLike())) register(client, httpCacheEntry(cache, this.#lifetime))
    // Browsers own cookies and answer `redirect: 'manual'` opaquely: there the
    // native redirect and cookie handling stay in charge.
    if (!isBrowserLike()) {
      client.jar = jar !== false
      if (client.jar) register(client, cookieEntry(this.cookies))
      register(client, redirectEntry(client.jar))
    }
    this.#client = client
  }

  /**
   * Auth for every request (mutable): `[user, password]`, an auth function, an
   * exchange (`digestAuth`, `bearerAuth`), or `null`.
   * @example api.auth = ['octocat', token]
   */
  get auth(): Auth | null | undefined {
    return this.#client.defaults.auth
  }
  /** Replaces the auth of every later request (mounts included). */
  set auth(auth: Auth | null | undefined) {
    validateOptions({ auth }, 'Session')
    this.#client.defaults = Object.freeze({ ...this.#client.defaults, auth })
    for (const mount of this.#client.mounts) mount.resolved = Object.freeze(mergeOptions(this.#client.defaults, mount.options))
  }

  /**
   * The circuit of an origin (with `breaker` configured): `closed`, `open`
   * (with `retryAt`) or `half-open`.
   * @example api.circuit('https://api.example.com')   // { state: 'open', failures: 5, retryAt: 1763… }
   */
  circuit(origin: string | URL): CircuitStatus {
    let key: string
    try {
      key = new URL(String(origin)).origin
    } catch {
      throw new TypeError(`circuit() takes an absolute URL or origin, got ${show(String(origin))}`)
    }
    return this.#breakers.status(key)
  }

  /**
   * `true` once `close()` was called.
   * @example if (!api.closed) await api.get('/ping')
   */
  get closed(): boolean {
    return this.#lifetime.closed
  }

  /**
   * Sends a request; the method comes from `options.method` (default `GET`).
   * @example await api.request('/cache/item', { method: 'PURGE' })
   */
  request(input: string | URL, options?: RequestOptions): ResponsePromise {
    return send(this.#client, options?.method ?? 'GET', input, options)
  }
  /**
   * `GET`, with the session's defaults under the request's options; it sends
   * no body (`request()` with `method: 'GET'` does, if you must).
   * @param input an absolute URL, or a path joined with the session's `baseUrl`
   * @example const user = await api.get('/user').json<User>()
   */
  get(input: string | URL, options?: NoBodyOptions): ResponsePromise {
    return send(this.#client, 'GET', input, options)
  }
  /**
   * `POST`. Not retried unless it carries an `Idempotency-Key` header.
   * @example await api.post('/items', { json: { name: 'thing' } })
   */
  post(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'POST', input, options)
  }
  /**
   * `PUT`.
   * @example await api.put('/items/1', { json: { name: 'thing' } })
   */
  put(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'PUT', input, options)
  }
  /**
   * `PATCH`. Not retried unless it carries an `Idempotency-Key` header.
   * @example await api.patch('/items/1', { json: { name: 'renamed' } })
   */
  patch(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'PATCH', input, options)
  }
  /**
   * `DELETE` (the one-shot function is `del`).
   * @example await api.delete('/items/1')
   */
  delete(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'DELETE', input, options)
  }
  /**
   * `HEAD`, which sends no body.
   * @example const size = (await api.head('/files/big.iso')).headers.get('content-length')
   */
  head(input: string | URL, options?: NoBodyOptions): ResponsePromise {
    return send(this.#client, 'HEAD', input, options)
  }
  /**
   * `OPTIONS`.
   * @example const allow = (await api.options('/items')).headers.get('allow')
   */
  options(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'OPTIONS', input, options)
  }

  /**
   * Options for every URL under `prefix` (same scheme, host and port, then
   * the path on a `/` boundary; the longest prefix wins). Merged between the
   * session's options and the request's. A mount cannot set `baseUrl`.
   * @example api.mount('https://api.github.com', { retry: 5, timeout: 2_000 })
   */
  mount(prefix: string | URL, options: Omit<BaseOptions, 'baseUrl'>): this {
    validateOptions(options, 'mount')
    if ((options as BaseOptions).baseUrl !== undefined) {
      throw new TypeError('a mount cannot set baseUrl: mounts are matched against the final URL')
    }
    let url: URL
    try {
      url = new URL(String(prefix))
    } catch {
      throw new TypeError(`mount prefix must be an absolute URL, got ${show(String(prefix))}`)
    }
    const mount: Mount = {
      origin: url.origin,
      path: url.pathname.replace(/\/+$/, ''),
      options,
      resolved: Object.freeze(mergeOptions(this.#client.defaults, options)),
    }
    const mounts = this.#client.mounts.filter((m) => m.origin !== mount.origin || m.path !== mount.path)
    mounts.push(mount)
    mounts.sort((a, b) => b.path.length - a.path.length)
    this.#client.mounts = mounts
    return this
  }

  /**
   * A new session with these options merged over this one's (headers, auth,
   * mounts and layers are copied; later changes to either do not affect the
   * other). The cookie jar is shared — the same logged-in identity — unless
   * `cookies` gives another jar or `false`; circuits, the retry budget and
   * the bulkhead are the new session's own.
   * @example const admin = api.extend({ headers: { 'x-role': 'admin' } })
   */
  extend(options: SessionOptions = {}): Session {
    const { headers, baseUrl, cookies, maxConcurrent, maxQueue, httpCache, ...rest } = options
    const { jar, extra } = splitCookies(cookies)
    const child = new Session({ cookies: jar ?? (this.#client.jar ? this.cookies : false), maxConcurrent, maxQueue, httpCache })
    const layer: RequestOptions = extra === undefined ? rest : { ...rest, cookies: extra }
    validateOptions(layer, 'Session')
    this.headers.forEach((value, name) => child.headers.set(name, value))
    applyHeaders(child.headers, headers)
    const client = child.#client
    client.defaults = Object.freeze(mergeOptions(this.#client.defaults, layer))
    client.baseUrl = baseUrl ?? this.#client.baseUrl
    client.layers = [...this.#client.layers]
    client.mounts = this.#client.mounts.map((m) => ({ ...m, resolved: Object.freeze(mergeOptions(client.defaults, m.options)) }))
    return child
  }

  /**
   * Adds a layer just above the transport (after earlier `use()`d layers).
   * @example api.use(async (request, next) => { request.headers.set('x-signed', sign(request)); return next(request) })
   */
  use(layer: Layer): this {
    if (typeof layer !== 'function') throw new TypeError(`use() takes a layer function, got ${show(layer)}`)
    this.#client.layers = [...this.#client.layers, layer as unknown as StackLayer]
    this.#client.stacks.clear()
    return this
  }

  /**
   * Aborts every call in flight; later calls reject with the same reason.
   * @param reason defaults to an `AbortError` DOMException "Session closed".
   * @example
   * ```ts
   * const api = new Session({ baseUrl: 'https://api.example.com' })
   * try {
   *   await api.get('/work')
   * } finally {
   *   api.close()
   * }
   * ```
   */
  close(reason: unknown = new DOMException('Session closed', 'AbortError')): void {
    if (this.closed) return
    const lifetime = this.#lifetime
    lifetime.closed = true
    lifetime.reason = reason
    for (const scope of [...lifetime.scopes]) scope.abort(reason)
  }

  /**
   * `await using api = new Session()` closes it at the end of the scope.
   * @example
   * ```ts
   * {
   *   await using api = new Session({ baseUrl: 'https://api.example.com' })
   *   await api.get('/work')
   * } // closed here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }
}

/** The `cookies` session option: a jar to use, `false` for none, or extra cookies for every request. */
function splitCookies(cookies: SessionOptions['cookies']): {
  jar: CookieJar | false | undefined
  extra: Record<string, string | null | undefined> | undefined
} {
  if (cookies instanceof CookieJar || cookies === false) return { jar: cookies, extra: undefined }
  return { jar: undefined, extra: cookies }
}

/**
 * The mount for `url`: same origin (scheme, host and port, so
 * `api.example.com` never matches `api.example.com.evil.net`), then the
 * longest path prefix on a `/` boundary.
 */
function findMount(mounts: readonly Mount[], url: URL): Mount | undefined {
  for (const mount of mounts) {
    if (url.origin !== mount.origin) continue
    const path = url.pathname
    if (mount.path === '' || path === mount.path || path.startsWith(`${mount.path}/`)) return mount
  }
  return undefined
}
