// Request coalescing (SPEC §13, issue 21) against the real fault server: its
// /coalesce route counts the requests it receives per key (/coalesce-count).
// Runs in every vitest project: node, happy-dom, chromium and workerd.
import { describe, expect, inject, it } from 'vitest'
import { HTTPError, NetworkError, Session, TimeoutError } from '../../src/index.js'

const base = inject('base')

/** A key no other test (or project: they share the server) uses. */
function unique(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

async function counts(key: string): Promise<{ count: number; aborted: number }> {
  const response = await fetch(`${base}/coalesce-count?key=${key}`)
  return (await response.json()) as { count: number; aborted: number }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

// happy-dom's fetch does not always close the connection of a request
// aborted early (the attempt still rejects at once: attempt.ts), and MSW keeps
// passed-through requests there open (see test/stream/fault-server.test.ts):
// the server-side view of an abort is checked on the other runtimes.
const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')

/** Resolves once the server has received the request of `key` (so that aborting it is visible there). */
async function arrived(key: string): Promise<void> {
  for (let i = 0; i < 200 && (await counts(key)).count === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

/** The server saw the one request of `key` abandoned by the client. */
async function expectAbortedAtServer(key: string): Promise<void> {
  if (happyDom) return void expect((await counts(key)).count).toBe(1)
  for (let i = 0; i < 100 && (await counts(key)).aborted === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await counts(key)).toEqual({ count: 1, aborted: 1 })
}

const BODY = Array.from({ length: 5 }, (_, i) => `chunk ${i}\n`).join('')

describe('coalesce: true', () => {
  it('sends 50 concurrent identical GETs as one request, and every caller reads the whole body', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=5&interval=20`
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.get(url)))
    const texts = await Promise.all(responses.map((response) => response.text()))
    expect(texts).toEqual(Array.from({ length: 50 }, () => BODY))
    expect(new Set(responses).size).toBe(50)
    expect(responses.every((response) => response.status === 200 && response.url === url)).toBe(true)
    expect(await counts(key)).toEqual({ count: 1, aborted: 0 })
  })

  it('aborting 49 of them does not abort the 50th', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=300&chunks=5&interval=20`
    const controllers = Array.from({ length: 50 }, () => new AbortController())
    const calls = controllers.map((controller) => api.get(url, { signal: controller.signal }))
    const settled = Promise.allSettled(calls)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const reason = new Error('caller gone')
    for (const controller of controllers.slice(0, 49)) controller.abort(reason)
    const results = await settled
    expect(results.slice(0, 49).every((result) => result.status === 'rejected' && result.reason === reason)).toBe(true)
    const last = results[49] as PromiseFulfilledResult<Awaited<(typeof calls)[number]>>
    expect(last.status).toBe('fulfilled')
    expect(await last.value.text()).toBe(BODY)
    expect(await counts(key)).toEqual({ count: 1, aborted: 0 })
  })

  it('aborts the shared request when every caller aborted, and the next call sends a new one', { timeout: 10_000 }, async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=3000`
    const controller = new AbortController()
    const calls = Array.from({ length: 5 }, () => api.get(url, { signal: controller.signal }))
    await arrived(key)
    controller.abort(new Error('all gone'))
    const results = await Promise.allSettled(calls)
    expect(results.every((result) => result.status === 'rejected')).toBe(true)
    // The server sees the connection go (asynchronously).
    await expectAbortedAtServer(key)
    // Nothing of the abandoned flight is left: the same call goes out again.
    expect(await api.get(`${base}/coalesce?key=${key}&chunks=1`).text()).toBe('chunk 0\n')
    expect((await counts(key)).count).toBe(2)
  })

  it('gives each caller its own deadline', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=400&chunks=1`
    const [hurried, patient] = await Promise.allSettled([api.get(url, { timeout: 100 }), api.get(url, { timeout: 5000 })])
    expect(hurried.status === 'rejected' && hurried.reason).toBeInstanceOf(TimeoutError)
    expect(patient.status === 'fulfilled' && (await patient.value.text())).toBe('chunk 0\n')
    expect(await counts(key)).toEqual({ count: 1, aborted: 0 })
  })

  it('delivers a network error to every caller, each its own error, and forgets the failed exchange', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/flaky?fail=1&key=${key}`
    const errors = await Promise.all(Array.from({ length: 5 }, () => rejection(api.get(url))))
    for (const error of errors) {
      expect(error).toBeInstanceOf(NetworkError)
      expect((error as NetworkError).attempts).toBe(1)
    }
    expect(new Set(errors).size).toBe(5)
    // One request failed for all five; the next call is the server's second.
    expect(await api.get(url).json()).toEqual({ attempts: 2 })
  })

  it('delivers an HTTPError to every caller, each with a readable body', async () => {
    const api = new Session({ coalesce: true, retry: false })
    const errors = await Promise.all(Array.from({ length: 3 }, () => rejection(api.get(`${base}/status/404`))))
    for (const error of errors) {
      expect(error).toBeInstanceOf(HTTPError)
      expect(await (error as HTTPError).response.text()).toBe('404 Not Found')
    }
  })

  it('shares the retries: every caller sees the attempts of the one exchange', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: { limit: 1, backoff: { initial: 0 } } })
    const url = `${base}/flaky?fail=1&status=500&key=${key}`
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.get(url)))
    for (const response of responses) {
      expect(response.attempts).toBe(2)
      expect(await response.json()).toEqual({ attempts: 2 })
    }
  })

  it('does not coalesce different headers, POSTs, other sessions, or a call with coalesce: false', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const other = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=1`
    const responses = await Promise.all([
      api.get(url),
      api.get(url, { headers: { 'x-variant': 'b' } }),
      other.get(url),
      api.get(url, { coalesce: false }),
      api.post(url),
      api.get(url),
    ])
    await Promise.all(responses.map((response) => response.text()))
    expect((await counts(key)).count).toBe(5)
  })

  it('when the session closes, every caller rejects with its reason and the shared request is aborted', { timeout: 10_000 }, async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const calls = Array.from({ length: 3 }, () => api.get(`${base}/coalesce?key=${key}&delay=3000`))
    await arrived(key)
    const reason = new Error('shutting down')
    api.close(reason)
    const results = await Promise.allSettled(calls)
    expect(results.map((result) => result.status === 'rejected' && result.reason)).toEqual([reason, reason, reason])
    await expectAbortedAtServer(key)
  })

  it('coalesces HEADs, and calls under a mount that turns it on', async () => {
    const key = unique()
    const api = new Session({ retry: false }).mount(`${base}/coalesce`, { coalesce: true })
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=1`
    const heads = await Promise.all([api.head(url), api.head(url), api.head(url)])
    expect(heads.map((response) => response.status)).toEqual([200, 200, 200])
    expect((await counts(key)).count).toBe(1)
    await Promise.all([api.get(url).text(), api.get(url).text()])
    expect((await counts(key)).count).toBe(2)
  })

  it("runs each caller's own beforeRequest and afterResponse hooks, around the one request", async () => {
    const key = unique()
    const seen: string[] = []
    const api = new Session({ coalesce: true, retry: false, hooks: { beforeRequest: [() => void seen.push('session before')] } })
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=1`
    const hooks = (name: string) => ({
      beforeRequest: [() => void seen.push(`${name} before`)],
      afterResponse: [() => void seen.push(`${name} after`)],
    })
    const responses = await Promise.all([api.get(url, { hooks: hooks('a') }), api.get(url, { hooks: hooks('b') })])
    await Promise.all(responses.map((response) => response.text()))
    expect(seen.sort()).toEqual(['a after', 'a before', 'b after', 'b before', 'session before', 'session before'])
    expect((await counts(key)).count).toBe(1)
  })

  it('calls that differ from a flight in options share a request of their own', async () => {
    const key = unique()
    const api = new Session({ coalesce: true, retry: false })
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=1`
    const responses = await Promise.all([api.get(url), api.get(url, { auth: ['u', 'p'] }), api.get(url, { auth: ['u', 'p'] }), api.get(url)])
    await Promise.all(responses.map((response) => response.text()))
    expect((await counts(key)).count).toBe(2)
  })

  it('is off by default', async () => {
    const key = unique()
    const api = new Session({ retry: false })
    const url = `${base}/coalesce?key=${key}&delay=50&chunks=1`
    await Promise.all([api.get(url).text(), api.get(url).text()])
    expect((await counts(key)).count).toBe(2)
  })

  it('refuses a coalesce that is not a boolean, naming it', () => {
    expect(() => new Session({ coalesce: 'yes' as unknown as boolean })).toThrow(new TypeError('coalesce must be a boolean, got "yes"'))
  })
})
