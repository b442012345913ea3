/**
 * The public types of `httpCache` (SPEC §13). Imports nothing, so that any
 * module may import it (response.ts reads `CacheStatus`).
 */

/**
 * How the cache answered a call (`response.cached`): `'hit'` — a fresh stored
 * response, nothing sent; `'revalidated'` — a stored response confirmed by a
 * `304`; `'stale'` — a stored response served past its freshness
 * (`stale-while-revalidate`, `stale-if-error`); `'miss'` — from the network
 * (also for every call of a session without `httpCache`).
 *
 * @example
 * ```ts
 * const api = new Session({ httpCache: true })
 * const response = await api.get('https://api.example.com/config')
 * if (response.cached === 'hit') console.log(`served from cache, ${response.headers.get('age')} s old`)
 * ```
 */
export type CacheStatus = 'hit' | 'revalidated' | 'miss' | 'stale'

/**
 * One stored response: what `httpCache` keeps per variant of a URL.
 * Plain data (no `Headers`, no streams), so a store may serialise it.
 *
 * @example
 * ```ts
 * const entry = await store.get(key)
 * entry?.responses[0]?.status   // 200
 * ```
 */
export interface CachedResponse {
  /** The URL it answers. */
  readonly url: string
  /** Its status code. */
  readonly status: number
  /** Its status text. */
  readonly statusText: string
  /** Response headers as stored (hop-by-hop fields and `content-length` left out). */
  readonly headers: ReadonlyArray<readonly [string, string]>
  /** The body, decoded as the runtime's fetch delivered it. */
  readonly body: Uint8Array
  /** Epoch ms when the request that produced it was sent. */
  readonly requestTime: number
  /** Epoch ms when its headers arrived. */
  readonly responseTime: number
  /** The request headers its `Vary` names, with the values they had (`null`: absent). */
  readonly vary: ReadonlyArray<readonly [string, string | null]>
}

/**
 * What a store keeps under one key: the stored responses of one URL (one per
 * `Vary` variant, most recent first).
 */
export interface CacheEntry {
  /** One per `Vary` variant, most recent first. */
  readonly responses: readonly CachedResponse[]
}

/**
 * Where `httpCache` keeps its entries: an async key–value store. Keys are
 * strings that never contain a credential in clear. A store that fails
 * (`get` or `set` rejects) makes the call a miss; it is never an error of
 * the call.
 *
 * @example
 * ```ts
 * // A store over a Map (what MemoryCacheStore does, without the bounds)
 * const map = new Map<string, CacheEntry>()
 * const store: CacheStore = {
 *   get: async (key) => map.get(key),
 *   set: async (key, entry) => void map.set(key, entry),
 *   delete: async (key) => void map.delete(key),
 * }
 * new Session({ httpCache: { store } })
 * ```
 */
export interface CacheStore {
  /** The entry under `key`, or `undefined`. */
  get(key: string): Promise<CacheEntry | undefined>
  /** Stores `entry` under `key`, replacing what was there. */
  set(key: string, entry: CacheEntry): Promise<void>
  /** Forgets `key` (an unsafe method's invalidation). */
  delete(key: string): Promise<void>
}

/**
 * Options of `httpCache`, an RFC 9111 private HTTP cache for a session.
 *
 * @example
 * ```ts
 * new Session({ httpCache: true })                                    // memory, 500 entries, 16 MiB
 * new Session({ httpCache: { maxEntries: 100, maxBytes: 4 << 20 } })
 * new Session({ httpCache: { store: await cacheApiStore() } })        // the Cache API (Workers, Deno, browsers)
 * ```
 */
export interface HttpCacheOptions {
  /** Where entries live. @default a memory LRU bounded by `maxEntries` and `maxBytes` */
  store?: CacheStore | undefined
  /** URLs the memory store keeps (least recently used evicted first). @default 500 */
  maxEntries?: number | undefined
  /** Bytes of bodies the memory store keeps; a larger body is never stored, whatever the store. @default 16 MiB */
  maxBytes?: number | undefined
}
