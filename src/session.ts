import { type Client, createClient, type Mount, send } from './core.js'
import { DEFAULTS, mergeOptions, show, validateOptions } from './options.js'
import { applyHeaders } from './prepare.js'
import type { ResponsePromise } from './response.js'
import type { Auth, BaseOptions, Layer, RequestOptions } from './types.js'

/** Options of a `Session`: defaults for every request it sends. */
export interface SessionOptions extends BaseOptions {}

/** Options of one session request; its method is fixed by the shortcut used. */
export type MethodOptions = Omit<RequestOptions, 'method'>

/**
 * Persistent defaults — headers, auth, params, timeouts, retry, hooks — for
 * many requests, like `requests.Session`.
 *
 * @example
 * const api = new Session({ baseUrl: 'https://api.github.com', headers: { accept: 'application/vnd.github+json' } })
 * api.auth = ['octocat', token]
 * const user = await api.get('/user').json()
 */
export class Session {
  /** Headers sent with every request (mutable). */
  readonly headers: Headers
  #client: Client
  #options: SessionOptions
  readonly #closer = new AbortController()

  constructor(options: SessionOptions = {}) {
    validateOptions(options, 'Session')
    const { headers, baseUrl, ...rest } = options
    this.#options = options
    this.headers = new Headers()
    applyHeaders(this.headers, headers)
    this.#client = createClient(mergeOptions(DEFAULTS, rest))
    this.#client.baseUrl = baseUrl
    this.#client.headers = this.headers
    this.#client.signal = this.#closer.signal
  }

  /** Auth for every request (mutable): `[user, password]`, an auth function, or `null`. */
  get auth(): Auth | null | undefined {
    return this.#client.defaults.auth
  }
  set auth(auth: Auth | null | undefined) {
    validateOptions({ auth }, 'Session')
    this.#client.defaults = { ...this.#client.defaults, auth }
    for (const mount of this.#client.mounts) mount.resolved = mergeOptions(this.#client.defaults, mount.options)
  }

  /** `true` once `close()` was called. */
  get closed(): boolean {
    return this.#closer.signal.aborted
  }

  /** Sends a request; the method comes from `options.method` (default `GET`). */
  request(input: string | URL, options?: RequestOptions): ResponsePromise {
    return send(this.#client, options?.method ?? 'GET', input, options)
  }
  get(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'GET', input, options)
  }
  post(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'POST', input, options)
  }
  put(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'PUT', input, options)
  }
  patch(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'PATCH', input, options)
  }
  delete(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'DELETE', input, options)
  }
  head(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'HEAD', input, options)
  }
  options(input: string | URL, options?: MethodOptions): ResponsePromise {
    return send(this.#client, 'OPTIONS', input, options)
  }

  /**
   * Options for every URL under `prefix` (same scheme, host and port, then
   * the path on a `/` boundary; the longest prefix wins). Merged between the
   * session's options and the request's. A mount cannot set `baseUrl`.
   * @example api.mount('https://api.github.com', { retry: 5, timeout: 2_000 })
   */
  mount(prefix: string | URL, options: Omit<SessionOptions, 'baseUrl'>): this {
    validateOptions(options, 'mount')
    if ((options as SessionOptions).baseUrl !== undefined) {
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
      resolved: mergeOptions(this.#client.defaults, options),
    }
    const mounts = this.#client.mounts.filter((m) => m.origin !== mount.origin || m.path !== mount.path)
    mounts.push(mount)
    mounts.sort((a, b) => b.path.length - a.path.length)
    this.#client.mounts = mounts
    return this
  }

  /**
   * A new session with these options merged over this one's (headers, auth,
   * mounts and layers are copied; later changes to either do not affect the other).
   * @example const admin = api.extend({ headers: { 'x-role': 'admin' } })
   */
  extend(options: SessionOptions = {}): Session {
    validateOptions(options, 'Session')
    const child = new Session()
    const { headers, baseUrl, ...rest } = options
    this.headers.forEach((value, name) => child.headers.set(name, value))
    applyHeaders(child.headers, headers)
    const client = child.#client
    client.defaults = mergeOptions(this.#client.defaults, rest)
    client.baseUrl = baseUrl ?? this.#client.baseUrl
    client.layers = [...this.#client.layers]
    client.mounts = this.#client.mounts.map((m) => ({ ...m, resolved: mergeOptions(client.defaults, m.options) }))
    child.#options = { ...this.#options, ...options }
    return child
  }

  /**
   * Adds a layer just above the transport (after earlier `use()`d layers).
   * @example api.use(async (request, next) => { request.headers.set('x-signed', sign(request)); return next(request) })
   */
  use(layer: Layer): this {
    if (typeof layer !== 'function') throw new TypeError(`use() takes a layer function, got ${show(layer)}`)
    this.#client.layers = [...this.#client.layers, layer]
    this.#client.stacks.clear()
    return this
  }

  /**
   * Aborts every call in flight; later calls reject with the same reason.
   * @param reason defaults to an `AbortError` DOMException "Session closed".
   */
  close(reason: unknown = new DOMException('Session closed', 'AbortError')): void {
    if (!this.closed) this.#closer.abort(reason)
  }

  /** `await using api = new Session()` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }
}
