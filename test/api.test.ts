import { http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  del,
  get,
  head,
  HTTPError,
  NetworkError,
  options,
  ParseError,
  patch,
  post,
  put,
  request,
  type ResponsePromise,
  SureResponse,
} from '../src/index.js'
import { type Echo, MOCK, useHandlers } from './support/mock.js'

describe('one-shot functions against the mock httpbin', () => {
  it('GETs and parses JSON in one line', async () => {
    const body = await get(`${MOCK}/get`, { params: { q: 'surefetch' } }).json<Echo>()
    expect(body.args).toEqual({ q: 'surefetch' })
    expect(body.url).toBe(`${MOCK}/get?q=surefetch`)
  })

  it('resolves with a SureResponse describing the call', async () => {
    const response = await get(`${MOCK}/get`)
    expect(response).toBeInstanceOf(SureResponse)
    expect(response.status).toBe(200)
    expect(response.ok).toBe(true)
    expect(response.attempts).toBe(1)
    expect(response.history).toEqual([])
    expect(response.elapsed).toBeGreaterThanOrEqual(0)
    expect(response.request.method).toBe('GET')
    expect(response.request.url).toBe(`${MOCK}/get`)
    expect(response.headers.get('content-type')).toContain('application/json')
  })

  it.each([
    ['post', post, 'POST'],
    ['put', put, 'PUT'],
    ['patch', patch, 'PATCH'],
    ['del', del, 'DELETE'],
  ] as const)('%s sends %s with a JSON body', async (_name, send, method) => {
    const response = await send(`${MOCK}/anything`, { json: { key: 'value' } })
    const body = await response.json<Echo>()
    expect(body.method).toBe(method)
    expect(body.json).toEqual({ key: 'value' })
    expect(body.headers['Content-Type']).toBe('application/json')
    expect(response.request.body).toBe('{"key":"value"}')
  })

  it('head() sends HEAD and gets headers without a body', async () => {
    const response = await head(`${MOCK}/get`)
    expect(response.request.method).toBe('HEAD')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('options() sends OPTIONS', async () => {
    const response = await options(`${MOCK}/get`)
    expect(response.request.method).toBe('OPTIONS')
    expect(response.status).toBe(200)
  })

  it('request() takes the method from options and upper-cases it', async () => {
    const body = await request(`${MOCK}/anything`, { method: 'patch' }).json<Echo>()
    expect(body.method).toBe('PATCH')
  })

  it('request() defaults to GET', async () => {
    expect((await request(`${MOCK}/get`)).request.method).toBe('GET')
  })

  it('sends form bodies url-encoded and keeps the URLSearchParams on the request', async () => {
    const response = await post(`${MOCK}/post`, { form: { key: 'value', list: ['a', 'b'] } })
    const body = await response.json<Echo>()
    expect(body.form).toEqual({ key: 'value', list: ['a', 'b'] })
    expect(response.request.body).toBeInstanceOf(URLSearchParams)
  })

  it('sends multipart with files', async () => {
    const body = await post(`${MOCK}/post`, {
      multipart: { field: 'x', upload: [new Blob(['file content'], { type: 'text/plain' }), 'notes.txt'] },
    }).json<Echo>()
    expect(body.form).toEqual({ field: 'x' })
    expect(body.files).toEqual({ upload: 'file content' })
    expect(body.headers['Content-Type']).toMatch(/^multipart\/form-data; boundary=/)
  })

  it('skips null and undefined multipart fields, as params and form do (issue 19)', async () => {
    const body = await post(`${MOCK}/post`, { multipart: { keep: 'x', gone: null, absent: undefined } }).json<Echo>()
    expect(body.form).toEqual({ keep: 'x' })
  })

  it('.json() asks for JSON and .text() for text unless an Accept header is set, as ky does (issue 19)', async () => {
    const accept = async (call: ResponsePromise, read: 'json' | 'text') => {
      const echoed = read === 'json' ? await call.json<Echo>() : (JSON.parse(await call.text()) as Echo)
      return echoed.headers.Accept
    }
    expect(await accept(get(`${MOCK}/headers`), 'json')).toBe('application/json')
    expect(await accept(get(`${MOCK}/headers`), 'text')).toBe('text/*')
    expect(await accept(get(`${MOCK}/headers`, { headers: { accept: 'application/vnd.api+json' } }), 'json')).toBe(
      'application/vnd.api+json',
    )
    // Awaiting the response first: the request went out before anything said what would be read.
    const response = await get(`${MOCK}/headers`)
    // (the runtime's default `*/*`, which an interceptor like MSW may see before it is added)
    expect([undefined, '*/*']).toContain((await response.json<Echo>()).headers.Accept)
  })

  it('sends a raw body as is', async () => {
    const body = await put(`${MOCK}/put`, { body: 'raw text', headers: { 'content-type': 'text/plain' } }).json<Echo>()
    expect(body.data).toBe('raw text')
  })

  it('merges params into an existing query', async () => {
    const body = await get(`${MOCK}/get?a=1`, { params: [['b', 2], ['b', 3]] }).json<Echo>()
    expect(body.args).toEqual({ a: '1', b: ['2', '3'] })
  })

  it('joins baseUrl and a relative path', async () => {
    const body = await get('get', { baseUrl: `${MOCK}/` }).json<Echo>()
    expect(body.url).toBe(`${MOCK}/get`)
  })

  // Browsers forbid scripts to set Cookie (the browser owns cookies).
  const canSetCookie = new Request('http://127.0.0.1/', { headers: { cookie: 'a=1' } }).headers.has('cookie')
  it.runIf(canSetCookie)('sends per-request cookies without storing them', async () => {
    const body = await get(`${MOCK}/cookies`, { cookies: { a: '1', b: '2' } }).json<{ cookies: Record<string, string> }>()
    expect(body.cookies).toEqual({ a: '1', b: '2' })
    const again = await get(`${MOCK}/cookies`).json<{ cookies: Record<string, string> }>()
    expect(again.cookies).toEqual({})
  })
})

describe('HTTP errors', () => {
  it('rejects a 404 with HTTPError whose body is still readable', async () => {
    useHandlers(http.get(`${MOCK}/missing`, () => HttpResponse.json({ detail: 'nope' }, { status: 404, statusText: 'Not Found' })))
    const error = await get(`${MOCK}/missing`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    const httpError = error as HTTPError
    expect(httpError.status).toBe(404)
    expect(httpError.message).toBe(`404 Not Found — GET ${MOCK}/missing`)
    expect(httpError.attempts).toBe(1)
    expect(httpError.history).toEqual([{ attempt: 1, status: 404, delay: 0 }])
    expect(await httpError.response.json()).toEqual({ detail: 'nope' })
  })

  it('json() on a failing call rejects with the HTTPError, not a ParseError', async () => {
    await expect(get(`${MOCK}/status/500`).json()).rejects.toBeInstanceOf(HTTPError)
  })

  it('throwHttpErrors: false resolves with the response; raiseForStatus() still throws', async () => {
    const response = await get(`${MOCK}/status/503`, { throwHttpErrors: false })
    expect(response.status).toBe(503)
    expect(response.ok).toBe(false)
    expect(() => response.raiseForStatus()).toThrow(HTTPError)
  })

  it('throwHttpErrors as a function decides per status', async () => {
    const throwOn = (status: number) => status >= 500
    expect((await get(`${MOCK}/status/404`, { throwHttpErrors: throwOn })).status).toBe(404)
    await expect(get(`${MOCK}/status/500`, { throwHttpErrors: throwOn })).rejects.toBeInstanceOf(HTTPError)
  })

  it('3xx statuses do not throw', async () => {
    const response = await get(`${MOCK}/status/304`)
    expect(response.status).toBe(304)
  })

  it('an invalid JSON body rejects with ParseError', async () => {
    await expect(get(`${MOCK}/html`).json()).rejects.toBeInstanceOf(ParseError)
  })
})

describe('network failures', () => {
  it('a refused connection rejects with NetworkError naming method and URL', async () => {
    const error = await get('http://127.0.0.1:59999/nothing-here').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).message).toMatch(/^network error \(.*\) — GET http:\/\/127\.0\.0\.1:59999\/nothing-here$/)
    expect((error as NetworkError).cause).toBeDefined()
  })

  it('a reset from the mock rejects with NetworkError', async () => {
    await expect(get(`${MOCK}/reset`)).rejects.toBeInstanceOf(NetworkError)
  })

  // Issue 19: only transport failures are network errors; a bug in a custom fetch propagates as it is, once.
  it.each<[string, () => unknown]>([
    ['a property of undefined', () => (undefined as unknown as { x: { y: number } }).x.y],
    ['a thrown string', () => {
      throw 'nope'
    }],
    ['a ReferenceError', () => {
      throw new ReferenceError('config is not defined')
    }],
  ])('a bug in a custom fetch (%s) is not a retried NetworkError', async (_name, bug) => {
    let calls = 0
    const fetch = (async () => {
      calls++
      return bug()
    }) as unknown as typeof globalThis.fetch
    const error = await get(`${MOCK}/get`, { fetch, retry: { limit: 3, backoff: { initial: 1 } } }).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(NetworkError)
    expect(calls).toBe(1)
  })

  it('a custom fetch failing like a runtime does (TypeError: fetch failed) is still a NetworkError, retried', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      throw new TypeError('fetch failed')
    }) as unknown as typeof globalThis.fetch
    const error = await get(`${MOCK}/get`, { fetch, retry: { limit: 1, backoff: { initial: 1 } } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(calls).toBe(2)
  })
})

describe('bad input fails before any I/O', () => {
  let fetch = vi.fn<typeof globalThis.fetch>()
  beforeEach(() => {
    fetch = vi.fn<typeof globalThis.fetch>()
  })
  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['two body kinds', () => post(`${MOCK}/post`, { json: {}, body: 'x', fetch } as never), /got both json and body/],
    ['GET with a body', () => get(`${MOCK}/get`, { json: { a: 1 }, fetch } as never), /a GET request cannot have a body/],
    ['HEAD with a body', () => head(`${MOCK}/get`, { body: 'x', fetch } as never), /a HEAD request cannot have a body/],
    ['an invalid URL', () => get('http://[oops/', { fetch }), /Invalid URL: "http:\/\/\[oops\/"/],
    ['non-serialisable JSON', () => post(`${MOCK}/post`, { json: { n: 10n }, fetch }), /json is not JSON-serialisable/],
    ['a bad method', () => request(`${MOCK}/get`, { method: 'NOT VALID', fetch }), /method must be an HTTP method token/],
    // issue 19: requests says "No scheme supplied. Perhaps you meant https://localhost:3128?"
    ['a URL without a scheme', () => get('localhost:3128/x', { fetch }), /scheme "localhost:" is not supported .*did you mean "http:\/\/localhost:3128\/x"\?/],
    ['multipart as an array', () => post(`${MOCK}/post`, { multipart: ['x'] as never, fetch }), /multipart must be a record or a FormData, got an array of 1/],
  ])('%s rejects with a TypeError', async (_name, call, message) => {
    const error = await call().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(message)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a negative timeout rejects with a RangeError', async () => {
    await expect(get(`${MOCK}/get`, { timeout: -1, fetch })).rejects.toBeInstanceOf(RangeError)
    expect(fetch).not.toHaveBeenCalled()
  })

  it("requests' (connect, read) timeout tuple is refused with a pointer to { attempt, read } (issue 19)", async () => {
    const error = await get(`${MOCK}/get`, { timeout: [3050, 27000] as never, fetch }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toBe("timeout must be { attempt, read } (not requests' (connect, read) tuple), got an array of 2")
    expect(fetch).not.toHaveBeenCalled()
  })

  it('an array for an object option (retry) is refused, not read as an empty object', async () => {
    await expect(get(`${MOCK}/get`, { retry: [3] as never, fetch })).rejects.toThrow(/retry must be a number, a RetryOptions object or false, got an array of 1/)
    expect(fetch).not.toHaveBeenCalled()
  })
})

describe('transport', () => {
  const stub = () => vi.fn<typeof globalThis.fetch>(async () => Response.json({ ok: true }))

  it('uses the fetch option', async () => {
    const fetch = stub()
    expect(await get('http://127.0.0.1:1234/x', { fetch }).json()).toEqual({ ok: true })
    expect(fetch).toHaveBeenCalledOnce()
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe('http://127.0.0.1:1234/x')
    expect(init?.method).toBe('GET')
  })

  it('looks up globalThis.fetch at call time, so a later stub is honoured', async () => {
    const fetch = stub()
    vi.stubGlobal('fetch', fetch)
    try {
      await get('http://127.0.0.1:1234/late')
    } finally {
      vi.unstubAllGlobals()
    }
    expect(fetch).toHaveBeenCalledOnce()
  })

  it('passes other RequestInit options to fetch unchanged', async () => {
    const fetch = stub()
    const dispatcher = { marker: true }
    await get('http://127.0.0.1:1234/x', { fetch, cache: 'no-store', credentials: 'include', keepalive: true, ...{ dispatcher } })
    const init = fetch.mock.calls[0]?.[1] as RequestInit & { dispatcher?: unknown }
    expect(init.cache).toBe('no-store')
    expect(init.credentials).toBe('include')
    expect(init.keepalive).toBe(true)
    expect(init.dispatcher).toBe(dispatcher)
    expect(init).not.toHaveProperty('throwHttpErrors')
    expect(init).not.toHaveProperty('params')
  })

  it('turns URL credentials into Basic auth, out of the URL', async () => {
    const fetch = stub()
    const response = await get('http://al%20ice:s3cr%C3%A9t@127.0.0.1:1234/x', { fetch })
    expect(fetch.mock.calls[0]?.[0]).toBe('http://127.0.0.1:1234/x')
    expect(response.request.headers.get('authorization')).toBe(`Basic ${btoa('al ice:s3cr\u00c3\u00a9t')}`)
  })
})

describe('cancellation', () => {
  it('an already-aborted signal rejects with its reason before sending', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>()
    const reason = new Error('user gave up')
    await expect(get(`${MOCK}/get`, { signal: AbortSignal.abort(reason), fetch })).rejects.toBe(reason)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('aborting during the request rejects with signal.reason unchanged', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    const pending = get(`${MOCK}/stall`, { signal: controller.signal })
    setTimeout(() => controller.abort(reason), 10)
    await expect(pending).rejects.toBe(reason)
  })
})
