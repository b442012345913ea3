import { describe, expect, it, vi } from 'vitest'
import { RetryBudget } from '../../src/resilience/budget.js'
import { NetworkError, Session } from '../../src/index.js'

describe('RetryBudget', () => {
  const t0 = Date.UTC(2026, 0, 1)

  it('allows minPerSecond × 10 retries with no traffic, then refuses', () => {
    const budget = new RetryBudget()
    let allowed = 0
    for (let i = 0; i < 50; i++) if (budget.tryRetry({ ratio: 0.2, minPerSecond: 2 }, t0)) allowed++
    expect(allowed).toBe(20)
  })

  it('allows ratio × first attempts on top', () => {
    const budget = new RetryBudget()
    for (let i = 0; i < 100; i++) budget.first(t0)
    let allowed = 0
    for (let i = 0; i < 100; i++) if (budget.tryRetry({ ratio: 0.2, minPerSecond: 0 }, t0)) allowed++
    expect(allowed).toBe(20)
  })

  it('forgets retries older than 10 s even after an idle period', () => {
    const budget = new RetryBudget()
    const options = { ratio: 0, minPerSecond: 1 }
    for (let i = 0; i < 10; i++) budget.tryRetry(options, t0)
    expect(budget.tryRetry(options, t0)).toBe(false)
    expect(budget.tryRetry(options, t0 + 15_000)).toBe(true)
    expect(budget.tryRetry(options, t0 + 25_000)).toBe(true)
  })

  it('forgets what is older than 10 s (sliding window)', () => {
    const budget = new RetryBudget()
    const options = { ratio: 0, minPerSecond: 1 }
    for (let i = 0; i < 10; i++) expect(budget.tryRetry(options, t0)).toBe(true)
    expect(budget.tryRetry(options, t0 + 5_000)).toBe(false)
    expect(budget.tryRetry(options, t0 + 10_000)).toBe(true)
  })
})

describe('retry.budget on a session', () => {
  it('stops retrying once the shared budget is spent, across calls', async () => {
    let calls = 0
    const fetch = vi.fn(async () => {
      calls++
      throw new TypeError('fetch failed')
    }) as unknown as typeof globalThis.fetch
    const api = new Session({
      fetch,
      timeout: false,
      retry: { limit: 3, backoff: { initial: 0, jitter: 'none' }, budget: { ratio: 0.1, minPerSecond: 0.5 } },
    })
    const errors = await Promise.all(Array.from({ length: 20 }, () => api.get('http://127.0.0.1:1/x').catch((e: unknown) => e)))
    expect(errors.every((e) => e instanceof NetworkError)).toBe(true)
    // 20 first attempts; budget = 0.1 × 20 + 0.5 × 10 = 7 retries at most, instead of 60.
    expect(calls).toBeLessThanOrEqual(27)
    expect(calls).toBeGreaterThanOrEqual(20 + 5)
  })

  it('keeps one budget per origin: a failing host does not spend a healthy one’s', async () => {
    const calls: Record<string, number> = {}
    const fetch = vi.fn(async (url: string | URL | Request) => {
      const host = new URL(String(url)).host
      calls[host] = (calls[host] ?? 0) + 1
      if (host.startsWith('127.0.0.1')) throw new TypeError('down')
      return new Response('ok', { status: calls[host] === 1 ? 503 : 200 })
    }) as unknown as typeof globalThis.fetch
    const api = new Session({
      fetch,
      timeout: false,
      retry: { limit: 3, backoff: { initial: 0, jitter: 'none' }, budget: { ratio: 0, minPerSecond: 0.2 } },
    })
    for (let i = 0; i < 10; i++) await api.get('http://127.0.0.1:1/x').catch(() => undefined)
    // The healthy origin still has its own 2 retries.
    expect((await api.get('http://127.0.0.2:1/x')).attempts).toBe(2)
  })

  it('beforeRetry hooks only see retries the budget allows', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('down')
    }) as unknown as typeof globalThis.fetch
    const seen: number[] = []
    const api = new Session({
      fetch,
      timeout: false,
      retry: { limit: 5, backoff: { initial: 0, jitter: 'none' }, budget: { ratio: 0, minPerSecond: 0.1 } },
      hooks: { beforeRetry: [({ attempt }) => void seen.push(attempt)] },
    })
    await api.get('http://127.0.0.1:1/x').catch(() => undefined)
    expect(seen).toEqual([1]) // one retry in the budget (0.1 × 10)
  })

  it('rejects a bad budget', async () => {
    await expect(new Session().get('http://127.0.0.1:1/', { retry: { budget: { ratio: -1 } } })).rejects.toThrow(
      /retry.budget.ratio must be a non-negative number, got -1/,
    )
  })
})
