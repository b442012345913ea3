// ky's test/hooks.ts (ky 2.0.2), ported: the hooks surefetch shares with ky
// (beforeRequest, afterResponse, beforeRetry, beforeError). Shared (every
// runtime): scripted transports and the MSW mock httpbin. Counts: see ky.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { bearerAuth, get, HTTPError, NetworkError, post, type RequestError, Session, type SureResponse, TimeoutError } from '../../src/index.js'
import { MOCK } from '../support/mock.js'
import { failure, reset, script } from './helpers.js'

const base = inject('base')
const url = 'http://127.0.0.1:59997/'
const quick = { initial: 0, jitter: 'none' } as const

/** A fetch answering 200 with a body whose cancellation is observed. */
function cancellable() {
  const state = { cancelled: 0 }
  const fetch = (async () =>
    new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(8)), cancel: () => void state.cancelled++ }))) as typeof globalThis.fetch
  return { fetch, state }
}

describe('ky test/hooks.ts — beforeRequest, afterResponse', () => {
  it('ky test/hooks.ts: "hooks can be async" / "hooks can be empty object" / "beforeRequest hook allows modifications"', async () => {
    const { fetch, sent } = script()
    await get(url, { fetch, hooks: {} })
    await get(url, { fetch, hooks: { beforeRequest: [async (request) => void request.headers.set('x-hook', 'yes')] } })
    expect(sent[1]?.headers.get('x-hook')).toBe('yes')
  })

  it('ky test/hooks.ts: "hooks beforeRequest returning Response skips HTTP Request" / "throwHttpErrors: false bypasses throw for beforeRequest non-ok Response"', async () => {
    const { fetch, sent } = script()
    expect(await get(url, { fetch, hooks: { beforeRequest: [() => new Response('cached')] } }).text()).toBe('cached')
    const r = await get(url, { fetch, throwHttpErrors: false, hooks: { beforeRequest: [() => new Response('no', { status: 500 })] } })
    expect(r.status).toBe(500)
    expect(sent).toHaveLength(0)
  })

  it('ky test/hooks.ts: "beforeRequest hook runs only once and does not run again on retry" / "beforeRetry hook is never called for the initial request"', async () => {
    const { fetch } = script(500, 500)
    const calls = { request: 0, retry: 0 }
    await get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRequest: [() => void calls.request++], beforeRetry: [() => void calls.retry++] } })
    expect(calls).toEqual({ request: 1, retry: 2 })
    const once = script()
    await get(url, { fetch: once.fetch, hooks: { beforeRetry: [() => void calls.retry++] } })
    expect(calls.retry).toBe(2)
  })

  it('ky test/hooks.ts: "afterResponse hook accepts success response" / "… accepts failed response" / "gets called even if using body shortcuts"', async () => {
    const statuses: number[] = []
    const hooks = { afterResponse: [(r: SureResponse) => void statuses.push(r.status)] }
    await get(`${MOCK}/json`, { hooks }).json()
    await get(`${MOCK}/status/500`, { hooks, retry: false }).catch(() => {})
    expect(statuses).toEqual([200, 500])
  })

  it('ky test/hooks.ts: "afterResponse hook can return the provided response" / "can change response instance by sequence"', async () => {
    const s = new Session()
    const second = await s.get(`${MOCK}/json`)
    const r = await s.get(`${MOCK}/get`, { hooks: { afterResponse: [(response) => response, () => second] } })
    expect(r).toBe(second)
  })

  it('ky test/hooks.ts: "afterResponse hook cancels both clone and original when it returns a new response"', async () => {
    const { fetch, state } = cancellable()
    const replacement = await get(`${MOCK}/json`)
    await get(url, { fetch, hooks: { afterResponse: [() => replacement] } })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(state.cancelled).toBe(1)
  })

  it('ky test/hooks.ts: "afterResponse hook cancels response bodies when it throws" / "can throw error to reject the request promise"', async () => {
    const { fetch, state } = cancellable()
    const thrown = new Error('hook failed')
    await expect(get(url, { fetch, hooks: { afterResponse: [() => { throw thrown }] } })).rejects.toBe(thrown)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(state.cancelled).toBe(1)
  })

  it('ky test/hooks.ts: "afterResponse hook error does not trigger retry" / "beforeRequest hook error does not trigger retry"', async () => {
    // afterResponse sees the call's final response (after the retries), so a 200 here.
    const after = script(200, 200)
    await expect(get(url, { fetch: after.fetch, retry: { backoff: quick }, hooks: { afterResponse: [() => { throw new Error('a') }] } })).rejects.toThrow('a')
    const before = script(200, 200)
    await expect(get(url, { fetch: before.fetch, retry: { backoff: quick }, hooks: { beforeRequest: [() => { throw new Error('b') }] } })).rejects.toThrow('b')
    expect([after.sent.length, before.sent.length]).toEqual([1, 0])
  })

  it('ky test/hooks.ts: "afterResponse hook ignores non-Response return values" — difference: a TypeError naming the mistake (ky ignores the value)', async () => {
    const outcome = await get(`${MOCK}/get`, { hooks: { afterResponse: [() => 'nope' as never] } }).then(
      (value) => value,
      (error: unknown) => error,
    )
    // Deliberate difference: a TypeError naming the hook's mistake, where ky silently ignores it.
    expect(outcome).toBeInstanceOf(TypeError)
    expect(String(outcome)).toBe('TypeError: an afterResponse hook must return a SureResponse or nothing, got "nope"')
  })
})

describe('ky test/hooks.ts — beforeRetry', () => {
  it('ky test/hooks.ts: "beforeRetry hook is called with error and retryCount" / "is called even if the error has no response"', async () => {
    const { fetch } = script(reset(), 500)
    const seen: Array<[number, string | undefined, number | undefined]> = []
    await get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRetry: [({ attempt, error, response }) => void seen.push([attempt, error?.name, response?.status])] } })
    expect(seen).toEqual([
      [1, 'NetworkError', undefined],
      [2, undefined, 500],
    ])
  })

  it('ky test/hooks.ts: "beforeRetry hook allows modifications of non initial requests"', async () => {
    const { fetch, sent } = script(500)
    await get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRetry: [({ request }) => void request.headers.set('x-retry', 'yes')] } })
    expect(sent.map((s) => s.headers.get('x-retry'))).toEqual([null, 'yes'])
  })

  it('ky test/hooks.ts: "catches beforeRetry thrown errors" / "catches beforeRetry promise rejections"', async () => {
    for (const hook of [() => { throw new Error('stop') }, async () => { throw new Error('stop') }]) {
      const { fetch, sent } = script(500, 500)
      await expect(get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRetry: [hook] } })).rejects.toThrow('stop')
      expect(sent).toHaveLength(1)
    }
  })

  it('ky test/hooks.ts: "beforeRetry hook can cancel retries by returning `stop`" — difference: shouldRetry returns false', async () => {
    const { fetch, sent } = script(500, 500)
    await expect(get(url, { fetch, retry: { backoff: quick, shouldRetry: () => false } })).rejects.toBeInstanceOf(HTTPError)
    expect(sent).toHaveLength(1)
  })

  it('ky test/hooks.ts: "network error then HTTP error uses combined retry budget" / "… exhaust shared retry limit"', async () => {
    const { fetch, sent } = script(reset(), 500, 500)
    await expect(get(url, { fetch, retry: { limit: 2, backoff: quick } })).rejects.toMatchObject({ status: 500, attempts: 3 })
    expect(sent).toHaveLength(3)
  })

  it('ky test/hooks.ts: "afterResponse hook can refresh token on 401 and retry once" / "prevents infinite token refresh loop" — difference: bearerAuth(fn) refreshes once and replays once', async () => {
    const { fetch, sent } = script(401, 401, 401)
    let issued = 0
    await expect(get(url, { fetch, auth: bearerAuth(async () => `t${++issued}`) })).rejects.toMatchObject({ status: 401 })
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2'])
  })
})

describe('ky test/hooks.ts — beforeError', () => {
  it('ky test/hooks.ts: "runs beforeError before throwing HTTPError" / "beforeError can return promise which resolves to HTTPError"', async () => {
    const error = await failure(
      get(`${MOCK}/status/500`, { retry: false, hooks: { beforeError: [async (e) => ((e.message = `${e.message} (enriched)`), e)] } }),
    )
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as Error).message).toMatch(/\(enriched\)$/)
  })

  it('ky test/hooks.ts: "beforeError hook receives TimeoutError" / "can modify TimeoutError"', async () => {
    const error = await failure(
      get(`${base}/stall`, { retry: false, timeout: { attempt: 30 }, hooks: { beforeError: [(e) => ((e.message = 'modified'), e)] } }),
    )
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe('modified')
  })

  it('ky test/hooks.ts: "beforeError hook receives network errors"', async () => {
    const seen: RequestError[] = []
    await failure(get(url, { fetch: script(reset()).fetch, retry: false, hooks: { beforeError: [(e) => (seen.push(e), e)] } }))
    expect(seen[0]).toBeInstanceOf(NetworkError)
  })

  it('ky test/hooks.ts: "beforeError hook can replace error with a different type" — renaming included (ky’s readme: error.name = "GitHubError")', async () => {
    const error = await failure(
      get(`${MOCK}/status/404`, {
        hooks: {
          beforeError: [
            (e) => {
              // Through Error: RequestError declares `name` with a getter only, so TypeScript calls it read-only (TS2540).
              ;(e as Error).name = 'GitHubError'
              return e
            },
          ],
        },
      }),
    )
    expect((error as Error).name).toBe('GitHubError')
    expect(error).toBeInstanceOf(HTTPError)
  })

  it('ky test/hooks.ts: "beforeError hooks chain correctly - second hook receives error from first"', async () => {
    const order: string[] = []
    await failure(
      get(`${MOCK}/status/404`, {
        hooks: { beforeError: [(e) => ((e.message = 'first'), order.push('1'), e), (e) => (order.push(`2:${e.message}`), e)] },
      }),
    )
    expect(order).toEqual(['1', '2:first'])
  })

  it('ky test/hooks.ts: "beforeError hook that throws replaces the original error" / "… throws asynchronously"', async () => {
    const replacement = new Error('replaced')
    for (const hook of [() => { throw replacement }, async () => { throw replacement }]) {
      await expect(get(`${MOCK}/status/404`, { hooks: { beforeError: [hook] } })).rejects.toBe(replacement)
    }
  })

  it('ky test/hooks.ts: "beforeError hooks from ky.extend() are merged and called in order"', async () => {
    const order: string[] = []
    const api = new Session({ hooks: { beforeError: [(e) => (order.push('parent'), e)] } }).extend({ hooks: { beforeError: [(e) => (order.push('child'), e)] } })
    await failure(api.get(`${MOCK}/status/404`))
    expect(order).toEqual(['parent', 'child'])
  })

  it('ky test/hooks.ts: "beforeError hook is not called when throwHttpErrors is false"', async () => {
    let called = false
    await get(`${MOCK}/status/404`, { throwHttpErrors: false, hooks: { beforeError: [(e) => ((called = true), e)] } })
    expect(called).toBe(false)
  })

  it('ky test/hooks.ts: "beforeError hook receives errors thrown by beforeRequest hooks" / "beforeError receives request and options when beforeRequest hook throws" — difference: a hook’s own error propagates unchanged (only RequestErrors reach beforeError)', async () => {
    const thrown = new Error('from beforeRequest')
    let called = false
    await expect(
      get(url, { fetch: script().fetch, hooks: { beforeRequest: [() => { throw thrown }], beforeError: [(e) => ((called = true), e)] } }),
    ).rejects.toBe(thrown)
    expect(called).toBe(false)
  })

  it('ky test/hooks.ts: "beforeError hook receives errors thrown by afterResponse hooks" / "… when retries are enabled" — difference: a hook’s own exception propagates unchanged, not retried', async () => {
    const thrown = new Error('from afterResponse')
    let called = false
    const { fetch, sent } = script(200, 200)
    await expect(
      get(url, { fetch, retry: { limit: 2, backoff: quick }, hooks: { afterResponse: [() => { throw thrown }], beforeError: [(e) => ((called = true), e)] } }),
    ).rejects.toBe(thrown)
    expect([called, sent.length]).toEqual([false, 1])
  })

  it('ky test/hooks.ts: "second afterResponse hook does not run when first throws, and no retry occurs"', async () => {
    const ran: string[] = []
    const { fetch, sent } = script()
    await failure(get(url, { fetch, hooks: { afterResponse: [() => { ran.push('first'); throw new Error('x') }, () => void ran.push('second')] } }))
    expect([ran, sent.length]).toEqual([['first'], 1])
  })

  it('ky test/hooks.ts: "afterResponse hook non-Error throw does not trigger retry" / "beforeRequest hook non-Error throw does not trigger retry" / "beforeRequest non-Error throw is fatal even when shouldRetry is provided" / "… with POST does not retry by default"', async () => {
    const after = script(503, 503)
    await expect(get(url, { fetch: after.fetch, retry: { limit: 0 }, hooks: { afterResponse: [() => { throw 'after' }] } })).rejects.toBe('after')
    const before = script()
    const retry = { limit: 2, backoff: quick, shouldRetry: () => true }
    await expect(post(url, { fetch: before.fetch, body: 'x', retry, hooks: { beforeRequest: [() => { throw 'before' }] } })).rejects.toBe('before')
    expect([after.sent.length, before.sent.length]).toEqual([1, 0])
  })

  it('ky test/hooks.ts: "beforeRequest hook is not re-run during retries"', async () => {
    let runs = 0
    const { fetch, sent } = script(reset(), 500)
    await get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRequest: [() => void runs++] } })
    expect([runs, sent.length]).toEqual([1, 3])
  })

  it('ky test/hooks.ts: "beforeError runs when beforeRetry rethrows the request error" / "beforeError runs when beforeRetry rethrows network errors"', async () => {
    const seen: unknown[] = []
    const { fetch } = script(reset(), reset())
    const error = await failure(
      get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRetry: [({ error }) => { throw error }], beforeError: [(e) => (seen.push(e), e)] } }),
    )
    expect(error).toBeInstanceOf(NetworkError)
    expect(seen).toEqual([error])
  })

  it('ky test/hooks.ts: "beforeError is not called when beforeRetry throws non-Error"', async () => {
    let called = false
    const { fetch } = script(500, 500)
    await expect(
      get(url, { fetch, retry: { backoff: quick }, hooks: { beforeRetry: [() => { throw 'plain' }], beforeError: [(e) => ((called = true), e)] } }),
    ).rejects.toBe('plain')
    expect(called).toBe(false)
  })
})
