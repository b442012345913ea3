// urllib3's test/test_retry.py (urllib3 2.7.0+, commit 6a8536b), ported: the
// behaviour of `Retry` that surefetch's `retry` claims (SPEC §5, docs/retry.md,
// docs/from-requests.md "Retries"). Written in our own words; each case is
// named after the urllib3 test it carries over. Shared: pure retry logic, run
// on every runtime.
//
// Counts (test functions of test_retry.py; a parametrized one counted once):
//   considered 29 · ported & passing 16 · documented differences 9 · not applicable 4
//   ported:         test_retry_both_specified, test_retry_other, test_retry_read_zero,
//                   test_status_counter, test_backoff (the exact mapping), test_configurable_backoff_max,
//                   test_sleep, test_status_forcelist, test_allowed_methods_with_status_forcelist,
//                   test_disabled, test_error_message, test_history, test_retry_method_not_allowed,
//                   test_parse_retry_after, test_respect_retry_after_header_sleep, and
//                   test_retry_default_remove_headers_on_redirect (in
//                   test/node/ported-requests-httpbin.test.ts: a cross-origin redirect)
//   differences:    test_retry_higher_total_loses, test_retry_higher_total_loses_vs_read,
//                   test_retry_total_none (no per-kind counters), test_retry_default and
//                   test_zero_backoff (on by default), test_configurable_retry_after_max (refused,
//                   not clamped), test_backoff_jitter (full jitter), test_exhausted (Retry(-1) is a
//                   RangeError), test_parse_retry_after_invalid (ignored, not raised); plus
//                   sub-cases of ported functions (the object-form backoff, a string status,
//                   a non-RFC date), all in docs/from-requests.md
//   not applicable: test_string (Python repr), test_respect_retry_after_header_propagated
//                   (Retry.new(): options are plain data), test_backoff_reset_after_redirect
//                   (redirects are no retry events here), test_retry_set_remove_headers_on_redirect
//                   (the stripped headers are fixed by SPEC §6; no option)
import { describe, expect, inject, it } from 'vitest'
import { HTTPError, NetworkError, TimeoutError, get, post } from '../../src/index.js'
import type { RetryOptions } from '../../src/index.js'
import { backoff } from '../../src/layers/retry.js'
import { parseRetryAfter } from '../../src/util/retry-after.js'
import { delaysUntil, failure, reset, script } from './helpers.js'

const base = inject('base')
const url = 'http://127.0.0.1:59997/retry'
/** No waiting between attempts, so the cases count attempts, not time. */
const quick = { initial: 0, jitter: 'none' } as const

/** urllib3's `get_backoff_time()` for `backoff_factor` (s) and `backoff_max` (s), as ms for retry n (1-based). */
const urllib3Backoff =
  (factor: number, max = 120) =>
  (n: number): number =>
    n <= 1 ? 0 : Math.min(max, factor * 2 ** (n - 1)) * 1000

describe('test_retry.py::TestRetry', () => {
  it('test_retry_both_specified — the total limit caps connection-error retries; the last error is thrown', async () => {
    const errors = [reset(), reset(), reset(), reset()]
    const { fetch, sent } = script(...errors)
    const error = await failure(get(url, { fetch, retry: { limit: 2, backoff: quick } }))
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).cause).toBe(errors[2])
    expect(sent).toHaveLength(3)
  })

  it('test_retry_higher_total_loses — difference: no per-kind counters (connect=2); shouldRetry counts them (docs/from-requests.md)', async () => {
    const { fetch, sent } = script(reset(), reset(), reset(), reset())
    const retry: RetryOptions = { limit: 3, backoff: quick, shouldRetry: ({ error, attempt }) => error instanceof NetworkError && attempt <= 2 }
    await expect(get(url, { fetch, retry })).rejects.toBeInstanceOf(NetworkError)
    expect(sent).toHaveLength(3)
  })

  it('test_retry_higher_total_loses_vs_read — difference: no read= counter; onTimeout or shouldRetry decide (docs/from-requests.md)', async () => {
    const retry: RetryOptions = { limit: 3, backoff: quick, shouldRetry: ({ error, attempt }) => error instanceof TimeoutError && attempt <= 2 }
    const seen: number[] = []
    const error = await failure(
      get(`${base}/stall`, { retry, timeout: { attempt: 50 }, hooks: { beforeRetry: [({ attempt }) => void seen.push(attempt)] } }),
    )
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'attempt', attempts: 3 })
    expect(seen).toEqual([1, 2])
  })

  it('test_retry_total_none — difference: limit is the one counter (no total=None); a shouldRetry bounds a kind (docs/from-requests.md)', async () => {
    const { fetch, sent } = script(reset(), reset(), reset(), reset(), reset())
    const retry: RetryOptions = { limit: 10, backoff: quick, shouldRetry: ({ attempt }) => attempt <= 2 }
    await expect(get(url, { fetch, retry })).rejects.toBeInstanceOf(NetworkError)
    expect(sent).toHaveLength(3)
  })

  it('test_retry_default — difference: surefetch retries twice by default (urllib3 Retry(): total=10; requests: none)', async () => {
    const { fetch, sent } = script(503, 503, 503, 503)
    const error = await failure(get(url, { fetch, retry: { backoff: quick } }))
    expect(error).toMatchObject({ status: 503, attempts: 3 })
    expect(sent).toHaveLength(3)
  })

  it('test_retry_other — a TLS/other transport failure is a NetworkError and is retried like a connection error', async () => {
    const { fetch, sent } = script(new TypeError('fetch failed', { cause: new Error('self-signed certificate') }))
    const response = await get(url, { fetch, retry: { limit: 1, backoff: quick } })
    expect(response.status).toBe(200)
    expect(response.attempts).toBe(2)
    expect(sent).toHaveLength(2)
  })

  it('test_retry_read_zero — onTimeout: false: no second chance after an attempt timeout; the TimeoutError itself is thrown', async () => {
    const error = await failure(get(`${base}/stall`, { retry: { limit: 3, onTimeout: false }, timeout: { attempt: 50 } }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ phase: 'attempt', attempts: 1 })
  })

  it('test_status_counter — a status in statusCodes is retried up to the limit, then raised as that status', async () => {
    const { fetch, sent } = script(400, 400, 400, 400)
    const error = await failure(get(url, { fetch, retry: { limit: 2, statusCodes: [400], backoff: quick } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect(error).toMatchObject({ status: 400, attempts: 3 })
    expect(String(error)).toContain('400')
    expect(sent).toHaveLength(3)
  })

  it('test_backoff — the urllib3-exact mapping: no sleep before the first retry, then factor·2^(n−1), capped at backoff_max', () => {
    const policy: RetryOptions = { backoff: urllib3Backoff(0.2) }
    const delays = Array.from({ length: 14 }, (_, i) => backoff(i + 1, policy))
    expect(delays.slice(0, 4)).toEqual([0, 400, 800, 1600])
    expect(delays.at(-1)).toBe(120_000)
  })

  it('test_backoff — the mapping is what the retries wait (backoff_factor=0.001: 0, 2, 4 ms)', async () => {
    const { fetch } = script(500, 500, 500)
    const { hooks, delays } = delaysUntil(99)
    const response = await get(url, { fetch, hooks, retry: { limit: 3, backoff: urllib3Backoff(0.001) } })
    expect(response.attempts).toBe(4)
    expect(delays).toEqual([0, 2, 4])
  })

  it('test_backoff — difference: the object form waits initial before the first retry (urllib3 waits 0), the same curve after', () => {
    const policy: RetryOptions = { backoff: { initial: 200, factor: 2, jitter: 'none', max: 120_000 } }
    expect([1, 2, 3, 4].map((n) => backoff(n, policy))).toEqual([200, 400, 800, 1600])
  })

  it('test_configurable_backoff_max — the cap applies to the curve (backoff_max=1 s)', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { backoff: urllib3Backoff(0.2, 1) }))).toEqual([0, 400, 800, 1000, 1000])
    const object: RetryOptions = { backoff: { initial: 200, factor: 2, max: 1000, jitter: 'none' } }
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, object))).toEqual([200, 400, 800, 1000, 1000])
  })

  it('test_configurable_retry_after_max — difference: a Retry-After above maxRetryAfter fails at once (urllib3 clamps it to retry_after_max and sleeps)', async () => {
    const { fetch, sent } = script([503, { 'retry-after': '2' }])
    const error = await failure(get(url, { fetch, retry: { limit: 2, maxRetryAfter: 1_000 } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect(error).toMatchObject({ status: 503, retryAfter: 2_000, attempts: 1 })
    expect(sent).toHaveLength(1)
    // At the bound it is waited for, as urllib3's parse_retry_after("1") == 1 with retry_after_max=1.
    const at = script([503, { 'retry-after': '1' }])
    const stop = delaysUntil(1)
    await expect(get(url, { fetch: at.fetch, hooks: stop.hooks, signal: stop.signal, retry: { maxRetryAfter: 1_000 } })).rejects.toBe(stop.stop)
    expect(stop.delays).toEqual([1_000])
  })

  it('test_backoff_jitter — difference: full jitter, uniform in [0, delay] (urllib3 adds uniform(0, backoff_jitter) on top)', () => {
    const policy: RetryOptions = { backoff: { initial: 400, factor: 2, max: 1000, jitter: 'full' } }
    expect(backoff(1, policy, () => 0)).toBe(0)
    expect(backoff(1, policy, () => 0.5)).toBe(200)
    expect(backoff(2, policy, () => 0.999_999)).toBe(800)
    expect(backoff(3, policy, () => 0.999_999)).toBe(1000)
  })

  it('test_zero_backoff — difference: surefetch backs off by default (300 ms curve, full jitter); initial: 0 gives urllib3’s zero', () => {
    for (let n = 1; n <= 3; n++) {
      const delay = backoff(n, {})
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThanOrEqual(300 * 2 ** (n - 1))
    }
    expect(backoff(2, { backoff: { initial: 0 } })).toBe(0)
  })

  it('test_sleep — a tiny backoff is slept and the retry succeeds', async () => {
    const { fetch } = script(500, 500)
    const response = await get(url, { fetch, retry: { limit: 2, backoff: { initial: 0.1, jitter: 'none' } } })
    expect(response.attempts).toBe(3)
  })

  it('test_status_forcelist — only listed statuses are retried (a 5xx range, or a custom 418)', async () => {
    const range = Array.from({ length: 100 }, (_, i) => 500 + i)
    for (const [status, attempts] of [
      [200, 1],
      [400, 1],
      [500, 2],
    ] as const) {
      const { fetch, sent } = script(status)
      await get(url, { fetch, throwHttpErrors: false, retry: { limit: 1, statusCodes: range, backoff: quick } })
      expect(sent).toHaveLength(attempts)
    }
    const teapot = script(418)
    expect((await get(url, { fetch: teapot.fetch, retry: { limit: 1, statusCodes: [418], backoff: quick } })).attempts).toBe(2)
    const bad = script(400)
    expect((await get(url, { fetch: bad.fetch, throwHttpErrors: false, retry: { limit: 1, statusCodes: [418], backoff: quick } })).attempts).toBe(1)
  })

  it('test_status_forcelist — difference: a string status ("418") is refused with a TypeError before I/O (urllib3 silently never matches it)', async () => {
    const { fetch, sent } = script(418)
    await expect(get(url, { fetch, retry: { statusCodes: ['418'] as unknown as number[] } })).rejects.toThrow(TypeError)
    expect(sent).toHaveLength(0)
  })

  it('test_allowed_methods_with_status_forcelist — methods and statusCodes are ANDed', async () => {
    const retry: RetryOptions = { limit: 1, statusCodes: [500], methods: ['POST'], backoff: quick }
    const onGet = script(500)
    await expect(get(url, { fetch: onGet.fetch, retry })).rejects.toMatchObject({ status: 500, attempts: 1 })
    const onPost = script(500)
    expect((await post(url, { fetch: onPost.fetch, retry, body: 'x' })).attempts).toBe(2)
  })

  it('test_exhausted / test_disabled — retry: 0 makes one attempt; a negative limit is refused before I/O (urllib3: Retry(-1) is exhausted)', async () => {
    const { fetch, sent } = script(503, 503)
    await expect(get(url, { fetch, retry: 0 })).rejects.toMatchObject({ status: 503, attempts: 1 })
    expect(sent).toHaveLength(1)
    await expect(get(url, { fetch, retry: -1 })).rejects.toThrow(RangeError)
    await expect(get(url, { fetch, retry: { limit: -1 } })).rejects.toThrow(RangeError)
    expect(sent).toHaveLength(1)
  })

  it('test_error_message — the final error is the last failure itself (no MaxRetryError wrapper); its message names it', async () => {
    const timeout = await failure(get(`${base}/stall`, { retry: false, timeout: { attempt: 30 } }))
    expect(timeout).toBeInstanceOf(TimeoutError)
    expect(String(timeout)).toMatch(/TimeoutError/)
    expect(String(timeout)).not.toMatch(/redirect/i)
    const { fetch } = script(500, 500)
    const status = await failure(post(url, { fetch, body: 'x', headers: { 'idempotency-key': 'k' }, retry: { limit: 1, backoff: quick } }))
    expect(status).toBeInstanceOf(HTTPError)
    expect(String(status)).toMatch(/^HTTPError: 500\b.* — POST http:\/\/127\.0\.0\.1:59997\/retry/)
  })

  it('test_history — one entry per attempt: the error or the status, in order', async () => {
    const connection = reset()
    const { fetch } = script(connection, 500, 502)
    const error = (await failure(get(url, { fetch, retry: { limit: 2, backoff: quick } }))) as HTTPError
    expect(error.history).toHaveLength(3)
    expect(error.history[0]?.error).toBeInstanceOf(NetworkError)
    expect(error.history.map((entry) => [entry.attempt, entry.status])).toEqual([
      [1, undefined],
      [2, 500],
      [3, 502],
    ])
  })

  it('test_retry_method_not_allowed — a POST that timed out is not retried; the TimeoutError is thrown unchanged', async () => {
    const error = await failure(post(`${base}/stall`, { body: 'x', timeout: { attempt: 50 } }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ phase: 'attempt', attempts: 1 })
  })

  it.each([
    ['0', 0],
    ['1000', 1_000_000],
    ['\t42 ', 42_000],
  ])('test_parse_retry_after[%j] — delta-seconds, whitespace tolerated (ms)', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms)
  })

  it.each(['-1', '+1', '1.0', '\u00b2'])(
    'test_parse_retry_after_invalid[%j] — difference: ignored (undefined → backoff), not an InvalidHeader error',
    (value) => {
      expect(parseRetryAfter(value)).toBeUndefined()
    },
  )

  describe('test_respect_retry_after_header_sleep — now = 2019-06-03 11:00:00 UTC', () => {
    const now = Date.UTC(2019, 5, 3, 11)
    it.each([
      ['Mon, 03 Jun 2019 11:30:12 GMT', 1_812_000],
      ['Monday, 03-Jun-19 11:30:12 GMT', 1_812_000],
      ['Mon Jun  3 11:30:12 2019', 1_812_000],
      ['Mon, 03 Jun 2019 12:00:00 GMT', 3_600_000],
      ['Mon, 03 Jun 2019 11:00:00 GMT', 0],
    ])('%j → %i ms (the three RFC 9110 formats; asctime read as UTC, whatever the local zone)', (value, ms) => {
      expect(parseRetryAfter(value, now)).toBe(ms)
    })

    it('difference: "Mon, 3 Jun 2019 12:00:00 UTC" (one-digit day, "UTC") is not an HTTP-date and is ignored (urllib3 parses it leniently)', () => {
      expect(parseRetryAfter('Mon, 3 Jun 2019 12:00:00 UTC', now)).toBeUndefined()
    })

    it('"3600" with the header respected: the retry waits 3600 s (when maxRetryAfter allows it)', async () => {
      const { fetch } = script([503, { 'retry-after': '3600' }])
      const stop = delaysUntil(1)
      await expect(
        get(url, { fetch, hooks: stop.hooks, signal: stop.signal, retry: { maxRetryAfter: 3_600_000 } }),
      ).rejects.toBe(stop.stop)
      expect(stop.delays).toEqual([3_600_000])
    })

    it('"3600" not respected (afterStatusCodes: []): the backoff is used instead', async () => {
      const { fetch } = script([503, { 'retry-after': '3600' }])
      const stop = delaysUntil(1)
      await expect(
        get(url, { fetch, hooks: stop.hooks, signal: stop.signal, retry: { afterStatusCodes: [], backoff: { initial: 7, jitter: 'none' } } }),
      ).rejects.toBe(stop.stop)
      expect(stop.delays).toEqual([7])
    })
  })
})
