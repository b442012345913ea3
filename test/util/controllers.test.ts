import { describe, expect, it, vi } from 'vitest'
import { get, TimeoutError } from '../../src/index.js'

function recorder() {
  const signals: AbortSignal[] = []
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal)
    return new Response('{"ok":true}')
  }) as unknown as typeof globalThis.fetch
  return { fetch, signals }
}

// Recycling happens on Node-compatible runtimes only (src/util/controllers.ts):
// Workers bind signals to the request that made them, and browsers gain nothing.
const g = globalThis as { process?: { versions?: { node?: unknown } }; navigator?: { userAgent?: unknown } }
const pooling = typeof g.process?.versions?.node === 'string' && g.navigator?.userAgent !== 'Cloudflare-Workers'

describe('recycled abort controllers', () => {
  it.runIf(pooling)('reuses the signal of a request whose body was read, a few times', async () => {
    const { fetch, signals } = recorder()
    for (let i = 0; i < 100; i++) await get('http://127.0.0.1:1/x', { fetch }).json()
    expect(signals).toHaveLength(100)
    expect(new Set(signals).size).toBeLessThanOrEqual(5) // retired after 32 uses
  })

  it.skipIf(pooling)('gives every request its own signal where recycling is off (Workers, browsers)', async () => {
    const { fetch, signals } = recorder()
    for (let i = 0; i < 10; i++) await get('http://127.0.0.1:1/x', { fetch }).json()
    expect(new Set(signals).size).toBe(10)
  })

  it('never hands out a signal still tied to an unread body', async () => {
    const { fetch, signals } = recorder()
    const unread = await get('http://127.0.0.1:1/a', { fetch })
    await get('http://127.0.0.1:1/b', { fetch }).json()
    expect(signals[1]).not.toBe(signals[0])
    await unread.text()
  })

  it('never reuses an aborted signal', async () => {
    const signals: AbortSignal[] = []
    const stall = (async (_url: string | URL | Request, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal)
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
    }) as typeof globalThis.fetch
    const error = await get('http://127.0.0.1:1/x', { fetch: stall, retry: false, timeout: { attempt: 20 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    const { fetch, signals: later } = recorder()
    for (let i = 0; i < 10; i++) await get('http://127.0.0.1:1/x', { fetch }).json()
    expect(later.some((signal) => signal === signals[0])).toBe(false)
    expect(later.every((signal) => !signal.aborted)).toBe(true)
  })
})
