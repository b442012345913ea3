// The Cache API store (src/cache/cache-api.ts), where the runtime has one
// (workerd's caches.default, Chromium's and Deno's caches.open); skipped in
// Node and happy-dom, which have no `caches`.
import { describe, expect, inject, it } from 'vitest'
import { cacheApiStore, Session } from '../../src/index.js'
import type { CacheEntry } from '../../src/cache/types.js'

const hasCaches = typeof (globalThis as { caches?: unknown }).caches !== 'undefined'
const base = inject('base')

const variant = (accept: string, text: string) => ({
  url: 'http://x/a',
  status: 200,
  statusText: 'OK',
  headers: [['content-type', 'text/plain'], ['x-ü', 'v']] as Array<[string, string]>,
  body: new TextEncoder().encode(text),
  requestTime: 1,
  responseTime: 2,
  vary: [['accept', accept]] as Array<[string, string | null]>,
})

describe.skipIf(!hasCaches)('cacheApiStore', () => {
  it('stores an entry with two variants and gives it back byte for byte; delete removes it', async () => {
    const store = cacheApiStore({ name: 'surefetch-test' })
    const key = `${crypto.randomUUID()} http://x/a?q=ü`
    const entry: CacheEntry = { responses: [variant('a', 'first body'), variant('b', 'second')] }
    await store.set(key, entry)
    const back = await store.get(key)
    expect(back?.responses.map((r) => new TextDecoder().decode(r.body))).toEqual(['first body', 'second'])
    expect(back?.responses[1]?.vary).toEqual([['accept', 'b']])
    expect(back?.responses[0]?.headers).toEqual(entry.responses[0]?.headers)
    await store.delete(key)
    expect(await store.get(key)).toBeUndefined()
  })

  it('serves a session’s second GET from the Cache API without a request', async () => {
    const api = new Session({ httpCache: { store: cacheApiStore({ name: 'surefetch-test' }) }, retry: false })
    const key = crypto.randomUUID()
    const url = `${base}/cache/${key}?cc=max-age%3D60`
    const first = await api.get(url).json<{ n: number }>()
    const second = await api.get(url)
    expect(second.cached).toBe('hit')
    expect(await second.json()).toEqual(first)
    expect(await (await fetch(`${base}/__count?key=${key}`)).json()).toMatchObject({ count: 1 })
  })
})
