/**
 * `httpCache` (SPEC §13): an RFC 9111 private HTTP cache as a layer, at rank
 * 35 — below redirects (each hop is cached on its own) and above retry (a
 * hit sends nothing). Loaded on the first call of a session that has it
 * (cache-entry.ts), so no other bundle carries it. Decisions where the RFC
 * and the SPEC are silent: docs/decisions/0006-http-cache.md.
 */
import type { Next, PreparedRequest } from '../context.js'
import { MemoryCacheStore } from '../cache/memory.js'
import { currentAge, type Facts, factsOf, freshen, matches, parseCacheControl, staleIfError, storable, storedHeaders, usable, varyNames } from '../cache/policy.js'
import type { CacheEntry, CachedResponse, CacheStatus, CacheStore, HttpCacheOptions } from '../cache/types.js'
import type { CallScope } from '../util/scope.js'
import { storedResponse } from '../cache/stored-response.js'

// This chunk imports no module of the core (only types): a lazy chunk that
// shares modules with the entry makes bundlers split the entry's code into
// more chunks, which costs every app bytes (bench/size.mjs). What it needs
// from the core, cache-entry.ts hands over.

/** Stored variants (`Vary`) of one URL; the least recent goes beyond this. */
const MAX_VARIANTS = 8
/** RFC 9110 §9.2.1 safe methods: they never invalidate. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
/** Statuses a failed revalidation may be answered with a stale response for (RFC 5861 §4). */
const SERVER_ERRORS = new Set([500, 502, 503, 504])
/** Request headers that make a request something the cache does not answer (the caller handles the result). */
const BYPASS = ['range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range']
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024

/** The cache layer of one session. */
export function httpCacheLayer(options: true | HttpCacheOptions, newScope: () => CallScope) {
  const config = options === true ? {} : options
  const maxBytes = config.maxBytes ?? DEFAULT_MAX_BYTES
  const store: CacheStore = config.store ?? new MemoryCacheStore({ maxEntries: config.maxEntries, maxBytes })
  /** A random partition per auth function or exchange: its credential is only known once sent. */
  const authIds = new WeakMap<object, string>()
  /** Keys with a background revalidation in flight (one at a time per key). */
  const revalidating = new Set<string>()
  /** What the freshness rules need of a stored response, parsed once while the response is in use. */
  const known = new WeakMap<CachedResponse, Facts>()
  const facts = (stored: CachedResponse): Facts => {
    let found = known.get(stored)
    if (found === undefined) known.set(stored, (found = factsOf(stored)))
    return found
  }

  async function keysOf(request: PreparedRequest): Promise<{ key: string; credentials: boolean; shared: string }> {
    const url = request.url.includes('#') ? request.url.replace(/#.*$/, '') : request.url
    const shared = ` ${url}`
    const context = request.context
    // Auth applies only on the call's origin (SPEC §6; layers/auth.ts).
    let auth = context.options.auth
    if (auth && new URL(url).origin !== context.origin) auth = undefined
    const header = request.headers.get('authorization')
    const cookie = request.headers.get('cookie')
    if (!auth && header === null && cookie === null) return { key: shared, credentials: false, shared }
    // The credential never appears in a key in clear: its SHA-256 does.
    let material = `${header}\n${cookie}\n`
    if (Array.isArray(auth)) material += `basic\n${auth[0]}\n${auth[1]}`
    else if (auth) {
      let id = authIds.get(auth)
      if (id === undefined) authIds.set(auth, (id = crypto.randomUUID()))
      material += `object\n${id}`
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material)))
    const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
    return { key: `${hex}${shared}`, credentials: header !== null || !!auth, shared }
  }

  /**
   * Writes in flight, by key: a read of the same key waits for them, so a
   * session reads its own writes even with an async store (the Cache API).
   */
  const pending = new Map<string, Promise<void>>()

  async function read(key: string): Promise<CacheEntry | undefined> {
    try {
      await pending.get(key)
      return await store.get(key)
    } catch {
      return undefined // a failing store is a miss, never the call's error
    }
  }
  function write(key: string, entry: CacheEntry): void {
    const done: Promise<void> = store
      .set(key, entry)
      .catch(ignore)
      .finally(() => {
        if (pending.get(key) === done) pending.delete(key)
      })
    pending.set(key, done)
  }

  /** Entry with `stored` first, its older variants after (the same Vary values replaced). */
  function withResponse(entry: CacheEntry | undefined, stored: CachedResponse): CacheEntry {
    const others = (entry?.responses ?? []).filter((r) => !sameVariant(r, stored))
    return { responses: [stored, ...others].slice(0, MAX_VARIANTS) }
  }

  /**
   * A response from the network, passed on to the caller; stored once its
   * body has been read to the end, if §3 allows and it fits in `maxBytes`.
   */
  function store200(request: PreparedRequest, response: Response, key: string, entry: CacheEntry | undefined, requestTime: number, credentials: boolean, requestDirectives: ReturnType<typeof parseCacheControl>): Response {
    const responseTime = Date.now()
    const directives = parseCacheControl(response.headers.get('cache-control'))
    // A response the runtime reached through redirects it followed itself answers another URL.
    if (request.method !== 'GET' || response.redirected || !storable(response.status, directives, requestDirectives, response.headers, credentials)) {
      return response
    }
    const vary = varyNames(response.headers) as string[]
    const meta = {
      url: request.url,
      status: response.status,
      statusText: response.statusText,
      headers: storedHeaders(response.headers),
      requestTime,
      responseTime,
      vary: vary.map((name): [string, string | null] => [name, request.headers.get(name)]),
    }
    return recorded(response, maxBytes, (body) => write(key, withResponse(entry, { ...meta, body })))
  }

  /** Revalidates `stored` in the background (stale-while-revalidate), bounded by the session's lifetime. */
  function background(request: PreparedRequest, next: Next, key: string, entry: CacheEntry, stored: CachedResponse, credentials: boolean): void {
    if (revalidating.has(key)) return
    revalidating.add(key)
    const scope = newScope()
    const context = { ...request.context, history: [], attempts: [], elapsed: 0, sent: undefined, scope }
    const conditional: PreparedRequest = { ...request, headers: conditionalHeaders(request.headers, stored), context }
    scope.request = conditional
    scope.link()
    const requestTime = Date.now()
    void (async () => {
      const response = await next(conditional)
      if (response.status === 304) return write(key, withResponse(entry, freshen(stored, response.headers, requestTime, Date.now())))
      const passed = store200(conditional, response, key, entry, requestTime, credentials, new Map())
      // Nobody reads this body: read it to the end when that stores it, else let it go.
      if (passed === response) await response.body?.cancel()
      else await passed.body?.pipeTo(new WritableStream())
    })()
      .catch(ignore)
      .finally(() => {
        scope.unlink()
        revalidating.delete(key)
      })
  }

  return async function httpCache(request: PreparedRequest, next: Next): Promise<Response> {
    const method = request.method
    if (!SAFE.has(method)) {
      const response = await next(request)
      // §4.4: a non-error response to an unsafe method invalidates the target
      // URI and the same-origin Location and Content-Location.
      if (response.status < 400) await invalidate(request, response)
      return response
    }
    if ((method !== 'GET' && method !== 'HEAD') || BYPASS.some((name) => request.headers.has(name))) return next(request)
    const requestDirectives = parseCacheControl(request.headers.get('cache-control'))
    const pragma = /no-cache/i.test(request.headers.get('pragma') ?? '')
    const { key, credentials } = await keysOf(request)
    const entry = await read(key)
    const stored = entry?.responses.find((r) => matches(r, request.headers))
    const now = Date.now()
    if (stored !== undefined) {
      const use = usable(facts(stored), requestDirectives, pragma, now)
      if (use === 'fresh') return serve(stored, facts(stored), method, now, 'hit')
      if (use === 'stale-while-revalidate' && entry !== undefined) {
        background(request, next, key, entry, stored, credentials)
        return serve(stored, facts(stored), method, now, 'stale')
      }
    }
    // §5.2.1.7: only-if-cached and nothing usable: 504.
    if (requestDirectives.has('only-if-cached')) return markCached(new Response(null, { status: 504, statusText: 'Gateway Timeout' }), 'miss')
    // HEAD: answered by a fresh stored GET response only; otherwise sent as is, never stored.
    if (stored === undefined || method === 'HEAD') {
      const response = await next(request)
      return markCached(store200(request, response, key, entry, now, credentials, requestDirectives), 'miss')
    }
    // §4.3.1: revalidate with the stored validators.
    const conditional: PreparedRequest = { ...request, headers: conditionalHeaders(request.headers, stored) }
    let response: Response
    try {
      response = await next(conditional)
    } catch (error) {
      // A NetworkError or an attempt TimeoutError (by name: see the note at the top), not the user's abort.
      const { name, phase } = error as { name?: unknown; phase?: unknown }
      const failed = name === 'NetworkError' || (name === 'TimeoutError' && phase === 'attempt')
      if (failed && staleIfError(facts(stored), requestDirectives, Date.now())) return serve(stored, facts(stored), method, Date.now(), 'stale')
      throw error
    }
    if (response.status === 304) {
      const fresh = freshen(stored, response.headers, now, Date.now())
      if (!requestDirectives.has('no-store')) write(key, withResponse(entry, fresh))
      return serve(fresh, facts(fresh), method, Date.now(), 'revalidated')
    }
    if (SERVER_ERRORS.has(response.status) && staleIfError(facts(stored), requestDirectives, Date.now())) {
      response.body?.cancel().catch(ignore)
      return serve(stored, facts(stored), method, Date.now(), 'stale')
    }
    return markCached(store200(request, response, key, entry, now, credentials, requestDirectives), 'miss')
  }

  /** §4.4: drops the stored responses of the target URI, and of Location / Content-Location on its origin. */
  async function invalidate(request: PreparedRequest, response: Response): Promise<void> {
    const target = new URL(request.url)
    const urls = [target.href]
    for (const name of ['location', 'content-location']) {
      const value = response.headers.get(name)
      if (value === null) continue
      try {
        const url = new URL(value, target)
        if (url.origin === target.origin) urls.push(url.href)
      } catch {
        // an unparsable header invalidates nothing
      }
    }
    const { key, shared } = await keysOf(request)
    const own = key.slice(0, key.length - shared.length)
    const keys = new Set(urls.flatMap((url) => [` ${url.replace(/#.*$/, '')}`, `${own} ${url.replace(/#.*$/, '')}`]))
    await Promise.all([...keys].map((k) => store.delete(k).catch(ignore)))
  }
}

/** The same Vary values: the newer response replaces the older. */
function sameVariant(a: CachedResponse, b: CachedResponse): boolean {
  return a.vary.length === b.vary.length && a.vary.every(([name, value], i) => b.vary[i]?.[0] === name && b.vary[i]?.[1] === value)
}

/** The request's headers plus the stored response's validators (§4.3.1): `If-None-Match` (ETag), `If-Modified-Since` (Last-Modified). */
function conditionalHeaders(headers: Headers, stored: CachedResponse): Headers {
  const out = new Headers(headers)
  for (const [name, value] of stored.headers) {
    if (name === 'etag') out.set('if-none-match', value)
    else if (name === 'last-modified') out.set('if-modified-since', value)
  }
  return out
}

/** RFC 9110 §6.4.1: statuses whose response has no content. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

/** A stored response as a native one, with `Age` (§5.1) and `response.cached`. */
function serve(stored: CachedResponse, facts: Facts, method: string, now: number, status: CacheStatus): Response {
  const body = method === 'HEAD' || NULL_BODY.has(stored.status) ? null : (stored.body as Uint8Array<ArrayBuffer>)
  const headers = stored.headers.filter(([name]) => name !== 'age') as Array<[string, string]>
  headers.push(['age', String(Math.max(0, Math.floor(currentAge(facts, now) / 1000)))])
  if (body !== null) headers.push(['content-length', String(body.byteLength)])
  return markCached(storedResponse(body, { status: stored.status, statusText: stored.statusText, headers }), status)
}

/**
 * `response` with its body passed through as the caller reads it, recorded
 * on the side while it stays within `limit` bytes; `done(bytes)` when it
 * was read to the end within the limit. A body over the limit (by its
 * `content-length`, or as it arrives) streams through unrecorded: it is
 * never buffered whole.
 */
function recorded(response: Response, limit: number, done: (body: Uint8Array) => void): Response {
  const body = response.body
  const length = Number(response.headers.get('content-length') ?? Number.NaN)
  if (body === null) {
    done(new Uint8Array(0))
    return response
  }
  if (length > limit) return response
  const reader = body.getReader()
  let chunks: Uint8Array[] | undefined = []
  let size = 0
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done: end, value } = await reader.read()
      if (end) {
        controller.close()
        if (chunks !== undefined) done(concat(chunks, size))
        return
      }
      if (chunks !== undefined) {
        size += value.byteLength
        if (size > limit) chunks = undefined
        else chunks.push(value)
      }
      controller.enqueue(value)
    },
    cancel(reason) {
      chunks = undefined
      return reader.cancel(reason)
    },
  })
  const copy = new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers })
  // The copy answers the same URL (its own `url` would be empty).
  if (response.url) Object.defineProperty(copy, 'url', { value: response.url })
  return copy
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

function ignore(): void {}

/** Tells `response.cached` (response.ts) how the cache answered. */
function markCached(response: Response, status: CacheStatus): Response {
  Object.defineProperty(response, Symbol.for('surefetch.cached'), { value: status, configurable: true })
  return response
}
