// The default httpCache store: an LRU bounded by keys and bytes.
import { describe, expect, it } from 'vitest'
import { MemoryCacheStore } from '../../src/cache/memory.js'
import type { CacheEntry } from '../../src/cache/types.js'

function entry(bytes: number): CacheEntry {
  const response = { url: 'http://x/', status: 200, statusText: 'OK', headers: [], body: new Uint8Array(bytes), requestTime: 0, responseTime: 0, vary: [] }
  return { responses: [response] }
}

describe('MemoryCacheStore', () => {
  it('evicts the least recently used key beyond maxEntries (a get counts as a use)', async () => {
    const store = new MemoryCacheStore({ maxEntries: 2 })
    await store.set('a', entry(1))
    await store.set('b', entry(1))
    await store.get('a')
    await store.set('c', entry(1))
    expect(await store.get('b')).toBeUndefined()
    expect(await store.get('a')).toBeDefined()
    expect(await store.get('c')).toBeDefined()
  })

  it('evicts by bytes, never keeps an entry larger than maxBytes, and counts replacements once', async () => {
    const store = new MemoryCacheStore({ maxBytes: 100 })
    await store.set('a', entry(60))
    await store.set('a', entry(60))
    expect(store.bytes).toBe(60)
    await store.set('b', entry(60))
    expect(await store.get('a')).toBeUndefined()
    expect(store.bytes).toBe(60)
    await store.set('huge', entry(101))
    expect(await store.get('huge')).toBeUndefined()
    await store.delete('b')
    expect([store.size, store.bytes]).toEqual([0, 0])
  })
})
