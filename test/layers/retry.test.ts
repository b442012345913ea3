// Retry decisions with a scripted transport (fast, deterministic), plus the
// timing-sensitive paths against the real fault server (SPEC §5).
import { describe, expect, inject, it, vi } from 'vitest'
import { backoff } from '../../src/layers/retry.js'
import { get, HTTPError, NetworkError, post, put, request, Session, TimeoutError } from '../../src/index.js'
import type { RetryContext, RetryOptions } from '../../src/index.js'

const base = inject('base')
const fast: RetryOptions = { limit: 2, backoff: { initial: 1, jitter: 'none' } }

type Step = number | Error | [number, Record<string, string>]

/** A fetch that answers with the scripted statuses (or throws the errors) in order, then 200. */
function script(...steps: Step[]) {
  const seen: Array<{ method: string; body: unknown; signal: AbortSignal | null | undefined }> = []
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    seen.push({ method: String(init?.method), body: init?.body, signal: init?.signal })
    const step = steps[seen.length - 1] ?? 200
    if (step instanceof Error) throw step
    const [status, headers] = Array.isArray(step) ? step : [step, {}]
    return new Response(`attempt ${seen.length}`, { status, headers })
  }) as unknown as typeof globalThis.fetch
  return { fetch, seen }
}

const url = 'http://127.0.0.1:1/retry'

describe('which failures are retried', () => {
  it.each<[string, Step[], number]>([
    ['500 then 200', [500], 2],
    ['503, 502 then 200', [503, 502], 3],
    ['408', [408], 2],
    ['413', [413], 2],
    ['429', [429], 2],
    ['504', [504], 2],
    ['a network error', [new TypeError('fetch failed')], 2],
  ])('retries %s', async (_name, steps, attempts) => {
    const { fetch, seen } = script(...steps)
    const response = await get(url, { fetch, retry: fast })
    expect(response.status).toBe(200)
    expect(response.attempts).toBe(attempts)
    expect(seen).toHaveLength(attempts)
  })

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry %i', async (status) => {
    const { fetch, seen } = script(status)
    await expect(get(url, { fetch, retry: fast })).rejects.toMatchObject({ status })
    expect(seen).toHaveLength(1)
  })

  it('gives up after limit retries with the last failure, attempts and history', async () => {
    const { fetch, seen } = script(500, 502, 503, 200)
    const error = (await get(url, { fetch, retry: fast }).catch((e: unknown) => e)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.status).toBe(503)
    expect(seen).toHaveLength(3)
    expect(error.attempts).toBe(3)
    expect(error.history).toEqual([
      { attempt: 1, status: 500, delay: 1 },
      { attempt: 2, status: 502, delay: 2 },
      { attempt: 3, status: 503, delay: 0 },
    ])
  })

  it('the final error keeps the class of the last failure', async () => {
    const { fetch } = script(500, new TypeError('down'), new TypeError('down'))
    const error = (await get(url, { fetch, retry: fast }).catch((e: unknown) => e)) as NetworkError
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.attempts).toBe(3)
    expect(error.history.map((h) => h.status ?? (h.error as Error).name)).toEqual([500, 'NetworkError', 'NetworkError'])
  })

  it('retry: false, retry: 0 and onNetworkError: false turn retries off', async () => {
    for (const retry of [false, 0, { ...fast, onNetworkError: false }] as const) {
      const { fetch, seen } = script(new TypeError('x'))
      await expect(get(url, { fetch, retry })).rejects.toBeInstanceOf(NetworkError)
      expect(seen).toHaveLength(1)
    }
  })

  it('retry: n sets the limit', async () => {
    const { fetch, seen } = script(500, 500, 500, 500, 500)
    await expect(get(url, { fetch, retry: { ...fast, limit: 4 } })).rejects.toBeInstanceOf(HTTPError)
    expect(seen).toHaveLength(5)
  })

  it('statusCodes replaces the list', async () => {
    const { fetch, seen } = script(404)
    expect((await get(url, { fetch, retry: { ...fast, statusCodes: [404] } })).status).toBe(200)
    expect(seen).toHaveLength(2)
  })

  // urllib3 (test_retry.py's respect_retry_after_header cases): 413/429/503 with Retry-After are
  // retried whatever status_forcelist says; without the header they follow statusCodes (issue 19).
  it('statusCodes without 429 still retries a 429 that carries Retry-After, as urllib3 does', async () => {
    const { fetch, seen } = script([429, { 'retry-after': '0' }])
    const response = await get(url, { fetch, retry: { ...fast, statusCodes: [500, 502, 504] } })
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(2)
  })

  it('statusCodes without 429 does not retry a 429 without Retry-After', async () => {
    const { fetch, seen } = script(429)
    const error = await get(url, { fetch, retry: { ...fast, statusCodes: [500, 502, 504] } }).catch((e: unknown) => e)
    expect((error as HTTPError).status).toBe(429)
    expect(seen).toHaveLength(1)
  })

  it('retries when throwHttpErrors is false too, and returns the last response', async () => {
    const { fetch, seen } = script(500, 500, 500)
    const response = await get(url, { fetch, retry: fast, throwHttpErrors: false })
    expect(response.status).toBe(500)
    expect(response.attempts).toBe(3)
    expect(seen).toHaveLength(3)
  })
})

describe('methods', () => {
  it('does not retry a POST', async () => {
    const { fetch, seen } = script(503)
    await expect(post(url, { fetch, retry: fast, json: { a: 1 } })).rejects.toBeInstanceOf(HTTPError)
    expect(seen).toHaveLength(1)
  })

  it('does not retry a POST after a network error either', async () => {
    const { fetch, seen } = script(new TypeError('reset'))
    await expect(post(url, { fetch, retry: fast })).rejects.toBeInstanceOf(NetworkError)
    expect(seen).toHaveLength(1)
  })

  it('retries a POST carrying an Idempotency-Key, with the same body', async () => {
    const { fetch, seen } = script(503)
    const response = await post(url, { fetch, retry: fast, json: { a: 1 }, headers: { 'Idempotency-Key': 'k1' } })
    expect(response.status).toBe(200)
    expect(seen.map((s) => s.body)).toEqual(['{"a":1}', '{"a":1}'])
  })

  // TRACE is in SPEC §5's list too, but fetch forbids it: it is refused before
  // I/O with a TypeError (test/security/input.test.ts).
  it.each(['PUT', 'DELETE', 'HEAD', 'OPTIONS'])('retries %s', async (method) => {
    const { fetch, seen } = script(503)
    await request(url, { method, fetch, retry: fast })
    expect(seen).toHaveLength(2)
  })

  it('methods replaces the list (case-insensitively)', async () => {
    const { fetch, seen } = script(503)
    await post(url, { fetch, retry: { ...fast, methods: ['post'] } })
    expect(seen).toHaveLength(2)
  })
})

describe('each attempt is fresh', () => {
  it('gets a new signal (an aborted attempt never poisons the next)', async () => {
    const { fetch, seen } = script(503, 503)
    await get(url, { fetch, retry: fast })
    const signals = seen.map((s) => s.signal)
    expect(new Set(signals).size).toBe(3)
  })

  it('re-creates a body given as a function, once per attempt', async () => {
    const { fetch, seen } = script(503)
    const body = vi.fn(() => 'fresh')
    await put(url, { fetch, retry: fast, body })
    expect(body).toHaveBeenCalledTimes(2)
    expect(seen.map((s) => s.body)).toEqual(['fresh', 'fresh'])
  })

  it.each<[string, () => BodyInit]>([
    ['bytes', () => new Uint8Array([1, 2])],
    ['a Blob', () => new Blob(['b'])],
    ['FormData', () => Object.assign(new FormData(), {}) ],
    ['URLSearchParams', () => new URLSearchParams('a=1')],
  ])('replays %s', async (_name, make) => {
    const { fetch, seen } = script(503)
    const body = make()
    await put(url, { fetch, retry: fast, body })
    expect(seen.map((s) => s.body)).toEqual([body, body])
  })

  it('never retries (or buffers) a one-shot ReadableStream body', async () => {
    const { fetch, seen } = script(503)
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array([1])), c.close()) })
    await expect(put(url, { fetch, retry: fast, body: stream })).rejects.toMatchObject({ status: 503 })
    expect(seen).toHaveLength(1)
  })

  it('re-applies auth to every attempt', async () => {
    const { fetch } = script(503)
    const auth = vi.fn((r: { headers: Headers }) => void r.headers.set('x-sig', 'fresh'))
    await get(url, { fetch, retry: fast, auth })
    expect(auth).toHaveBeenCalledTimes(2)
  })
})

describe('delays', () => {
  it('backoff is min(max, initial·factor^(n−1)), with full jitter in [0, delay]', () => {
    const none = { backoff: { initial: 300, factor: 2, max: 1000, jitter: 'none' as const } }
    expect([1, 2, 3, 4].map((n) => backoff(n, none))).toEqual([300, 600, 1000, 1000])
    const full = { backoff: { initial: 300, factor: 2, max: 30_000 } }
    expect(backoff(3, full, () => 0)).toBe(0)
    expect(backoff(3, full, () => 0.5)).toBe(600)
    expect(backoff(3, full, () => 0.999_999)).toBe(1200)
  })

  it('backoff as a function gives each wait as is: the exact urllib3 schedule (issue 19)', async () => {
    // urllib3 Retry(backoff_factor=0.05) sleeps 0, 100, 200, 400 ms: nothing before the first retry.
    const urllib3 = (n: number) => (n === 1 ? 0 : 50 * 2 ** (n - 1))
    expect([1, 2, 3, 4].map((n) => backoff(n, { backoff: urllib3 }))).toEqual([0, 100, 200, 400])
    const delays: number[] = []
    const { fetch } = script(503, 503)
    await get(url, {
      fetch,
      retry: { limit: 2, backoff: (n) => n - 1 },
      hooks: { beforeRetry: [({ delay }) => void delays.push(delay)] },
    })
    expect(delays).toEqual([0, 1])
  })

  it('a backoff function returning a bad wait fails the call with a RangeError naming it', async () => {
    const { fetch } = script(503)
    const error = await get(url, { fetch, retry: { backoff: () => Number.NaN } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toBe('retry.backoff(attempt) must be a non-negative number of ms, got NaN')
  })

  it('honours Retry-After on 503 and reports the delay in history', async () => {
    const { fetch } = script([503, { 'retry-after': '0' }])
    const response = await get(url, { fetch, retry: { limit: 1, backoff: { initial: 5000, jitter: 'none' } } })
    expect(response.attempts).toBe(2)
  })

  it('ignores Retry-After on a status not in afterStatusCodes', async () => {
    const { fetch } = script([500, { 'retry-after': '3600' }])
    const response = await get(url, { fetch, retry: fast })
    expect(response.status).toBe(200)
  })

  it('does not wait for a Retry-After beyond maxRetryAfter: fails at once with retryAfter set', async () => {
    const { fetch, seen } = script([429, { 'retry-after': '120' }])
    const error = (await get(url, { fetch, retry: fast }).catch((e: unknown) => e)) as HTTPError
    expect(error.status).toBe(429)
    expect(error.retryAfter).toBe(120_000)
    expect(seen).toHaveLength(1)
  })

  it('garbage Retry-After falls back to the backoff', async () => {
    const { fetch, seen } = script([503, { 'retry-after': 'whenever' }])
    expect((await get(url, { fetch, retry: fast })).status).toBe(200)
    expect(seen).toHaveLength(2)
  })
})

describe('shouldRetry and beforeRetry', () => {
  it('shouldRetry overrides the decision, may be async, and gets a frozen context', async () => {
    const { fetch, seen } = script(404, 404)
    const contexts: RetryContext[] = []
    const shouldRetry = vi.fn(async (context: RetryContext) => {
      contexts.push(context)
      return context.response?.status === 404
    })
    await get(url, { fetch, retry: { ...fast, statusCodes: [404], shouldRetry } })
    expect(seen).toHaveLength(3)
    expect(contexts.map((c) => [c.attempt, c.delay])).toEqual([[1, 1], [2, 2]])
    expect(Object.isFrozen(contexts[0])).toBe(true)
  })

  it('shouldRetry returning false stops', async () => {
    const { fetch, seen } = script(503)
    await expect(get(url, { fetch, retry: { ...fast, shouldRetry: () => false } })).rejects.toBeInstanceOf(HTTPError)
    expect(seen).toHaveLength(1)
  })

  it('beforeRetry hooks see every retry before its sleep', async () => {
    const { fetch } = script(new TypeError('x'), 502)
    const seen: string[] = []
    await get(url, {
      fetch,
      retry: fast,
      hooks: { beforeRetry: [({ attempt, error, response, delay }) => void seen.push(`${attempt}:${error?.name ?? response?.status}:${delay}`)] },
    })
    expect(seen).toEqual(['1:NetworkError:1', '2:502:2'])
  })

  it('session hooks and policy apply to its requests', async () => {
    const { fetch, seen } = script(503, 503, 503)
    const session = new Session({ fetch, retry: { limit: 3, backoff: { initial: 1, jitter: 'none' } } })
    expect((await session.get(url)).attempts).toBe(4)
    expect(seen).toHaveLength(4)
  })
})

describe('validation', () => {
  it.each<[unknown, RegExp]>([
    [{ methods: 'GET' }, /retry.methods must be an array of method names, got "GET"/],
    [{ statusCodes: [500, 'x'] }, /retry.statusCodes\[1\] must be a status code, got "x"/],
    [{ backoff: { initial: -1 } }, /retry.backoff.initial must be a non-negative number/],
    [{ backoff: { jitter: 'half' } }, /retry.backoff.jitter must be 'full' or 'none'/],
    [{ limit: 1.5 }, /retry.limit must be a non-negative integer, got 1.5/],
  ])('rejects %j before sending', async (retry, message) => {
    const { fetch, seen } = script()
    await expect(get(url, { fetch, retry: retry as RetryOptions })).rejects.toThrow(message)
    expect(seen).toHaveLength(0)
  })
})

describe('against the real fault server', () => {
  const key = () => Math.random().toString(36).slice(2)

  it('503 + Retry-After: 1 twice, then 200: 3 attempts in 2–2.5 s', async () => {
    const started = Date.now()
    const response = await get(`${base}/retry-after/2?after=1&key=${key()}`)
    const elapsed = Date.now() - started
    expect(response.status).toBe(200)
    expect(response.attempts).toBe(3)
    expect(elapsed).toBeGreaterThanOrEqual(1990)
    expect(elapsed).toBeLessThan(2500)
  }, 10_000)

  it('honours an HTTP-date Retry-After', async () => {
    const after = new Date(Date.now() + 1500).toUTCString()
    const response = await get(`${base}/retry-after/1?after=${encodeURIComponent(after)}&key=${key()}`)
    expect(response.attempts).toBe(2)
  }, 10_000)

  it('a Retry-After past the total deadline fails at once with HTTPError 503 and retryAfter 5000', async () => {
    const started = Date.now()
    const error = (await get(`${base}/retry-after/1?after=5&key=${key()}`, { timeout: { total: 1000 } }).catch(
      (e: unknown) => e,
    )) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.status).toBe(503)
    expect(error.retryAfter).toBe(5000)
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('an abort during a 10 s backoff rejects at once with the user reason', async () => {
    const controller = new AbortController()
    const reason = new Error('user abort during backoff')
    const pending = get(`${base}/retry-after/1?after=10&key=${key()}`, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 300)) // the first 503 has arrived; sleeping now
    const aborted = Date.now()
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(Date.now() - aborted).toBeLessThan(50)
  })

  it('a backoff that would cross the total deadline is not started: the last failure at once', async () => {
    const started = Date.now()
    const error = await get(`${base}/flaky?fail=5&status=503&key=${key()}`, {
      timeout: { total: 1500 },
      retry: { limit: 5, backoff: { initial: 600, jitter: 'none' } },
    }).catch((e: unknown) => e)
    // 600 ms fits, the next 1200 ms would not: HTTPError 503 after two attempts, before the deadline.
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).attempts).toBe(2)
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('retries connection resets', async () => {
    const response = await get(`${base}/flaky?fail=2&key=${key()}`, { retry: fast })
    expect(response.attempts).toBe(3)
  })

  it('retries attempt timeouts, each with a fresh timer', async () => {
    const error = (await get(`${base}/stall`, { timeout: { attempt: 100 }, retry: fast }).catch((e: unknown) => e)) as TimeoutError
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.phase).toBe('attempt')
    expect(error.attempts).toBe(3)
  })

  it('does not retry a POST to a failing server; does with an Idempotency-Key', async () => {
    const k1 = key()
    await expect(post(`${base}/flaky?fail=1&status=503&key=${k1}`, { json: {}, retry: fast })).rejects.toBeInstanceOf(HTTPError)
    const k2 = key()
    const response = await post(`${base}/flaky?fail=1&status=503&key=${k2}`, {
      json: {},
      retry: fast,
      headers: { 'idempotency-key': k2 },
    })
    expect(response.attempts).toBe(2)
  })
})
