import { describe, expect, it } from 'vitest'
import { BulkheadRejectedError, RequestError, Session } from '../../src/index.js'

describe('Session maxQueue', () => {
  it('rejects at once when the queue is full; beforeError sees it', async () => {
    const gates: Array<() => void> = []
    const fetch = (async () => {
      await new Promise<void>((resolve) => gates.push(resolve))
      return new Response('ok')
    }) as typeof globalThis.fetch
    const seen: string[] = []
    const api = new Session({ fetch, retry: false, maxConcurrent: 1, maxQueue: 1, hooks: { beforeError: [(e) => { seen.push(e.name); return e }] } })
    const a = api.get('http://127.0.0.1:59999/a')
    const b = api.get('http://127.0.0.1:59999/b')
    const error = await api.get('http://127.0.0.1:59999/c').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BulkheadRejectedError)
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).attempts).toBe(1)
    expect(seen).toEqual(['BulkheadRejectedError'])
    await new Promise((r) => setTimeout(r, 5))
    gates.shift()?.()
    await a
    await new Promise((r) => setTimeout(r, 5))
    gates.shift()?.()
    await b
  })
  it('extend() passes maxQueue on', async () => {
    const api = new Session().extend({ maxConcurrent: 1, maxQueue: 0, fetch: (async () => new Promise(() => {})) as typeof fetch, retry: false })
    void api.get('http://127.0.0.1:59999/a').catch(() => {})
    await expect(api.get('http://127.0.0.1:59999/b')).rejects.toBeInstanceOf(BulkheadRejectedError)
  })
  it('validates', () => {
    expect(() => new Session({ maxQueue: 3 })).toThrow(TypeError)
    expect(() => new Session({ maxConcurrent: 1, maxQueue: -1 })).toThrow(RangeError)
  })
})
