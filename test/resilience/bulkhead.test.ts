import { describe, expect, it } from 'vitest'
import { Session, TimeoutError } from '../../src/index.js'

/** A transport whose calls stay pending until the test releases them, in order. */
function gated() {
  const started: string[] = []
  const gates: Array<() => void> = []
  const fetch = (async (url: string | URL | Request) => {
    started.push(new URL(String(url)).pathname)
    await new Promise<void>((resolve) => gates.push(resolve))
    return new Response('ok')
  }) as typeof globalThis.fetch
  const releaseOne = async () => {
    gates.shift()?.()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { fetch, started, releaseOne }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('maxConcurrent bulkhead', () => {
  it('runs at most maxConcurrent calls; the rest start in FIFO order', async () => {
    const { fetch, started, releaseOne } = gated()
    const api = new Session({ fetch, maxConcurrent: 2, retry: false })
    const calls = ['/1', '/2', '/3', '/4', '/5'].map((path) => api.get(`http://127.0.0.1:1${path}`))
    await tick()
    expect(started).toEqual(['/1', '/2'])
    await releaseOne()
    expect(started).toEqual(['/1', '/2', '/3'])
    await releaseOne()
    await releaseOne()
    await releaseOne()
    await releaseOne()
    expect(started).toEqual(['/1', '/2', '/3', '/4', '/5'])
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
  })

  it('a queued call leaves the queue at once when aborted, and keeps its place for nobody', async () => {
    const { fetch, started, releaseOne } = gated()
    const api = new Session({ fetch, maxConcurrent: 1, retry: false })
    const first = api.get('http://127.0.0.1:1/first')
    const controller = new AbortController()
    const aborted = api.get('http://127.0.0.1:1/aborted', { signal: controller.signal })
    const third = api.get('http://127.0.0.1:1/third')
    await tick()
    const reason = new Error('no longer needed')
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)
    await releaseOne()
    expect(started).toEqual(['/first', '/third'])
    await releaseOne()
    await Promise.all([first, third])
  })

  it('a queued call honours its total deadline', async () => {
    const { fetch, releaseOne } = gated()
    const api = new Session({ fetch, maxConcurrent: 1, retry: false })
    const first = api.get('http://127.0.0.1:1/first')
    const late = api.get('http://127.0.0.1:1/late', { timeout: { total: 50 } })
    const error = await late.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).phase).toBe('total')
    await releaseOne()
    await first
  })

  it('a failed call frees its slot', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      throw new TypeError('down')
    }) as typeof globalThis.fetch
    const api = new Session({ fetch, maxConcurrent: 1, retry: false })
    const results = await Promise.allSettled([1, 2, 3].map(() => api.get('http://127.0.0.1:1/x')))
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    expect(calls).toBe(3)
  })

  it.each([0, -1, 1.5, Number.NaN])('rejects maxConcurrent %s', (value) => {
    expect(() => new Session({ maxConcurrent: value })).toThrow(RangeError)
  })
})
