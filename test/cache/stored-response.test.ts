// A cached hit's native response on Node (src/cache/stored-response.ts): a
// real `Response` built without a body stream, whose body members read the
// stored bytes (issue 21: a hit ≥ 20× faster than a round trip). It must keep
// `Response`'s rules on every runtime, and a hit read through a session must
// behave like a response from the network (the call's abort, the read
// timeout's absence of effect, copies of the cache's bytes). Shared: every
// project, against the fault server's /cache/:key route.
import { describe, expect, inject, it } from 'vitest'
import { StoredResponse } from '../../src/cache/stored-response.js'
import type { CacheEntry, CacheStore } from '../../src/cache/types.js'
import { Session } from '../../src/index.js'

const base = inject('base')
const encoder = new TextEncoder()

function stored(text: string | null, headers: Record<string, string> = { 'content-type': 'application/json' }, status = 200): StoredResponse {
  return new StoredResponse(text === null ? null : encoder.encode(text), { status, statusText: 'OK', headers })
}

function mapStore(): CacheStore {
  const map = new Map<string, CacheEntry>()
  return { get: async (key) => map.get(key), set: async (key, entry) => void map.set(key, entry), delete: async (key) => void map.delete(key) }
}

describe('StoredResponse keeps the rules of Response', () => {
  it('is a Response with native status and headers, and reads its body once', async () => {
    const response = stored('{"a":1}')
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.bodyUsed).toBe(false)
    expect(await response.json()).toEqual({ a: 1 })
    expect(response.bodyUsed).toBe(true)
    await expect(response.text()).rejects.toThrow(TypeError)
    expect(() => response.clone()).toThrow(TypeError)
  })

  it('reads as text, bytes, arrayBuffer, blob (typed) and formData', async () => {
    expect(await stored('héllo').text()).toBe('héllo')
    expect(new TextDecoder().decode(await stored('abc').bytes())).toBe('abc')
    expect(new TextDecoder().decode(await stored('abc').arrayBuffer())).toBe('abc')
    const blob = await stored('abc', { 'content-type': 'image/png' }).blob()
    expect([blob.type, await blob.text()]).toEqual(['image/png', 'abc'])
    const form = await stored('a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }).formData()
    expect([form.get('a'), form.get('b')]).toEqual(['1', '2'])
  })

  it('streams its body when asked for body, and is used once the stream was read', async () => {
    const response = stored('streamed')
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    expect(response.body).toBe(response.body)
    const parts: string[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parts.push(new TextDecoder().decode(value))
    }
    expect(parts.join('')).toBe('streamed')
    expect(response.bodyUsed).toBe(true)
    await expect(response.text()).rejects.toThrow(TypeError)
  })

  it('refuses a buffered read while its stream is locked', async () => {
    const response = stored('x')
    response.body?.getReader()
    await expect(response.text()).rejects.toThrow(TypeError)
  })

  it('clones before a read: both copies read the whole body, with the same status and headers', async () => {
    const response = stored('{"a":1}', { 'content-type': 'application/json', etag: '"v1"' }, 203)
    const copy = response.clone()
    expect(copy).toBeInstanceOf(Response)
    expect([copy.status, copy.headers.get('etag')]).toEqual([203, '"v1"'])
    expect(await copy.json()).toEqual({ a: 1 })
    expect(await response.json()).toEqual({ a: 1 })
  })

  it('hands out copies: changing what bytes() returned does not change the stored body', async () => {
    const bytes = encoder.encode('abc')
    const response = new StoredResponse(bytes, { status: 200 })
    const copy = response.clone()
    const read = await response.bytes()
    read[0] = 0x7a
    expect(new TextDecoder().decode(bytes)).toBe('abc')
    expect(await copy.text()).toBe('abc')
  })

  it('without a body: body is null, reads are empty and never used up', async () => {
    const response = stored(null, {}, 204)
    expect(response.body).toBeNull()
    expect(await response.text()).toBe('')
    expect(await response.text()).toBe('')
    expect(response.bodyUsed).toBe(false)
  })
})

describe('a cached hit read through a session', () => {
  const url = () => `${base}/cache/${crypto.randomUUID()}?cc=max-age%3D60`

  it('is a hit whose raw response is a Response, and whose body is read through the guarded stream too', async () => {
    const session = new Session({ httpCache: { store: mapStore() }, retry: false, timeout: { read: 5_000 } })
    const target = url()
    await (await session.get(target)).text()
    const hit = await session.get(target)
    expect(hit.cached).toBe('hit')
    expect(hit.raw).toBeInstanceOf(Response)
    const lines: string[] = []
    for await (const line of hit.lines()) lines.push(line)
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ n: 1 })
    session.close()
  })

  it('is a StoredResponse on Node only; elsewhere a Response whose native body is the stored one (what a Worker, Deno.serve or the Cache API read)', async () => {
    const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent
    const node = agent === undefined ? typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string' : agent.startsWith('Node.js')
    const session = new Session({ httpCache: { store: mapStore() }, retry: false })
    const target = url()
    const body = await (await session.get(target)).text()
    const hit = await session.get(target)
    expect(hit.cached).toBe('hit')
    expect(hit.raw instanceof StoredResponse).toBe(node)
    // The base class's own reader: on Node it sees the empty native body (nothing in Node reads it so).
    expect(await Response.prototype.text.call(hit.raw)).toBe(node ? '' : body)
    session.close()
  })

  it('a hit read after the call was aborted rejects with the reason, as a response from the network does', async () => {
    const session = new Session({ httpCache: { store: mapStore() }, retry: false })
    const target = url()
    const read = async (expected: string) => {
      const controller = new AbortController()
      const response = await session.get(target, { signal: controller.signal })
      expect(response.cached).toBe(expected)
      const reason = new Error(`stop (${expected})`)
      controller.abort(reason)
      await expect(response.json()).rejects.toBe(reason)
    }
    // From the network: a read after the abort fails (and, unread, it is not stored).
    await read('miss')
    await (await session.get(target)).text()
    await read('hit')
    const hit = await session.get(target)
    expect(hit.cached).toBe('hit')
    session.close()
    await expect(hit.bytes()).rejects.toThrow(/closed/)
  })

  it('100 concurrent hits, read every way at once, each get the whole body', async () => {
    const session = new Session({ httpCache: { store: mapStore() }, retry: false, timeout: { total: 10_000, read: 5_000 } })
    const target = url()
    const body = await (await session.get(target)).text()
    const readers = [
      async (r: Awaited<ReturnType<typeof session.get>>) => r.text(),
      async (r: Awaited<ReturnType<typeof session.get>>) => new TextDecoder().decode(await r.bytes()),
      async (r: Awaited<ReturnType<typeof session.get>>) => JSON.stringify(await r.json()),
      async (r: Awaited<ReturnType<typeof session.get>>) => {
        let text = ''
        for await (const chunk of r.chunks()) text += new TextDecoder().decode(chunk)
        return text
      },
    ]
    const texts = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
      const response = await session.get(target)
      expect(response.cached).toBe('hit')
      return (readers[i % readers.length] as (typeof readers)[number])(response)
    }))
    for (const [i, text] of texts.entries()) expect(i % readers.length === 2 ? JSON.parse(text) : text).toEqual(i % readers.length === 2 ? JSON.parse(body) : body)
    session.close()
  })

  it('changing the bytes a hit returned does not change the next hit', async () => {
    const session = new Session({ httpCache: { store: mapStore() }, retry: false })
    const target = url()
    const first = await (await session.get(target)).text()
    const bytes = await (await session.get(target)).bytes()
    bytes.fill(0x20)
    expect(await (await session.get(target)).text()).toBe(first)
    session.close()
  })
})
