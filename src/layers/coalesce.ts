/**
 * Request coalescing (SPEC §13, `coalesce: true`): concurrent identical
 * `GET`/`HEAD` calls of a session share one exchange. Loaded on the first
 * call that wants it (coalesce-entry.ts). Decisions, and why the layer sits
 * where it does: docs/decisions/0007-coalesce-upload-progress.md.
 *
 * The exchange runs below this layer — bulkhead, redirects, cache, retry,
 * breaker, auth, cookies, attempts — once, under a scope of its own that no
 * caller owns: a caller's signal, `total` deadline or the session's close
 * only make that caller stop waiting, and the exchange is aborted when the
 * last caller has left. When the headers arrive, every caller still waiting
 * gets a `clone()` of the response (the last one the original), so each
 * reads its own body under its own read timeout and signal.
 */
import type { CallContext, Next, PreparedRequest, ResolvedOptions } from '../context.js'
import type { Abortable, CallScope } from '../util/scope.js'

/** Options that act per caller, above or after this layer, and so may differ between the callers of one exchange. */
const PER_CALLER = new Set(['signal', 'timeout', 'throwHttpErrors', 'onDownloadProgress', 'onUploadProgress', 'hooks', 'params', 'coalesce'])

/**
 * The exchanges of a session in flight, by key: usually one per key, more
 * when calls with the same key differ in options or Worker request. A flight
 * stays joinable from its start until its headers arrive (or it fails, or
 * every caller left).
 */
export type Flights = Map<string, Flight[]>

/**
 * `scope` makes the flight's own scope (a `CallScope` without parents or
 * deadline): passed in by coalesce-entry.ts rather than imported, so that
 * this lazily loaded module imports no code and a bundler splits nothing
 * out of the entry chunk for it.
 */
export function coalesce(flights: Flights, request: PreparedRequest, next: Next, scope: () => CallScope): Promise<Response> {
  const context = request.context
  if ((request.method !== 'GET' && request.method !== 'HEAD') || request.body !== null) return next(request)
  if (context.scope?.aborted) return Promise.reject(context.scope.reason)
  const key = keyOf(request)
  const list = flights.get(key)
  // Not a flight with another policy for the same resource (retry, auth,
  // fetch …), nor another Worker request's.
  let flight = list?.find((candidate) => compatible(candidate.options, context.options) && candidate.reachable())
  if (flight === undefined) {
    flight = new Flight(flights, key, context.options, scope())
    if (list === undefined) flights.set(key, [flight])
    else list.push(flight)
    flight.start(request, next)
  }
  return flight.join(context)
}

/**
 * The method, the URL and every header as the call reaches this layer
 * (session ← mount ← request headers, after `beforeRequest` hooks), names
 * lower-cased and sorted, values exact. `Authorization` and `Cookie`, added
 * below by auth and the jar, are covered by requiring the same `auth` and
 * `cookies` options (`compatible`) within one session (one jar).
 */
function keyOf(request: PreparedRequest): string {
  const lines: string[] = []
  request.headers.forEach((value, name) => {
    lines.push(`${name.toLowerCase()}: ${value}`)
  })
  return `${request.method} ${request.url}\n${lines.sort().join('\n')}`
}

/**
 * Whether a call may share the exchange of a flight started with `a`: every
 * option that shapes the exchange is the same value (by identity; arrays
 * such as an `auth` pair element by element), the attempt timeout is the
 * same, and so are the `beforeRetry` hooks (which run inside the exchange).
 */
function compatible(a: ResolvedOptions, b: ResolvedOptions): boolean {
  const left = a as unknown as Record<string, unknown>
  const right = b as unknown as Record<string, unknown>
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    if (!PER_CALLER.has(key) && !same(left[key], right[key])) return false
  }
  const attempt = (o: ResolvedOptions): number | undefined => (o.timeout ? o.timeout.attempt : undefined)
  return attempt(a) === attempt(b) && same(a.hooks?.beforeRetry ?? [], b.hooks?.beforeRetry ?? [])
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => item === b[i])
}

/** One caller of a flight: its call's context, and how its promise settles. */
class Waiter implements Abortable {
  constructor(
    readonly flight: Flight,
    readonly context: CallContext,
    readonly resolve: (response: Response) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  /** The caller's scope was aborted (its signal, its total deadline, the session closed): it stops waiting. */
  abort(reason: unknown): void {
    if (this.flight.waiters.delete(this)) {
      this.reject(reason)
      if (this.flight.waiters.size === 0) this.flight.abandon(reason)
    }
  }
}

/** One shared exchange and the callers waiting for it. */
export class Flight {
  readonly waiters = new Set<Waiter>()
  readonly #flights: Flights
  readonly #key: string
  /**
   * workerd only: an I/O object of the Worker request that started the
   * flight. workerd forbids one request's I/O objects (its response bodies)
   * in another request's handler, so a module-wide session must not hand a
   * response across Worker requests; using this object from another request
   * throws at once, which is how `reachable()` tells.
   */
  readonly #probe: Response | undefined =
    (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers' ? new Response('') : undefined

  /** `scope`: the exchange's own, aborted only when its last caller has left. */
  constructor(
    flights: Flights,
    key: string,
    readonly options: ResolvedOptions,
    readonly scope: CallScope,
  ) {
    this.#flights = flights
    this.#key = key
  }

  /**
   * Sends the first caller's request with a context of the flight's own:
   * the layers below record attempts and history there (copied to every
   * caller at the end) and cancel through the flight's scope.
   */
  start(request: PreparedRequest, next: Next): void {
    const context: CallContext = { ...request.context, history: [], attempts: [], elapsed: 0, sent: undefined, scope: this.scope }
    const shared: PreparedRequest = { ...request, headers: new Headers(request.headers), context }
    this.scope.request = shared
    let exchange: Promise<Response>
    try {
      exchange = next(shared)
    } catch (error) {
      exchange = Promise.reject(error)
    }
    exchange.then(
      (response) => this.#settle(context, response, undefined),
      (error: unknown) => this.#settle(context, undefined, error),
    )
  }

  /** Whether this call may receive the flight's response (always, except from another Worker request). */
  reachable(): boolean {
    if (this.#probe === undefined) return true
    try {
      this.#probe.clone().body?.cancel().catch(ignore)
      return true
    } catch {
      return false
    }
  }

  join(context: CallContext): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const waiter = new Waiter(this, context, resolve, reject)
      this.waiters.add(waiter)
      if (context.scope !== undefined) context.scope.target = waiter
    })
  }

  /** Every caller left: the exchange is aborted, and later calls start a new one. */
  abandon(reason: unknown): void {
    this.#leave()
    this.scope.abort(reason)
  }

  #leave(): void {
    const list = this.#flights.get(this.#key)
    const at = list === undefined ? -1 : list.indexOf(this)
    if (at < 0) return
    ;(list as Flight[]).splice(at, 1)
    if ((list as Flight[]).length === 0) this.#flights.delete(this.#key)
  }

  /** Headers (or a failure) arrived: each caller still waiting gets its own copy. */
  #settle(context: CallContext, response: Response | undefined, error: unknown): void {
    this.#leave()
    const waiters = [...this.waiters]
    this.waiters.clear()
    if (waiters.length === 0) {
      // Every caller left while the response was on its way: nobody will read it.
      response?.body?.cancel().catch(ignore)
      return
    }
    const last = waiters.length - 1
    waiters.forEach((waiter, i) => {
      copyInto(waiter.context, context)
      if (response !== undefined) waiter.resolve(i === last ? response : response.clone())
      else waiter.reject(i === last ? error : copyOf(error))
    })
  }
}

/**
 * What the layers below recorded on the flight's context (attempts, history,
 * time to headers, the request sent, and whatever a layer adds), onto a
 * caller's context, from which core.ts builds its response or error.
 */
function copyInto(target: CallContext, source: CallContext): void {
  const to = target as unknown as Record<string, unknown>
  const from = source as unknown as Record<string, unknown>
  for (const key of Object.keys(from)) {
    if (key === 'options' || key === 'scope') continue
    const value = from[key]
    const into = to[key]
    if (Array.isArray(value) && Array.isArray(into)) into.push(...(value as unknown[]))
    else to[key] = value
  }
}

/**
 * A copy of the exchange's error for one caller, same class and fields:
 * `core.ts` stamps each caller's attempts on it and its `beforeError` hooks
 * may change it, which must not show in another caller's error.
 */
function copyOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error
  return Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as unknown
}

function ignore(): void {}
