// Type-level tests (compiled by `tsc -p test/types/tsconfig.json`, never run):
// httpCache (issue 21).
import { expectTypeOf } from 'vitest'
import { type CacheEntry, type CacheStatus, type CacheStore, cacheApiStore, type HttpCacheOptions, Session, type SureResponse } from '../../src/index.js'

declare const response: SureResponse
expectTypeOf(response.cached).toEqualTypeOf<CacheStatus>()
expectTypeOf<CacheStatus>().toEqualTypeOf<'hit' | 'revalidated' | 'miss' | 'stale'>()

new Session({ httpCache: true })
new Session({ httpCache: false })
new Session({ httpCache: { maxEntries: 100, maxBytes: 1 << 20 } })
new Session({ httpCache: { store: cacheApiStore({ name: 'x' }) } })
expectTypeOf(cacheApiStore()).toEqualTypeOf<CacheStore>()

const map = new Map<string, CacheEntry>()
const store: CacheStore = {
  get: async (key) => map.get(key),
  set: async (key, entry) => void map.set(key, entry),
  delete: async (key) => void map.delete(key),
}
const options: HttpCacheOptions = { store }
new Session({ httpCache: options })

// @ts-expect-error a store needs get, set and delete
new Session({ httpCache: { store: { get: async () => undefined } } })
// @ts-expect-error maxEntries is a number
new Session({ httpCache: { maxEntries: '10' } })
// @ts-expect-error the stored entry is read-only data
map.get('k')?.responses.push()
