// `httpCache` conformance (SPEC §13, RFC 9111 private cache) against the
// real fault server's /cache/:key route, which counts the requests it gets
// per key (/__count). One row per rule. Shared: node, workerd, happy-dom,
// chromium (with an explicit store there: `httpCache: true` is a no-op in
// browsers, whose fetch has its own cache); no Node-only APIs.
import { describe, expect, inject, it } from 'vitest'
import { type CacheEntry, type CacheStore, NetworkError, Session, type SureResponse } from '../../src/index.js'
import { isBrowserLike } from '../../src/util/runtime.js'

const base = inject('base')
/** Another origin for the same server: the name instead of the address. */
const otherBase = base.replace('127.0.0.1', 'localhost')

type Params = Record<string, string | number>

/** A store over a Map: the default memory store is not exported (it would cost every bundle bytes; see docs/decisions/0006). */
function mapStore(): CacheStore {
  const map = new Map<string, CacheEntry>()
  return {
    get: async (key) => map.get(key),
    set: async (key, entry) => void map.set(key, entry),
    delete: async (key) => void map.delete(key),
  }
}

/** A fresh key (the server is shared by every project running at once) and its URL builder. */
function resource(params: Params = {}): { key: string; url: (extra?: Params, origin?: string) => string } {
  const key = crypto.randomUUID()
  return {
    key,
    url: (extra = {}, origin = base) => `${origin}/cache/${key}?${new URLSearchParams(Object.entries({ ...params, ...extra }).map(([k, v]) => [k, String(v)]))}`,
  }
}

async function count(key: string): Promise<{ count: number; notModified: number }> {
  const response = await fetch(`${base}/__count?key=${key}`)
  return (await response.json()) as { count: number; notModified: number }
}

function cached(options: ConstructorParameters<typeof Session>[0] = {}): Session {
  return new Session({ httpCache: { store: mapStore() }, retry: false, throwHttpErrors: false, ...options })
}

/** A response and its JSON body. */
async function read(promise: Promise<SureResponse>): Promise<{ response: SureResponse; body: { n: number; accept: string | null } }> {
  const response = await promise
  return { response, body: (await response.json()) as { n: number; accept: string | null } }
}

/** Waits until `check` holds (background work), at most ~2 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('condition not met in time')
}

interface Row {
  rule: string
  check: () => Promise<void>
  /** Skipped where the runtime's own fetch gets in the way (said why at the row). */
  skip?: boolean
}

/**
 * happy-dom's fetch has an HTTP cache of its own that revalidates a stored
 * `no-cache` response itself and then never settles on the 304 (5 s
 * timeouts, happy-dom 21.0.4): the rows with a `no-cache` response do not
 * run there. Chromium's cache steps aside for requests with conditionals.
 */
const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
/**
 * A real browser's own HTTP cache answers the second request of the rows
 * that check that *this* cache did not store a `max-age` response (the
 * server then counts one request): they do not run in Chromium.
 */
const browserCache = isBrowserLike() && !happyDom

const table: Row[] = [
  {
    rule: 'max-age: a fresh hit makes no request and carries Age',
    async check() {
      const r = resource({ cc: 'max-age=60' })
      const s = cached()
      const first = await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(first.response.cached).toBe('miss')
      expect(second.response.cached).toBe('hit')
      expect(second.body.n).toBe(1)
      expect(second.response.headers.get('age')).toMatch(/^\d+$/)
      expect((await count(r.key)).count).toBe(1)
    },
  },
  {
    rule: 'Age: an Age from upstream counts against max-age (age 30 of 60: fresh; age 100 of 60: stale)',
    async check() {
      const young = resource({ cc: 'max-age=60', age: 30 })
      const s = cached()
      await read(s.get(young.url()))
      const hit = await read(s.get(young.url()))
      expect(hit.response.cached).toBe('hit')
      expect(Number(hit.response.headers.get('age'))).toBeGreaterThanOrEqual(30)
      const old = resource({ cc: 'max-age=60', age: 100 })
      await read(s.get(old.url()))
      expect((await read(s.get(old.url()))).response.cached).toBe('miss')
      expect((await count(old.key)).count).toBe(2)
    },
  },
  {
    rule: 's-maxage is ignored by a private cache',
    async check() {
      const r = resource({ cc: 's-maxage=60' }) // no max-age, no validator, 200 is heuristic but no Last-Modified
      const s = cached()
      await read(s.get(r.url()))
      await read(s.get(r.url()))
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'Expires: a future Expires is fresh, a past one is stale',
    async check() {
      const s = cached()
      const future = resource({ expires: 60 })
      await read(s.get(future.url()))
      expect((await read(s.get(future.url()))).response.cached).toBe('hit')
      const past = resource({ expires: -60 })
      await read(s.get(past.url()))
      await read(s.get(past.url()))
      expect((await count(past.key)).count).toBe(2)
    },
  },
  {
    rule: 'heuristic freshness: 10 % of Date − Last-Modified, for a heuristically cacheable status',
    async check() {
      const s = cached()
      const old = resource({ lm: 100_000 }) // 10 000 s of heuristic freshness
      await read(s.get(old.url()))
      expect((await read(s.get(old.url()))).response.cached).toBe('hit')
      expect((await count(old.key)).count).toBe(1)
    },
  },
  {
    rule: 'conditional revalidation (If-None-Match): a 304 serves the stored body with the new headers',
    async check() {
      const r = resource({ cc: 'max-age=0', etag: '"v1"' })
      const s = cached()
      const first = await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(second.response.cached).toBe('revalidated')
      expect(second.response.status).toBe(200)
      expect(second.body.n).toBe(first.body.n) // the stored body
      expect(second.response.headers.get('x-count')).toBe('2') // the 304's headers
      expect(second.response.headers.get('x-validated')).toBe('etag')
      expect(await count(r.key)).toEqual({ count: 2, notModified: 1 })
    },
  },
  {
    rule: 'conditional revalidation (If-Modified-Since) with a Last-Modified validator',
    skip: happyDom,
    async check() {
      const r = resource({ cc: 'no-cache', lm: 10 })
      const s = cached()
      await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(second.response.cached).toBe('revalidated')
      expect(second.response.headers.get('x-validated')).toBe('date')
      expect(await count(r.key)).toEqual({ count: 2, notModified: 1 })
    },
  },
  {
    rule: 'Vary: Accept keeps two entries, each served to its own Accept',
    async check() {
      const r = resource({ cc: 'max-age=60', vary: 'Accept' })
      const s = cached()
      const a = await read(s.get(r.url(), { headers: { accept: 'application/json' } }))
      const b = await read(s.get(r.url(), { headers: { accept: 'text/plain' } }))
      const a2 = await read(s.get(r.url(), { headers: { accept: 'application/json' } }))
      const b2 = await read(s.get(r.url(), { headers: { accept: 'text/plain' } }))
      expect([a.body.accept, b.body.accept]).toEqual(['application/json', 'text/plain'])
      expect([a2.response.cached, b2.response.cached]).toEqual(['hit', 'hit'])
      expect([a2.body.n, b2.body.n]).toEqual([a.body.n, b.body.n])
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'Vary: * never matches',
    async check() {
      const r = resource({ cc: 'max-age=60', vary: '*' })
      const s = cached()
      await read(s.get(r.url()))
      await read(s.get(r.url()))
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'no-store (response) is never stored',
    async check() {
      const r = resource({ cc: 'no-store, max-age=60' })
      const s = cached()
      await read(s.get(r.url()))
      expect((await read(s.get(r.url()))).response.cached).toBe('miss')
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'no-store (request) is never stored',
    skip: browserCache,
    async check() {
      const r = resource({ cc: 'max-age=60' })
      const s = cached()
      await read(s.get(r.url(), { headers: { 'cache-control': 'no-store' } }))
      await read(s.get(r.url()))
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'no-cache (response): stored, but always revalidated',
    skip: happyDom,
    async check() {
      const r = resource({ cc: 'no-cache, max-age=60', etag: '"a"' })
      const s = cached()
      await read(s.get(r.url()))
      expect((await read(s.get(r.url()))).response.cached).toBe('revalidated')
      expect(await count(r.key)).toEqual({ count: 2, notModified: 1 })
    },
  },
  {
    rule: 'no-cache (request): a fresh entry is revalidated',
    async check() {
      const r = resource({ cc: 'max-age=60', etag: '"a"' })
      const s = cached()
      await read(s.get(r.url()))
      const second = await read(s.get(r.url(), { headers: { 'cache-control': 'no-cache' } }))
      expect(second.response.cached).toBe('revalidated')
      expect(await count(r.key)).toEqual({ count: 2, notModified: 1 })
    },
  },
  {
    rule: 'must-revalidate: a stale entry is not served, not even on a 503 within stale-if-error',
    async check() {
      const r = resource({ cc: 'max-age=0, must-revalidate, stale-if-error=60', etag: '"a"', failAfter: 1, fail: 503 })
      const s = cached()
      await read(s.get(r.url()))
      const second = await s.get(r.url())
      expect(second.status).toBe(503)
      expect(second.cached).toBe('miss')
    },
  },
  {
    rule: 'Set-Cookie is never stored: the miss carries it, a hit does not',
    skip: isBrowserLike(), // browsers never show Set-Cookie to fetch
    async check() {
      const r = resource({ cc: 'max-age=60', cookie: 'sid=alice' })
      const s = cached()
      const first = await s.get(r.url())
      await first.json()
      expect(first.headers.getSetCookie()).toEqual(['sid=alice; Path=/'])
      const hit = await s.get(r.url())
      expect(hit.cached).toBe('hit')
      expect(hit.headers.get('set-cookie')).toBeNull()
    },
  },
  {
    rule: 'private is stored (a private cache)',
    async check() {
      const r = resource({ cc: 'private, max-age=60' })
      const s = cached()
      await read(s.get(r.url()))
      expect((await read(s.get(r.url()))).response.cached).toBe('hit')
      expect((await count(r.key)).count).toBe(1)
    },
  },
  {
    rule: 'stale-while-revalidate: the stale entry is served at once and revalidated in the background',
    async check() {
      const r = resource({ cc: 'max-age=0, stale-while-revalidate=60', etag: '"a"' })
      const s = cached()
      const first = await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(second.response.cached).toBe('stale')
      expect(second.body.n).toBe(first.body.n)
      await eventually(async () => (await count(r.key)).notModified === 1)
      s.close()
    },
  },
  {
    rule: 'stale-while-revalidate: the background revalidation ends with the session (close() aborts it)',
    async check() {
      const r = resource({ cc: 'max-age=0, stale-while-revalidate=60', etag: '"a"' })
      const store = mapStore()
      await read(cached({ httpCache: { store } }).get(r.url()))
      let called!: () => void
      const revalidating = new Promise<void>((resolve) => (called = resolve))
      let aborted!: (reason: unknown) => void
      const abort = new Promise<unknown>((resolve) => (aborted = resolve))
      // The revalidation never gets an answer: only close() can end it.
      const stall = ((_input: string | URL | Request, init?: RequestInit) => {
        called()
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            aborted(init.signal?.reason)
            reject(init.signal?.reason)
          })
        })
      }) as typeof fetch
      const s = new Session({ httpCache: { store }, retry: false, fetch: stall })
      expect((await s.get(r.url())).cached).toBe('stale')
      await revalidating
      s.close()
      expect(await abort).toMatchObject({ name: 'AbortError' })
    },
  },
  {
    rule: 'stale-if-error: a stale entry is served on a 503',
    async check() {
      const r = resource({ cc: 'max-age=0, stale-if-error=60', failAfter: 1, fail: 503 })
      const s = cached()
      const first = await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(second.response.cached).toBe('stale')
      expect(second.response.status).toBe(200)
      expect(second.body.n).toBe(first.body.n)
      expect((await count(r.key)).count).toBe(2)
    },
  },
  {
    rule: 'stale-if-error: a stale entry is served on a network error',
    async check() {
      const r = resource({ cc: 'max-age=0, stale-if-error=60', failAfter: 1, fail: 'reset' })
      const s = cached()
      const first = await read(s.get(r.url()))
      const second = await read(s.get(r.url()))
      expect(second.response.cached).toBe('stale')
      expect(second.body.n).toBe(first.body.n)
      // Past the window (none here): the network error is the call's.
      const strict = resource({ cc: 'max-age=0', failAfter: 1, fail: 'reset' })
      await read(s.get(strict.url()))
      await expect(s.get(strict.url())).rejects.toBeInstanceOf(NetworkError)
    },
  },
  {
    rule: 'unsafe methods: a successful POST invalidates the target URI',
    async check() {
      const r = resource({ cc: 'max-age=60' })
      const s = cached()
      await read(s.get(r.url()))
      expect((await read(s.get(r.url()))).response.cached).toBe('hit')
      await read(s.post(r.url(), { json: { change: 1 } }))
      const after = await read(s.get(r.url()))
      expect(after.response.cached).toBe('miss')
      expect((await count(r.key)).count).toBe(3)
    },
  },
  {
    rule: 'unsafe methods: Content-Location on the same origin is invalidated too; an error response invalidates nothing',
    async check() {
      const target = resource({ cc: 'max-age=60' })
      const s = cached()
      await read(s.get(target.url()))
      const other = resource({ loc: target.url().slice(base.length) })
      const failing = resource({ failAfter: 0, fail: 503 })
      await read(s.post(failing.url({ loc: target.url().slice(base.length) })))
      expect((await read(s.get(target.url()))).response.cached).toBe('hit')
      await read(s.put(other.url()))
      expect((await read(s.get(target.url()))).response.cached).toBe('miss')
    },
  },
  {
    rule: 'only GET (and HEAD) use the cache: a POST response is not stored',
    async check() {
      const r = resource({ cc: 'max-age=60' })
      const s = cached()
      await read(s.post(r.url()))
      await read(s.post(r.url()))
      expect((await count(r.key)).count).toBe(2)
      // HEAD is answered by a fresh stored GET response, without a body.
      const g = resource({ cc: 'max-age=60' })
      await read(s.get(g.url()))
      const head = await s.head(g.url())
      expect(head.cached).toBe('hit')
      expect(await head.text()).toBe('')
      expect((await count(g.key)).count).toBe(1)
    },
  },
  {
    rule: 'origins: an entry for one origin is never served for another (127.0.0.1 vs localhost)',
    async check() {
      const r = resource({ cc: 'max-age=60' })
      const s = cached()
      await read(s.get(r.url()))
      const other = await read(s.get(r.url({}, otherBase)))
      expect(other.response.cached).toBe('miss')
      expect(other.body.n).toBe(2)
    },
  },
  {
    rule: 'credentials: a response to a request with Authorization is stored only with public / must-revalidate / s-maxage, and per credential',
    skip: browserCache,
    async check() {
      const s = cached()
      const plain = resource({ cc: 'max-age=60' })
      await read(s.get(plain.url(), { auth: ['alice', 'a'] }))
      await read(s.get(plain.url(), { auth: ['alice', 'a'] }))
      expect((await count(plain.key)).count).toBe(2) // not stored: no §3.5 directive
      const open = resource({ cc: 'public, max-age=60' })
      await read(s.get(open.url(), { auth: ['alice', 'a'] }))
      expect((await read(s.get(open.url(), { auth: ['alice', 'a'] }))).response.cached).toBe('hit')
      // Bob and an anonymous call never get Alice's entry.
      expect((await read(s.get(open.url(), { auth: ['bob', 'b'] }))).response.cached).toBe('miss')
      expect((await read(s.get(open.url(), { headers: { authorization: 'Bearer x' } }))).response.cached).toBe('miss')
      expect((await read(s.get(open.url()))).response.cached).toBe('miss')
      expect((await count(open.key)).count).toBe(4)
    },
  },
  {
    rule: 'concurrency: 20 concurrent GETs of one URL each read the full body; later ones are hits',
    async check() {
      const r = resource({ cc: 'max-age=60', bytes: 50_000 })
      const s = cached()
      const sizes = await Promise.all(Array.from({ length: 20 }, async () => (await (await s.get(r.url())).bytes()).byteLength))
      expect(new Set(sizes)).toEqual(new Set([50_000]))
      const hit = await s.get(r.url())
      expect(hit.cached).toBe('hit')
      expect((await hit.bytes()).byteLength).toBe(50_000)
      // All 20 were in flight before any was stored (Chromium's own cache merges them into one request).
      if (!browserCache) expect((await count(r.key)).count).toBe(20)
    },
  },
  {
    rule: 'concurrency: a burst of stale hits sends one background revalidation',
    async check() {
      const r = resource({ cc: 'max-age=0, stale-while-revalidate=60', etag: '"a"' })
      const s = cached()
      await read(s.get(r.url()))
      const burst = await Promise.all(Array.from({ length: 10 }, () => read(s.get(r.url()))))
      expect(burst.every(({ response }) => response.cached === 'stale')).toBe(true)
      await eventually(async () => (await count(r.key)).notModified === 1)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await count(r.key)).toEqual({ count: 2, notModified: 1 })
      s.close()
    },
  },
  {
    rule: 'a body larger than maxBytes streams through and is not stored',
    skip: browserCache,
    async check() {
      const r = resource({ cc: 'max-age=60', bytes: 300_000 })
      const s = new Session({ httpCache: { store: mapStore(), maxBytes: 100_000 }, retry: false })
      expect((await (await s.get(r.url())).bytes()).byteLength).toBe(300_000)
      const again = await s.get(r.url())
      expect(again.cached).toBe('miss')
      expect((await again.bytes()).byteLength).toBe(300_000)
      expect((await count(r.key)).count).toBe(2)
      // A small one with the same session is stored.
      const small = resource({ cc: 'max-age=60', bytes: 1_000 })
      await (await s.get(small.url())).bytes()
      expect((await s.get(small.url())).cached).toBe('hit')
    },
  },
]

describe('httpCache conformance (RFC 9111, private cache) against the fault server', () => {
  for (const row of table) it.skipIf(row.skip === true)(row.rule, row.check)
})

describe('httpCache options', () => {
  it('refuses bad options before any I/O', () => {
    expect(() => new Session({ httpCache: { maxEntries: -1 } })).toThrow(RangeError)
    expect(() => new Session({ httpCache: { maxBytes: 1.5 } })).toThrow('httpCache.maxBytes must be a non-negative integer, got 1.5')
    expect(() => new Session({ httpCache: { store: {} as never } })).toThrow(TypeError)
    expect(() => new Session({ httpCache: 'yes' as never })).toThrow('httpCache must be')
  })

  it('httpCache: true caches outside browsers and is a no-op in browsers (their fetch has an HTTP cache)', async () => {
    const r = resource({ cc: 'max-age=60' })
    const s = new Session({ httpCache: true, retry: false })
    await read(s.get(r.url()))
    const second = await s.get(r.url())
    expect(second.cached).toBe(isBrowserLike() ? 'miss' : 'hit')
    await second.text()
  })

  it('clone() keeps response.cached, and both bodies read the stored bytes', async () => {
    const r = resource({ cc: 'max-age=60' })
    const s = cached()
    await read(s.get(r.url()))
    const hit = await s.get(r.url())
    const copy = hit.clone()
    expect(copy.cached).toBe('hit')
    expect(await copy.json()).toEqual(await hit.json())
  })

  it('a session without httpCache reports every response as a miss', async () => {
    const r = resource({ cc: 'max-age=60' })
    const response = await new Session({ retry: false }).get(r.url())
    expect(response.cached).toBe('miss')
    await response.text()
  })
})
