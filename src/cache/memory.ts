/**
 * The default `httpCache` store: least recently used entries go first when
 * there are more than `maxEntries` keys or more than `maxBytes` of bodies.
 */
import type { CacheEntry, CacheStore } from './types.js'

/** Bytes an entry holds, counting its bodies and (roughly) its headers. */
function sizeOf(entry: CacheEntry): number {
  let size = 0
  for (const response of entry.responses) {
    size += response.body.byteLength
    for (const [name, value] of response.headers) size += name.length + value.length
  }
  return size
}

/**
 * A memory LRU `CacheStore`, bounded by entries (keys) and bytes: what
 * `httpCache: true` (or an options object without `store`) uses, one per
 * session. Not exported: it loads with the cache layer only.
 */
export class MemoryCacheStore implements CacheStore {
  readonly #map = new Map<string, { entry: CacheEntry; size: number }>()
  readonly #maxEntries: number
  readonly #maxBytes: number
  #bytes = 0

  /** @param options `maxEntries` (default 500), `maxBytes` (default 16 MiB) */
  constructor(options: { maxEntries?: number | undefined; maxBytes?: number | undefined } = {}) {
    this.#maxEntries = options.maxEntries ?? 500
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024
  }

  /** Keys held. */
  get size(): number {
    return this.#map.size
  }
  /** Bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  get(key: string): Promise<CacheEntry | undefined> {
    const slot = this.#map.get(key)
    if (slot === undefined) return Promise.resolve(undefined)
    // Most recently used last: Map keeps insertion order.
    this.#map.delete(key)
    this.#map.set(key, slot)
    return Promise.resolve(slot.entry)
  }

  set(key: string, entry: CacheEntry): Promise<void> {
    this.#remove(key)
    const size = sizeOf(entry)
    if (size <= this.#maxBytes && this.#maxEntries > 0) {
      this.#map.set(key, { entry, size })
      this.#bytes += size
      for (const [oldest] of this.#map) {
        if (this.#map.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break
        this.#remove(oldest)
      }
    }
    return Promise.resolve()
  }

  delete(key: string): Promise<void> {
    this.#remove(key)
    return Promise.resolve()
  }

  #remove(key: string): void {
    const slot = this.#map.get(key)
    if (slot === undefined) return
    this.#map.delete(key)
    this.#bytes -= slot.size
  }
}
