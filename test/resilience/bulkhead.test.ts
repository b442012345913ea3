import { describe, expect, it } from 'vitest'
import { RequestError, Session, TimeoutError } from '../../src/index.js'
import { Bulkhead, BulkheadRejectedError } from '../../src/resilience/bulkhead.js'
import type { Next } from '../../src/context.js'
import type { CallScope } from '../../src/util/scope.js'
import { fakeRequest } from '../support/request.js'

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

  it('frees the slot when the headers arrive: a body still being read holds none', async () => {
    // A body that never ends: were the slot held until it is read, the second call would never start.
    const fetch = (async () => new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([1])) }))) as typeof globalThis.fetch
    const api = new Session({ fetch, maxConcurrent: 1, retry: false })
    const first = await api.get('http://127.0.0.1:1/endless')
    const second = await api.get('http://127.0.0.1:1/endless')
    expect([first.status, second.status]).toEqual([200, 200])
    await first.body?.cancel()
    await second.body?.cancel()
  })
})

describe('Bulkhead with maxQueue', () => {
  /** A `next` whose calls stay pending until released, in order. */
  function pending() {
    const gates: Array<() => void> = []
    const next: Next = () => new Promise<Response>((resolve) => gates.push(() => resolve(new Response('ok'))))
    /** Lets the oldest pending call answer, once it has reached `next` (a granted slot is taken asynchronously). */
    const release = async () => {
      while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
      gates.shift()?.()
    }
    return { next, release }
  }

  /**
   * A request with the part of a call's scope the bulkhead uses: `aborted`,
   * `reason`, and the `target` it registers to be cancelled. Aborting it does
   * what CallScope.abort does (util/scope.ts), without its signals and timers.
   */
  function call(url: string, signal?: AbortSignal) {
    const request = fakeRequest(url)
    const scope: Pick<CallScope, 'aborted' | 'reason' | 'target'> = { aborted: false, reason: undefined, target: undefined }
    signal?.addEventListener('abort', () => {
      scope.aborted = true
      scope.reason = signal.reason
      scope.target?.abort(signal.reason)
    })
    request.context.scope = scope as CallScope
    return request
  }

  it('rejects a call at once with BulkheadRejectedError when the slots are busy and the queue is full', async () => {
    const bulkhead = new Bulkhead(2, 1)
    const layer = bulkhead.layer()
    const { next, release } = pending()
    const running = [layer(call('https://api.example.com/1'), next), layer(call('https://api.example.com/2'), next)]
    const queued = layer(call('https://api.example.com/3'), next)
    expect([bulkhead.active, bulkhead.queued]).toEqual([2, 1])
    const error = await layer(call('https://api.example.com/4?token=s3cr3t'), next).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BulkheadRejectedError)
    expect(error).toBeInstanceOf(RequestError)
    const rejected = error as BulkheadRejectedError
    expect(rejected.name).toBe('BulkheadRejectedError')
    expect(rejected.message).toBe('bulkhead full: 2 calls in flight, 1 queued — GET https://api.example.com/4?token=***')
    expect([rejected.maxConcurrent, rejected.maxQueue]).toEqual([2, 1])
    expect(JSON.parse(JSON.stringify(rejected))).toMatchObject({ name: 'BulkheadRejectedError', maxConcurrent: 2, maxQueue: 1 })
    expect((rejected as unknown as Record<symbol, unknown>)[Symbol.for('surefetch.error')]).toBe('BulkheadRejectedError')
    // The rejected call took neither a slot nor a queue place.
    expect([bulkhead.active, bulkhead.queued]).toEqual([2, 1])
    await release()
    await release()
    await Promise.all(running)
    await release()
    expect((await queued).status).toBe(200)
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0])
  })

  it('maxQueue 0: no waiting at all, a call either gets a slot or is rejected', async () => {
    const bulkhead = new Bulkhead(1, 0)
    const layer = bulkhead.layer()
    const { next, release } = pending()
    const running = layer(call('https://api.example.com/1'), next)
    await expect(layer(call('https://api.example.com/2'), next)).rejects.toBeInstanceOf(BulkheadRejectedError)
    await release()
    await running
    const again = layer(call('https://api.example.com/3'), next)
    await release()
    expect((await again).status).toBe(200)
  })

  it('a waiter that is aborted gives its queue place back', async () => {
    const bulkhead = new Bulkhead(1, 1)
    const layer = bulkhead.layer()
    const { next, release } = pending()
    const running = layer(call('https://api.example.com/1'), next)
    const controller = new AbortController()
    const waiting = layer(call('https://api.example.com/2', controller.signal), next).catch((caught: unknown) => caught)
    expect(bulkhead.queued).toBe(1)
    const reason = new Error('not needed')
    controller.abort(reason)
    expect(await waiting).toBe(reason)
    expect(bulkhead.queued).toBe(0)
    const next2 = layer(call('https://api.example.com/3'), next)
    expect(bulkhead.queued).toBe(1)
    await release()
    await running
    await release()
    expect((await next2).status).toBe(200)
  })

  it('is unbounded by default (SPEC §10: excess calls queue)', () => {
    const bulkhead = new Bulkhead(1)
    const layer = bulkhead.layer()
    const { next } = pending()
    for (let i = 0; i < 1_000; i++) void layer(call(`https://api.example.com/${i}`), next)
    expect([bulkhead.active, bulkhead.queued]).toEqual([1, 999])
  })

  it.each([-1, 1.5, Number.NaN, '10'])('rejects maxQueue %s', (value) => {
    expect(() => new Bulkhead(1, value as number)).toThrow(/^maxQueue must be a non-negative integer or Infinity, got /)
  })
})
