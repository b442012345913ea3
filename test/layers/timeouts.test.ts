// Timeouts and cancellation against the real fault server (SPEC §4). Runs in
// every vitest project: node, happy-dom, chromium and workerd.
import { describe, expect, inject, it } from 'vitest'
import { get, RequestError, Session, TimeoutError } from '../../src/index.js'

const base = inject('base')
const noRetry = { retry: false } as const

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

function expectTimeout(error: unknown, phase: string, timeout: number): void {
  expect(error).toBeInstanceOf(TimeoutError)
  expect(error).toBeInstanceOf(RequestError)
  expect(error).toMatchObject({ name: 'TimeoutError', phase, timeout })
}

describe('attempt timeout', () => {
  it('fires when the headers never come', async () => {
    const error = await rejection(get(`${base}/stall`, { ...noRetry, timeout: { attempt: 150 } }))
    expectTimeout(error, 'attempt', 150)
    expect((error as TimeoutError).message).toBe(`attempt timeout of 150 ms exceeded — GET ${base}/stall`)
  })

  it('does not cover the body: a slow body after quick headers succeeds', async () => {
    // The body takes ~1.6 s, well past the attempt timeout; headers come at once (1 s of slack for a loaded CI machine).
    const text = await get(`${base}/drip?chunks=4&interval=400`, { ...noRetry, timeout: { attempt: 1000 } }).text()
    expect(text.split('\n').filter(Boolean)).toHaveLength(4)
  })

  it('is not a timeout when the answer comes in time', async () => {
    expect(await get(`${base}/delay/50`, { ...noRetry, timeout: { attempt: 2000 } }).json()).toEqual({ delayed: 50 })
  })
})

describe('read timeout', () => {
  it('fires mid-text() when the body stalls after the first chunk', async () => {
    const response = await get(`${base}/stall-body`, { ...noRetry, timeout: { read: 150 } })
    expect(response.status).toBe(200)
    expectTimeout(await rejection(response.text()), 'read', 150)
  })

  it('fires mid-iteration of response.body', async () => {
    const response = await get(`${base}/stall-body`, { ...noRetry, timeout: { read: 150 } })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    expectTimeout(await rejection(reader.read()), 'read', 150)
  })

  it('restarts on every chunk: a steady drip longer than the read timeout succeeds', async () => {
    const response = await get(`${base}/drip?chunks=8&interval=50`, { ...noRetry, timeout: { read: 200 } })
    const text = await response.text()
    expect(text.split('\n').filter(Boolean)).toHaveLength(8)
  })

  it('does not count the time the consumer holds a chunk', async () => {
    const response = await get(`${base}/drip?chunks=3&interval=10`, { ...noRetry, timeout: { read: 100 } })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let chunks = 0
    for (;;) {
      const { done } = await reader.read()
      if (done) break
      chunks++
      await new Promise((resolve) => setTimeout(resolve, 150)) // slower than the read timeout
    }
    expect(chunks).toBeGreaterThanOrEqual(1)
  })
})

describe('total timeout', () => {
  it('bounds the wait for headers', async () => {
    expectTimeout(await rejection(get(`${base}/delay/2000`, { ...noRetry, timeout: 150 })), 'total', 150)
  })

  it('covers reading the body', async () => {
    const response = await get(`${base}/drip?chunks=20&interval=50`, { ...noRetry, timeout: { total: 300 } })
    expectTimeout(await rejection(response.text()), 'total', 300)
  })

  it('a number is the total timeout', async () => {
    const error = await rejection(get(`${base}/stall`, { ...noRetry, timeout: 100 }))
    expectTimeout(error, 'total', 100)
  })
})

describe('timeout: false', () => {
  it('disables every phase', async () => {
    const session = new Session({ timeout: { attempt: 50, read: 50, total: 50 } })
    const response = await session.get(`${base}/delay/150`, { ...noRetry, timeout: false })
    expect(await response.json()).toEqual({ delayed: 150 })
  })
})

describe('user cancellation', () => {
  it('an abort while waiting for headers rejects with signal.reason unchanged', async () => {
    const controller = new AbortController()
    const reason = new Error('user gave up')
    setTimeout(() => controller.abort(reason), 50)
    expect(await rejection(get(`${base}/stall`, { ...noRetry, signal: controller.signal }))).toBe(reason)
  })

  it('an abort while reading the body rejects the read with signal.reason', async () => {
    const controller = new AbortController()
    const reason = new Error('stop reading')
    const response = await get(`${base}/stall-body`, { ...noRetry, signal: controller.signal })
    const pending = response.text()
    setTimeout(() => controller.abort(reason), 50)
    expect(await rejection(pending)).toBe(reason)
  })

  it('an abort between the headers and the read rejects the read', async () => {
    const controller = new AbortController()
    const response = await get(`${base}/json`, { ...noRetry, signal: controller.signal })
    const reason = new Error('late')
    controller.abort(reason)
    expect(await rejection(response.text())).toBe(reason)
  })

  it('a default abort rejects with an AbortError, never a TimeoutError', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const error = await rejection(get(`${base}/stall`, { ...noRetry, signal: controller.signal, timeout: { attempt: 5000 } }))
    expect(error).not.toBeInstanceOf(TimeoutError)
    expect((error as Error).name).toBe('AbortError')
  })

  it('with both a signal and a timeout, the timeout still fires', async () => {
    const controller = new AbortController()
    const error = await rejection(get(`${base}/stall`, { ...noRetry, signal: controller.signal, timeout: { attempt: 100 } }))
    expectTimeout(error, 'attempt', 100)
  })

  it('with both, the signal still works', async () => {
    const controller = new AbortController()
    const reason = new Error('first')
    setTimeout(() => controller.abort(reason), 30)
    const error = await rejection(get(`${base}/stall`, { ...noRetry, signal: controller.signal, timeout: { attempt: 5000, total: 5000 } }))
    expect(error).toBe(reason)
  })

  it('session.close() aborts a body being read', async () => {
    const session = new Session()
    const response = await session.get(`${base}/stall-body`, noRetry)
    const pending = response.text()
    setTimeout(() => session.close(new Error('closing')), 30)
    expect(await rejection(pending)).toMatchObject({ message: 'closing' })
  })
})
