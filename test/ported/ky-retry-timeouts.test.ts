// ky's test/retry.ts (ky 2.0.2), ported, part 2: shouldRetry, per-attempt
// timeouts, totalTimeout (surefetch's timeout.total). Shared: scripted
// transports and the real fault server. Counts: see ky-retry.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { get, HTTPError, NetworkError, Session, TimeoutError } from '../../src/index.js'
import type { RequestError, RetryContext } from '../../src/index.js'
import { failure, reset, script } from './helpers.js'

const base = inject('base')
const url = 'http://127.0.0.1:59997/'
const quick = { initial: 0, jitter: 'none' } as const

describe('ky test/retry.ts — shouldRetry', () => {
  it('ky test/retry.ts: "shouldRetry: returns false - prevents retry"', async () => {
    const { fetch, sent } = script(500, 500)
    await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry: () => false } })).rejects.toMatchObject({ status: 500 })
    expect(sent).toHaveLength(1)
  })

  it('ky test/retry.ts: "shouldRetry: receives correct state object" / "retryCount starts at 1 for first retry" / "receives proper Error instance even for HTTPError"', async () => {
    const { fetch } = script(500, 502)
    const seen: Array<Pick<RetryContext, 'attempt' | 'error' | 'response'>> = []
    await get(url, { fetch, retry: { backoff: quick, shouldRetry: (ctx) => (seen.push(ctx), true) } })
    expect(seen.map((ctx) => [ctx.attempt, ctx.response?.status])).toEqual([
      [1, 500],
      [2, 502],
    ])
  })

  it('ky test/retry.ts: "shouldRetry: custom business logic with HTTPError" / "works with synchronous function" / "handles Promise return value correctly"', async () => {
    for (const answer of [(s?: number) => s === 429, async (s?: number) => s === 429]) {
      const { fetch, sent } = script(429, 500, 500)
      await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry: ({ response }) => answer(response?.status) } })).rejects.toMatchObject({ status: 500 })
      expect(sent).toHaveLength(2)
    }
  })

  it('ky test/retry.ts: "shouldRetry: error propagates if shouldRetry throws" / "… returns rejected Promise"', async () => {
    const oops = new Error('oops')
    for (const shouldRetry of [() => { throw oops }, async () => { throw oops }]) {
      const { fetch, sent } = script(500)
      await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry } })).rejects.toBe(oops)
      expect(sent).toHaveLength(1)
    }
  })

  it('ky test/retry.ts: "shouldRetry: works with TimeoutError" — it sees the attempt TimeoutError and decides', async () => {
    const seen: unknown[] = []
    const error = await failure(get(`${base}/stall`, { timeout: { attempt: 50 }, retry: { limit: 1, backoff: quick, shouldRetry: ({ error }) => (seen.push(error), true) } }))
    expect(error).toMatchObject({ name: 'TimeoutError', attempts: 2 })
    expect(seen[0]).toBeInstanceOf(TimeoutError)
  })

  it('ky test/retry.ts: "shouldRetry: precedence over retryOnTimeout" — difference: onTimeout: false is final; shouldRetry is asked only about failures that may be retried', async () => {
    const seen: unknown[] = []
    const error = await failure(
      get(`${base}/stall`, { timeout: { attempt: 50 }, retry: { limit: 1, onTimeout: false, backoff: quick, shouldRetry: ({ error }) => (seen.push(error), true) } }),
    )
    expect(error).toMatchObject({ name: 'TimeoutError', attempts: 1 })
    expect(seen).toEqual([])
  })

  it('ky test/retry.ts: "shouldRetry: returns undefined - uses default retry logic" / "shouldRetry: non-boolean return values fall through to default logic" / "shouldRetry: combines with default status code logic when returning undefined" / "shouldRetry returning undefined for NetworkError falls through to default retry" — difference: anything but true is “no”', async () => {
    const { fetch, sent } = script(500, 500)
    await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry: () => undefined as unknown as boolean } })).rejects.toMatchObject({ status: 500 })
    expect(sent).toHaveLength(1)
  })

  it('ky test/retry.ts: "shouldRetry can force retry of non-network errors" — difference: a programming error is never retried, whatever shouldRetry says', async () => {
    const bug = new RangeError('bug in a custom fetch')
    const { fetch, sent } = script(bug, bug)
    await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry: () => true } })).rejects.toBe(bug)
    expect(sent).toHaveLength(1)
  })

  it('ky test/retry.ts: "shouldRetry: returns true cannot exceed totalTimeout budget" / "totalTimeout takes precedence over retry limit"', async () => {
    const { fetch } = script(500, 500, 500, 500, 500)
    const error = await failure(get(url, { fetch, timeout: { total: 150 }, retry: { limit: 100, backoff: { initial: 100, jitter: 'none' }, shouldRetry: () => true } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).attempts).toBeLessThan(5)
  })
})

describe('ky test/retry.ts — timeouts', () => {
  it('ky test/retry.ts: "retryOnTimeout: false (default) - does not retry on timeout" — difference: attempt timeouts are retried by default (onTimeout: false for ky’s)', async () => {
    const byDefault = await failure(get(`${base}/stall`, { timeout: { attempt: 50 }, retry: { limit: 1, backoff: quick } }))
    expect(byDefault).toMatchObject({ name: 'TimeoutError', attempts: 2 })
    const off = await failure(get(`${base}/stall`, { timeout: { attempt: 50 }, retry: { limit: 1, backoff: quick, onTimeout: false } }))
    expect(off).toMatchObject({ name: 'TimeoutError', attempts: 1 })
  })

  it('ky test/retry.ts: "retryOnTimeout: each retry gets the full per-attempt timeout" / "each retry gets the full per-attempt timeout (not a shared budget)"', async () => {
    const error = (await failure(get(`${base}/stall`, { timeout: { attempt: 80 }, retry: { limit: 2, backoff: quick } }))) as TimeoutError
    expect(error).toMatchObject({ phase: 'attempt', timeout: 80, attempts: 3 })
    expect(error.history.map((entry) => (entry.error as Error | undefined)?.name)).toEqual(['TimeoutError', 'TimeoutError', 'TimeoutError'])
  })

  it('ky test/retry.ts: "timeout: false does not throw TimeoutError during retries"', async () => {
    const r = await get(`${base}/flaky?fail=2&key=ky-timeout-false-${crypto.randomUUID()}`, { timeout: false, retry: { backoff: quick } })
    expect(r.attempts).toBe(3)
  })

  it('ky test/retry.ts: "Retry-After delay is bounded by totalTimeout budget" — a wait past the deadline is not started', async () => {
    const { fetch, sent } = script([503, { 'retry-after': '5' }])
    const error = await failure(get(url, { fetch, timeout: { total: 1_000 } }))
    expect(error).toMatchObject({ name: 'HTTPError', status: 503, retryAfter: 5_000 })
    expect(sent).toHaveLength(1)
  })

  it('ky test/retry.ts: "totalTimeout with timeout: false - … exceeds total budget" — total alone bounds a stalled call', async () => {
    const error = await failure(get(`${base}/stall`, { timeout: { total: 100 } }))
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total', timeout: 100 })
  })

  it('ky test/retry.ts: "totalTimeout expires mid-delay between retries" / "totalTimeout caps total time while timeout caps each attempt"', async () => {
    const { fetch, sent } = script(500, 500)
    const error = await failure(get(url, { fetch, timeout: { total: 200 }, retry: { backoff: { initial: 150, jitter: 'none' } } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect(sent.length).toBeLessThanOrEqual(2)
  })

  it('ky test/retry.ts: "totalTimeout: 0 throws immediately" — a TimeoutError (phase total), nothing sent', async () => {
    const { fetch, sent } = script()
    await expect(get(url, { fetch, timeout: { total: 0 } })).rejects.toMatchObject({ name: 'TimeoutError', phase: 'total' })
    expect(sent).toHaveLength(0)
  })

  it('ky test/retry.ts: "totalTimeout exceeding maxSafeTimeout throws RangeError"', async () => {
    const { fetch, sent } = script()
    await expect(get(url, { fetch, timeout: { total: 2 ** 31 } })).rejects.toBeInstanceOf(RangeError)
    expect(sent).toHaveLength(0)
  })

  it('ky test/retry.ts: "totalTimeout works with ky.create()" / "can be overridden via extend()" / "can be disabled via extend()"', async () => {
    const s = new Session({ timeout: { total: 100 } })
    await expect(s.get(`${base}/stall`)).rejects.toMatchObject({ phase: 'total' })
    await expect(s.extend({ timeout: { total: 60 } }).get(`${base}/stall`)).rejects.toMatchObject({ phase: 'total', timeout: 60 })
    await expect(s.extend({ timeout: { total: undefined, attempt: 80 } }).get(`${base}/stall`, { retry: false })).rejects.toMatchObject({ phase: 'attempt' })
  })
})

describe('ky test/retry.ts — errors', () => {
  it('ky test/retry.ts: "beforeError hook receives NetworkError with cause chain"', async () => {
    const cause = reset()
    const { fetch } = script(cause)
    const seen: RequestError[] = []
    await failure(get(url, { fetch, retry: false, hooks: { beforeError: [(error) => (seen.push(error), error)] } }))
    expect(seen[0]).toBeInstanceOf(NetworkError)
    expect(seen[0]?.cause).toBe(cause)
  })
})
