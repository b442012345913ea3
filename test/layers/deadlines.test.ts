// Deadlines under the conditions users live in (issue 16): many calls at once,
// fake timers, custom transports, over-long values, errors raised while a
// body is read. Runs in every vitest project against the real fault server.
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { get, RequestError, Session, TimeoutError } from '../../src/index.js'
import type { TimeoutPhase } from '../../src/errors.js'

const base = inject('base')
const base2 = inject('base2')
const never = (() => new Promise<Response>(() => undefined)) as typeof fetch

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

// Browsers allow 6 connections per origin: spreading the calls over the fault
// server's two origins keeps the queue short there.
const origin = (i: number) => (i % 2 === 0 ? base : base2)
// Generous: CI runs four runtimes at once on two cores. The defect this guards
// against is a deadline that fires seconds late or never.
const LATE = 1_500
const EARLY = 5

interface Outcome {
  phase: TimeoutPhase
  deadline: number
  took: number
  /** When a plain platform timer of the same length, set at the same moment, fired. */
  platform: number
  error: unknown
}

/**
 * A plain `setTimeout` of `ms`, resolving with the ms it really took: under
 * load (happy-dom spends seconds of CPU setting up 200 fetches) every timer
 * fires late, so a deadline is judged against the platform's own timer.
 */
function platformTimer(ms: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve) => setTimeout(() => resolve(performance.now() - started), ms))
}

/** One call that must fail with a TimeoutError of `phase` `deadline` ms after its clock starts. */
async function timedCall(i: number, phase: TimeoutPhase, deadline: number): Promise<Outcome> {
  const url = `${origin(i)}/${phase === 'read' ? 'stall-body' : 'stall'}?key=stress-${i}`
  const started = performance.now()
  if (phase === 'attempt') {
    const platform = platformTimer(deadline)
    const error = await rejection(get(url, { retry: false, timeout: { attempt: deadline } }))
    return { phase, deadline, took: performance.now() - started, platform: await platform, error }
  }
  if (phase === 'total') {
    const platform = platformTimer(deadline)
    const error = await rejection(get(url, { retry: false, timeout: { total: deadline, attempt: 60_000 } }))
    return { phase, deadline, took: performance.now() - started, platform: await platform, error }
  }
  // read: the clock starts when the body read does (the headers may queue behind other calls in a browser).
  const response = await get(url, { retry: false, timeout: { read: deadline, attempt: 60_000 } })
  const reading = performance.now()
  const platform = platformTimer(deadline)
  const error = await rejection(response.text())
  return { phase, deadline, took: performance.now() - reading, platform: await platform, error }
}

describe('200 concurrent calls, deadlines spread over 50–600 ms and the three phases', () => {
  const phases: TimeoutPhase[] = ['attempt', 'read', 'total']
  it.each(Array.from({ length: 20 }, (_, run) => run + 1))('every call times out in its phase, on time (run %i of 20)', async () => {
    const calls = Array.from({ length: 200 }, (_, i) => {
      const phase = phases[i % 3] as TimeoutPhase
      const deadline = 50 + ((i * 7) % 23) * 25 // 50..600 in steps of 25: about nine calls share each length
      return timedCall(i, phase, deadline)
    })
    const outcomes = await Promise.all(calls)
    const wrong = outcomes.filter(
      ({ phase, deadline, took, platform, error }) =>
        !(error instanceof TimeoutError) ||
        error.phase !== phase ||
        error.timeout !== deadline ||
        took < deadline - EARLY ||
        took > Math.max(deadline, platform) + LATE,
    )
    const show = ({ phase, deadline, took, platform, error }: Outcome) => ({ phase, deadline, took: Math.round(took), platform: Math.round(platform), error: String(error) })
    expect(wrong.map(show)).toEqual([])
  }, 60_000)
})

describe('fake timers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('advancing fake time past a deadline fires it', async () => {
    vi.useFakeTimers()
    const call = rejection(get(`${base}/json`, { fetch: never, retry: false, timeout: { attempt: 5_000 } }))
    await vi.advanceTimersByTimeAsync(4_999)
    let settled = false
    void call.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(2)
    const error = await call
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ phase: 'attempt', timeout: 5_000 })
  })

  it('the total deadline fires under fake timers too', async () => {
    vi.useFakeTimers()
    const call = rejection(get(`${base}/json`, { fetch: never, timeout: 30_000 }))
    await vi.advanceTimersByTimeAsync(30_001)
    expect(await call).toMatchObject({ name: 'TimeoutError', phase: 'total' })
  })

  it('after a call under fake timers, timeouts with real timers restored still fire', async () => {
    vi.useFakeTimers()
    await get(`${base}/json`, { fetch: async () => Response.json({ ok: true }) }).json()
    void get(`${base}/json`, { fetch: never, timeout: 50 }).catch(() => undefined) // left pending under fake time
    vi.useRealTimers()
    const started = performance.now()
    const error = await rejection(get(`${base}/stall`, { retry: false, timeout: { attempt: 150 } }))
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'attempt' })
    expect(performance.now() - started).toBeLessThan(150 + LATE)
  })
})

describe('custom transports', () => {
  it('a custom fetch that never settles still times out', async () => {
    const started = performance.now()
    const error = await rejection(get(`${base}/json`, { fetch: never, timeout: 100 }))
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total', timeout: 100 })
    expect(performance.now() - started).toBeLessThan(100 + LATE)
  })

  it('a custom fetch that ignores the signal still times out per attempt, and the retry runs', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      if (calls === 1) return new Promise<Response>(() => undefined)
      return Response.json({ attempt: calls })
    }) as typeof globalThis.fetch
    const body = await get(`${base}/json`, { fetch, timeout: { attempt: 80 }, retry: { limit: 1, backoff: { initial: 0 } } }).json()
    expect(body).toEqual({ attempt: 2 })
  })
})

describe('signals of finished calls', () => {
  it('response.request.signal never aborts because of another call', async () => {
    const finished: AbortSignal[] = []
    for (let i = 0; i < 40; i++) {
      const response = await get(`${base}/json`)
      await response.json()
      finished.push(response.request.signal as AbortSignal)
    }
    const aborted = vi.fn()
    for (const signal of finished) signal.addEventListener('abort', aborted)
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        get(`${origin(i)}/stall?key=alias-${i}`, { retry: false, timeout: { attempt: 30 } }).catch(() => undefined),
      ),
    )
    expect(aborted).not.toHaveBeenCalled()
    expect(finished.every((signal) => !signal.aborted)).toBe(true)
    expect(new Set(finished).size).toBe(finished.length)
  })

  it('a user signal shared by many concurrent calls aborts them all, with its reason', async () => {
    const controller = new AbortController()
    const calls = Array.from({ length: 30 }, (_, i) =>
      rejection(get(`${origin(i)}/stall?key=shared-${i}`, { retry: false, signal: controller.signal })),
    )
    setTimeout(() => controller.abort(new Error('stop')), 50)
    const errors = await Promise.all(calls)
    expect(errors.every((error) => error instanceof Error && error.message === 'stop')).toBe(true)
  })
})

describe('over-long values', () => {
  it.each([
    ['timeout', 2 ** 31],
    ['timeout.attempt', { attempt: 2 ** 31 + 10 }],
    ['timeout.read', { read: Number.POSITIVE_INFINITY }],
    ['timeout.total', { total: 2 ** 40 }],
  ])('%s beyond 2³¹−1 ms is a RangeError naming it, before any I/O', async (name, timeout) => {
    const fetch = vi.fn(never)
    const error = await rejection(get(`${base}/json`, { fetch, timeout: timeout as never }))
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toContain(`${name} must be at most 2147483647 ms`)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('2³¹−1 ms itself is accepted', async () => {
    const body = await get(`${base}/json`, { timeout: { attempt: 2 ** 31 - 1, total: 2 ** 31 - 1 } }).json()
    expect(body).toEqual({ hello: 'world' })
  })

  it('a Retry-After of 25 days with maxRetryAfter: Infinity waits, not 1 ms', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      return new Response('busy', { status: 503, headers: { 'retry-after': String(25 * 86_400) } })
    }) as typeof globalThis.fetch
    const controller = new AbortController()
    const call = rejection(get(`${base}/json`, { fetch, signal: controller.signal, timeout: false, retry: { limit: 1, maxRetryAfter: Number.POSITIVE_INFINITY } }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls).toBe(1)
    controller.abort(new Error('enough'))
    expect(await call).toMatchObject({ message: 'enough' })
  })

  it('a Retry-After of 25 days is waited for in full under fake timers', async () => {
    vi.useFakeTimers()
    try {
      const seen: number[] = []
      const fetch = (async () => {
        seen.push(Date.now())
        return seen.length === 1
          ? new Response('busy', { status: 503, headers: { 'retry-after': String(25 * 86_400) } })
          : Response.json({ ok: true })
      }) as typeof globalThis.fetch
      const call = get(`${base}/json`, { fetch, timeout: false, retry: { limit: 1, maxRetryAfter: Number.POSITIVE_INFINITY } }).json()
      await vi.advanceTimersByTimeAsync(25 * 86_400_000 - 1_000)
      expect(seen).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(await call).toEqual({ ok: true })
      expect((seen[1] as number) - (seen[0] as number)).toBeGreaterThanOrEqual(25 * 86_400_000)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('errors raised while the body is read', () => {
  it('a read TimeoutError passes through beforeError', async () => {
    const beforeError = vi.fn((error: RequestError) => {
      error.message = `[tagged] ${error.message}`
      return error
    })
    const response = await get(`${base}/stall-body`, { retry: false, timeout: { read: 100 }, hooks: { beforeError: [beforeError] } })
    const error = await rejection(response.text())
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toMatch(/^\[tagged\] read timeout of 100 ms/)
    expect(beforeError).toHaveBeenCalledTimes(1)
  })

  it('a total TimeoutError in the body passes through beforeError (iterators too)', async () => {
    const beforeError = vi.fn((error: RequestError) => error)
    const api = new Session({ hooks: { beforeError: [beforeError] } })
    const response = await api.get(`${base}/stall-body`, { retry: false, timeout: { total: 200 } })
    const lines: string[] = []
    const error = await rejection(
      (async () => {
        for await (const line of response.lines()) lines.push(line)
      })(),
    )
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total' })
    expect(beforeError).toHaveBeenCalledWith(error)
  })

  it('a ParseError from json() passes through beforeError', async () => {
    const beforeError = vi.fn((error: RequestError) => error)
    const error = await rejection(get(`${base}/status/200`, { hooks: { beforeError: [beforeError] } }).json())
    expect(error).toMatchObject({ name: 'ParseError' })
    expect(beforeError).toHaveBeenCalledWith(error)
  })

  it('the total deadline covers json(schema) validation', async () => {
    const stuck = { '~standard': { version: 1, vendor: 'test', validate: () => new Promise(() => undefined) } } as const
    const started = performance.now()
    const error = await rejection(get(`${base}/json`, { timeout: { total: 250 } }).json(stuck as never))
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total', timeout: 250 })
    expect(performance.now() - started).toBeLessThan(250 + LATE)
  })

  it('a user abort during json(schema) validation rejects with the reason', async () => {
    const controller = new AbortController()
    const stuck = { '~standard': { version: 1, vendor: 'test', validate: () => new Promise(() => undefined) } } as const
    const parsing = rejection(get(`${base}/json`, { signal: controller.signal }).json(stuck as never))
    setTimeout(() => controller.abort(new Error('user')), 50)
    expect(await parsing).toMatchObject({ message: 'user' })
  })
})
