// ky's test suite (ky 2.0.2), ported, part 4: body timeouts, more searchParams,
// schema and beforeError cases from main.ts and hooks.ts. Shared (every
// runtime). Counts: see ky.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { get, HTTPError, ParseError, post, Session, TimeoutError } from '../../src/index.js'
import type { PreparedRequest, RequestError } from '../../src/index.js'
import { MOCK } from '../support/mock.js'
import { failure, script } from './helpers.js'

const base = inject('base')
const url = 'http://127.0.0.1:59997/'

describe('ky test/main.ts — timeouts and bodies', () => {
  it('ky test/main.ts: "ky()" / "timeout:false option"', async () => {
    expect(await get(`${base}/delay/50`, { timeout: false }).json()).toEqual({ delayed: 50 })
  })

  it('ky test/main.ts: "timeout option" — headers later than the attempt timeout: TimeoutError, one request', async () => {
    const error = await failure(get(`${base}/stall`, { timeout: { attempt: 100 }, retry: false }).text())
    expect(error).toBeInstanceOf(TimeoutError)
  })

  it('ky test/main.ts: "timeout aborts a never-ending successful response body read" / "timeout bounds a never-ending successful response body" — the read timeout', async () => {
    const error = await failure(get(`${base}/stall-body`, { timeout: { read: 100 } }).text())
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'read' })
  })

  it('ky test/main.ts: "totalTimeout bounds a never-ending successful response body"', async () => {
    const error = await failure(get(`${base}/stall-body`, { timeout: { total: 150, read: 10_000 } }).text())
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total' })
  })

  it('ky test/main.ts: "timeout does not retry a never-ending successful response body read"', async () => {
    const error = (await failure(get(`${base}/stall-body`, { timeout: { read: 80 } }).text())) as TimeoutError
    expect(error.attempts).toBe(1)
  })

  it('ky test/main.ts: "beforeError hook receives successful response body TimeoutError"', async () => {
    const seen: RequestError[] = []
    await failure(get(`${base}/stall-body`, { timeout: { read: 80 }, hooks: { beforeError: [(e) => (seen.push(e), e)] } }).text())
    expect(seen[0]).toMatchObject({ name: 'TimeoutError', phase: 'read' })
  })

  it('ky test/main.ts: "searchParams with undefined deletes input URL searchParams" — difference: undefined leaves the key out of params; the URL’s own query is kept', async () => {
    const { fetch } = script()
    const r = await get('http://127.0.0.1/?a=1&b=2', { fetch, params: { a: undefined } })
    expect(r.request.url).toBe('http://127.0.0.1/?a=1&b=2')
  })

  it('ky test/main.ts: "merges plain object searchParams with URLSearchParams" / "merges URLSearchParams with URLSearchParams"', async () => {
    const { fetch } = script(200, 200)
    const s = new Session({ fetch, params: new URLSearchParams('a=1') })
    expect(new URL((await s.get('http://127.0.0.1/', { params: { b: '2' } })).request.url).search).toBe('?a=1&b=2')
    expect(new URL((await s.get('http://127.0.0.1/', { params: new URLSearchParams('c=3') })).request.url).search).toBe('?a=1&c=3')
  })

  it('ky test/main.ts: ".json(schema) runs validation when throwHttpErrors is false" / ".json(schema) propagates errors thrown by validate()"', async () => {
    const thrown = new Error('validator broke')
    let ran = 0
    const ok = { '~standard': { version: 1 as const, vendor: 't', validate: (value: unknown) => (ran++, { value }) } }
    const broken = { '~standard': { version: 1 as const, vendor: 't', validate: () => { throw thrown } } }
    await get(`${MOCK}/status/404`, { throwHttpErrors: false }).then((r) => r.json(ok)).catch(() => {})
    const json = await get(`${MOCK}/json`, { throwHttpErrors: false }).json(ok)
    expect(json).toBeTypeOf('object')
    expect(ran).toBeGreaterThanOrEqual(1)
    await expect(get(`${MOCK}/json`).json(broken)).rejects.toBe(thrown)
  })

  it('ky test/main.ts: ".json(schema) with invalid JSON body throws parse error before validation"', async () => {
    let ran = false
    const schema = { '~standard': { version: 1 as const, vendor: 't', validate: (value: unknown) => ((ran = true), { value }) } }
    await expect(get(url, { fetch: script([200, {}, 'not json']).fetch }).json(schema)).rejects.toBeInstanceOf(ParseError)
    expect(ran).toBe(false)
  })
})

describe('ky test/hooks.ts — more', () => {
  it('ky test/hooks.ts: "beforeError receives request and options for HTTPError" / "… for NetworkError" / "… for TimeoutError" — error.request', async () => {
    const requests: PreparedRequest[] = []
    const hooks = { beforeError: [(e: RequestError) => (requests.push(e.request), e)] }
    await failure(get(`${MOCK}/status/404`, { hooks }))
    await failure(get('http://127.0.0.1:59999/', { hooks, retry: false }))
    await failure(get(`${base}/stall`, { hooks, retry: false, timeout: { attempt: 30 } }))
    expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ['GET', '/status/404'],
      ['GET', '/'],
      ['GET', '/stall'],
    ])
  })

  it('ky test/hooks.ts: "beforeRequest returning non-ok Response does not re-enter retry handling"', async () => {
    let calls = 0
    const error = await failure(get(url, { fetch: script().fetch, hooks: { beforeRequest: [() => (calls++, new Response('', { status: 503 }))] } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).attempts).toBe(1)
    expect(calls).toBe(1)
  })

  it('ky test/hooks.ts: "hooks beforeRequest returning Request continues running remaining hooks" / "… then non-returning hook both run"', async () => {
    const { fetch, sent } = script()
    await post(url, {
      fetch,
      body: 'x',
      hooks: {
        beforeRequest: [
          (request) => ({ ...request, url: `${url}changed` }),
          (request) => void request.headers.set('x-second', new URL(request.url).pathname),
        ],
      },
    })
    expect([sent[0]?.url, sent[0]?.headers.get('x-second')]).toEqual([`${url}changed`, '/changed'])
  })

  it('ky test/hooks.ts: "beforeRequest hook can return modified Request with new URL"', async () => {
    const { fetch, sent } = script()
    await get(url, { fetch, hooks: { beforeRequest: [(request) => ({ ...request, url: 'http://127.0.0.1:59997/other' })] } })
    expect(sent[0]?.url).toBe('http://127.0.0.1:59997/other')
  })

  it('ky test/hooks.ts: "hooks beforeRequest returning Request then Response skips HTTP request"', async () => {
    const { fetch, sent } = script()
    const r = await get(url, { fetch, hooks: { beforeRequest: [(request) => ({ ...request, url: `${url}x` }), () => new Response('from hook')] } })
    expect(await r.text()).toBe('from hook')
    expect(sent).toHaveLength(0)
  })

  it('ky test/hooks.ts: "beforeError ignores non-Error return values from hooks"', async () => {
    await expect(get(url, { fetch: script(404).fetch, hooks: { beforeError: [() => undefined as never] } })).rejects.toBeInstanceOf(HTTPError)
  })

  it('ky test/hooks.ts: "beforeError hooks are not called for non-Error throws" — a thrown string propagates unchanged', async () => {
    let called = false
    const fetch = (async () => {
      throw 'not an error'
    }) as unknown as typeof globalThis.fetch
    await expect(get(url, { fetch, hooks: { beforeError: [(e) => ((called = true), e)] } })).rejects.toBe('not an error')
    expect(called).toBe(false)
  })
})

describe('ky test/main.ts, headers.ts, fetch.ts — more', () => {
  it('ky test/main.ts: ".json(schema) throws TypeError for invalid schema objects" / "… for null schema values"', async () => {
    for (const schema of [{}, null]) {
      await expect(get(url, { fetch: script([200, {}, '{}']).fetch }).json(schema as never)).rejects.toBeInstanceOf(TypeError)
    }
  })

  it('ky test/main.ts: ".json(schema) validates 204 responses as undefined" / "validates empty body values as undefined" / "accepts empty body when schema validates it" — difference: an empty body is a ParseError before any schema runs', async () => {
    let ran = false
    const schema = { '~standard': { version: 1 as const, vendor: 't', validate: (value: unknown) => ((ran = true), { value }) } }
    for (const step of [204, [200, {}, '']] as const) {
      await expect(get(url, { fetch: script(step as never).fetch }).json(schema)).rejects.toBeInstanceOf(ParseError)
    }
    expect(ran).toBe(false)
  })

  it('ky test/main.ts: "timeout false does not apply a successful response body timeout"', async () => {
    expect(await get(`${base}/drip?chunks=3&interval=60`, { timeout: false }).text()).toBe('chunk 0\nchunk 1\nchunk 2\n')
  })

  it('ky test/main.ts: "normalizing retry options does not mutate the caller retry object"', async () => {
    const retry = Object.freeze({ limit: 1, methods: Object.freeze(['get']), backoff: Object.freeze({ initial: 0 }) })
    await get(url, { fetch: script(500).fetch, retry })
    expect(retry).toEqual({ limit: 1, methods: ['get'], backoff: { initial: 0 } })
  })

  it('ky test/main.ts: "merges URLSearchParams with plain object searchParams"', async () => {
    const { fetch } = script()
    const r = await new Session({ fetch, params: { a: '1' } }).get('http://127.0.0.1/', { params: new URLSearchParams('b=2') })
    expect(new URL(r.request.url).search).toBe('?a=1&b=2')
  })

  it('ky test/main.ts: "ky.create() throws when given non-object argument"', () => {
    for (const bad of [666, true, 'x', [], () => {}]) expect(() => new Session(bad as never)).toThrow(TypeError)
  })

  it('ky test/headers.ts: "form-data automatic `content-type` header with search params" / "form-data manual `content-type` header with search params"', async () => {
    const r = await post(`${MOCK}/post`, { params: { foo: 1 }, multipart: { a: 'b' } })
    const echo = await r.json<{ args: Record<string, string>; form: Record<string, string>; headers: Record<string, string> }>()
    expect([echo.args.foo, echo.form.a]).toEqual(['1', 'b'])
    expect(echo.headers['Content-Type']).toMatch(/^multipart\/form-data; boundary=/)
  })

  it('ky test/headers.ts: "does not remove user headers from `url` object argument"', async () => {
    const { fetch, sent } = script()
    await get(new URL('http://127.0.0.1/?a=1'), { fetch, headers: { 'x-user': 'kept' } })
    expect([sent[0]?.url, sent[0]?.headers.get('x-user')]).toEqual(['http://127.0.0.1/?a=1', 'kept'])
  })

  it('ky test/fetch.ts: "unknown options with falsy values are passed to fetch" / "fetch-only options like dispatcher are passed to fetch" / "post with json does not hang when custom fetch consumes request body"', async () => {
    let init: Record<string, unknown> = {}
    const dispatcher = { kind: 'agent' }
    const fetch = (async (_input: unknown, i?: RequestInit) => {
      init = i as Record<string, unknown>
      await new Response(i?.body).text()
      return new Response('ok')
    }) as typeof globalThis.fetch
    expect(await post(url, { fetch, json: { a: 1 }, ...({ keepalive: false, zero: 0, dispatcher } as object) }).text()).toBe('ok')
    expect([init.keepalive, init.zero, init.dispatcher]).toEqual([false, 0, dispatcher])
  })

  it('ky test/main.ts: "merges signals from instance and request options" — difference: a request’s signal replaces the session’s (later wins, as for every option); session.close() aborts every call', async () => {
    const hang = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof globalThis.fetch
    const instance = new AbortController()
    const s = new Session({ signal: instance.signal, fetch: hang, retry: false })
    const request = new AbortController()
    const byRequest = s.get(url, { signal: request.signal })
    request.abort(new Error('request'))
    await expect(byRequest).rejects.toThrow('request')
    const own = new AbortController()
    const outcome = s.get(url, { signal: own.signal }).catch((e: unknown) => e)
    instance.abort(new Error('instance'))
    const first = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('pending'), 100))])
    expect(first).toBe('pending')
    s.close()
    await expect(outcome).resolves.toBeInstanceOf(Error)
  })
})
