// Failure isolation (SPEC §10) against the real fault server: what the
// bulkhead and the breaker promise when an upstream stalls or fails — a
// queued call still honours its deadline and its signal, an abandoned call
// leaves nothing behind in the queue, and an open circuit is never retried.
import { describe, expect, inject, it } from 'vitest'
import { CircuitOpenError, HTTPError, type Layer, Session, TimeoutError } from '../../src/index.js'

const base = inject('base')

/** A counter key no other test (or project running at the same time) uses. */
const unique = (name: string) => `isolation-${name}-${Math.random().toString(36).slice(2)}`

/** How many requests with this key reached the fault server (`/flaky` counts them; this read is one more). */
async function arrivals(key: string): Promise<number> {
  const response = await fetch(`${base}/flaky?fail=0&key=${key}`)
  const { attempts } = (await response.json()) as { attempts: number }
  return attempts - 1
}

const settle = (promise: Promise<unknown>) => promise.then(() => undefined, (caught: unknown) => caught)

/** A session whose one bulkhead slot is held by a call to /stall until `release()`. */
function blocked(options: ConstructorParameters<typeof Session>[0] = {}) {
  const api = new Session({ retry: false, ...options, maxConcurrent: 1 })
  const holder = new AbortController()
  const held = settle(api.get(`${base}/stall`, { signal: holder.signal }))
  return {
    api,
    release: async () => {
      holder.abort(new Error('released'))
      await held
    },
  }
}

describe('bulkhead: a queued call', () => {
  it('fails with a total TimeoutError at its deadline, and is never sent', async () => {
    const { api, release } = blocked()
    const key = unique('deadline')
    const started = performance.now()
    const error = await settle(api.get(`${base}/flaky?fail=0&key=${key}`, { timeout: { total: 150 } }))
    const waited = performance.now() - started
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).phase).toBe('total')
    expect(waited).toBeGreaterThanOrEqual(140)
    expect(waited).toBeLessThan(2_000)
    await release()
    expect(await arrivals(key)).toBe(0)
  })

  it('times out with others waiting on the same deadline: each fires, none is lost', async () => {
    const { api, release } = blocked()
    const key = unique('same-deadline')
    const started = performance.now()
    const queued = Array.from({ length: 5 }, () => settle(api.get(`${base}/flaky?fail=0&key=${key}`, { timeout: { total: 100 } })))
    const errors = await Promise.all(queued)
    expect(errors.every((error) => error instanceof TimeoutError && error.phase === 'total')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2_000)
    await release()
    expect(await arrivals(key)).toBe(0)
  })

  it('rejects with its signal’s reason when aborted, and is never sent', async () => {
    const { api, release } = blocked()
    const key = unique('signal')
    const controller = new AbortController()
    const queued = settle(api.get(`${base}/flaky?fail=0&key=${key}`, { signal: controller.signal }))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const reason = new Error('user cancelled')
    controller.abort(reason)
    expect(await queued).toBe(reason)
    await release()
    expect(await arrivals(key)).toBe(0)
  })

  it('leaves the queue when aborted: 200 abandoned calls do not hold up the next one', async () => {
    const { api, release } = blocked()
    const key = unique('abandoned')
    const shared = new AbortController()
    const abandoned = Array.from({ length: 200 }, () => settle(api.get(`${base}/flaky?fail=0&key=${key}`, { signal: shared.signal })))
    // Half by the user's signal, half by their own deadline.
    const expired = Array.from({ length: 200 }, () => settle(api.get(`${base}/flaky?fail=0&key=${key}`, { timeout: { total: 30 } })))
    await new Promise((resolve) => setTimeout(resolve, 10))
    shared.abort(new Error('gone'))
    const reasons = await Promise.all([...abandoned, ...expired])
    expect(reasons.filter((reason) => reason instanceof TimeoutError)).toHaveLength(200)
    await release()
    // Had an abandoned waiter stayed in the queue, the freed slot would go to
    // it — a promise already settled — and this call would wait forever.
    const next = await api.get(`${base}/flaky?fail=0&key=${key}`, { timeout: { total: 2_000 } })
    expect(next.status).toBe(200)
    expect(await next.json()).toEqual({ attempts: 1 })
  })

  it('is rejected at once by session.close(), like the call holding the slot', async () => {
    const api = new Session({ retry: false, maxConcurrent: 1 })
    const held = settle(api.get(`${base}/stall`))
    const queued = settle(api.get(`${base}/json`))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const reason = new Error('shutting down')
    api.close(reason)
    expect(await held).toBe(reason)
    expect(await queued).toBe(reason)
  })
})

describe('breaker: an open circuit', () => {
  /** Counts the attempts that reach the transport. */
  function counting(): { layer: Layer; sent: () => number } {
    let sent = 0
    return {
      layer: (request, next) => {
        sent++
        return next(request)
      },
      sent: () => sent,
    }
  }

  it('is not retried, even by a shouldRetry that says yes to everything', async () => {
    const { layer, sent } = counting()
    const api = new Session({
      breaker: { threshold: 1, cooldown: 60_000 },
      retry: { limit: 5, backoff: { initial: 1, jitter: 'none' }, shouldRetry: () => true },
    }).use(layer)
    // The 503 opens the circuit; the retry that follows meets it and stops there.
    const first = await settle(api.get(`${base}/status/503`))
    expect(first).toBeInstanceOf(CircuitOpenError)
    expect((first as CircuitOpenError).attempts).toBe(2)
    const [failed, stopped] = (first as CircuitOpenError).history
    expect(failed?.status).toBe(503)
    expect(stopped?.error).toBe(first)
    expect(sent()).toBe(1)
    // Later calls fail at once: not sent, not retried, no backoff.
    const started = performance.now()
    const later = await settle(api.get(`${base}/status/200`))
    expect(later).toBeInstanceOf(CircuitOpenError)
    expect((later as CircuitOpenError).attempts).toBe(1)
    expect(performance.now() - started).toBeLessThan(500)
    expect(sent()).toBe(1)
  })

  it('releases the bulkhead slot at once: 50 rejected calls leave it free for the next', async () => {
    const { layer, sent } = counting()
    const api = new Session({ breaker: { threshold: 1, cooldown: 60_000 }, retry: false, maxConcurrent: 1 }).use(layer)
    expect(await settle(api.get(`${base}/status/500`))).toBeInstanceOf(HTTPError)
    const rejected = await Promise.all(Array.from({ length: 50 }, () => settle(api.get(`${base}/status/200`))))
    expect(rejected.every((error) => error instanceof CircuitOpenError)).toBe(true)
    expect(sent()).toBe(1)
    // A call that bypasses the circuit still needs the one slot: it gets it.
    const ok = await api.get(`${base}/json`, { breaker: false, timeout: { total: 2_000 } })
    expect(ok.status).toBe(200)
    expect(sent()).toBe(2)
  })
})
