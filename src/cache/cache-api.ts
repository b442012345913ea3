/**
 * A `CacheStore` over the Cache API (`caches`): `caches.default` on
 * Cloudflare Workers, `caches.open(name)` in Deno and browsers. An entry is
 * one cached `Response`: the stored responses' bodies concatenated, their
 * metadata in one header.
 */
import type { CacheEntry, CachedResponse, CacheStore } from './types.js'

/** The part of the Cache API this store uses (a `Cache`). */
type CacheLike = NonNullable<CacheApiStoreOptions['cache']>

/**
 * Options of `cacheApiStore`.
 * @example cacheApiStore({ name: 'api-cache' })
 */
export interface CacheApiStoreOptions {
  /** A `Cache` to use (what `caches.open()` gives). Default: `caches.default` on Workers, else `caches.open(name)`. */
  cache?:
    | {
        /** The stored response for a URL, or `undefined`. */
        match(request: string): Promise<Response | undefined>
        /** Stores a response for a URL. */
        put(request: string, response: Response): Promise<void>
        /** Removes a URL's response. */
        delete(request: string): Promise<boolean>
      }
    | undefined
  /** The cache to open where there is no `caches.default`. @default 'surefetch' */
  name?: string | undefined
}

interface CacheStorageLike {
  open(name: string): Promise<CacheLike>
  default?: CacheLike
}

/** Where the entries live: a URL the Cache API accepts as a key (`.invalid` is never a real host, RFC 6761). */
const PREFIX = 'https://surefetch.invalid/http-cache/'
const META = 'x-surefetch-entry'

/**
 * How long the Cache API keeps an entry, in seconds. Freshness is decided by
 * `httpCache` from the stored headers; this only bounds how long a stale
 * entry stays around for revalidation (Workers evict on `max-age`).
 */
const KEEP = 604_800 // 7 days

/**
 * A `CacheStore` in the Cache API: `caches.default` on Workers (shared by
 * every request of the zone, per data centre), else `caches.open(name)`.
 * Workers: the Cache API does nothing on `*.workers.dev` routes (Cloudflare's
 * rule); use a custom domain.
 *
 * @param options `cache`: a `Cache` to use; `name`: the cache to open (default `'surefetch'`)
 * @example
 * ```ts
 * const api = new Session({ httpCache: { store: cacheApiStore() } })
 * ```
 */
export function cacheApiStore(options: CacheApiStoreOptions = {}): CacheStore {
  let opened: Promise<CacheLike> | undefined
  const cache = (): Promise<CacheLike> => {
    if (options.cache !== undefined) return Promise.resolve(options.cache)
    const storage = (globalThis as { caches?: CacheStorageLike }).caches
    if (storage === undefined) return Promise.reject(new TypeError('cacheApiStore: this runtime has no Cache API (globalThis.caches)'))
    opened ??= storage.default !== undefined ? Promise.resolve(storage.default) : storage.open(options.name ?? 'surefetch')
    return opened
  }
  const url = (key: string): string => PREFIX + encodeURIComponent(key)
  return {
    async get(key) {
      const response = await (await cache()).match(url(key))
      if (response === undefined) return undefined
      const meta = response.headers.get(META)
      if (meta === null) return undefined
      return decodeEntry(JSON.parse(decodeURIComponent(meta)) as Meta[], new Uint8Array(await response.arrayBuffer()))
    },
    async set(key, entry) {
      const { meta, body } = encodeEntry(entry)
      const headers = { [META]: encodeURIComponent(JSON.stringify(meta)), 'cache-control': `max-age=${KEEP}`, 'content-type': 'application/octet-stream' }
      await (await cache()).put(url(key), new Response(body as Uint8Array<ArrayBuffer>, { headers }))
    },
    async delete(key) {
      await (await cache()).delete(url(key))
    },
  }
}

/** A stored response without its body, and the body's length. */
type Meta = Omit<CachedResponse, 'body'> & { length: number }

function encodeEntry(entry: CacheEntry): { meta: Meta[]; body: Uint8Array } {
  const total = entry.responses.reduce((sum, response) => sum + response.body.byteLength, 0)
  const body = new Uint8Array(total)
  let offset = 0
  const meta = entry.responses.map(({ body: bytes, ...rest }) => {
    body.set(bytes, offset)
    offset += bytes.byteLength
    return { ...rest, length: bytes.byteLength }
  })
  return { meta, body }
}

function decodeEntry(meta: Meta[], body: Uint8Array): CacheEntry {
  let offset = 0
  const responses = meta.map(({ length, ...rest }) => {
    const bytes = body.slice(offset, offset + length)
    offset += length
    return { ...rest, body: bytes }
  })
  return { responses }
}
