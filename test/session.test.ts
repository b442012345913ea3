import { describe, expect, it, vi } from 'vitest'
import { HTTPError, Session } from '../src/index.js'
import type { Layer, PreparedRequest } from '../src/index.js'
import { type Echo, MOCK } from './support/mock.js'

/** A fetch double that records what it was sent and answers 200 JSON. */
function recorder() {
  const calls: Array<{ url: string; init: RequestInit }> = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return Response.json({ ok: true })
  }) as unknown as typeof globalThis.fetch
  const header = (i: number, name: string) => new Headers(calls[i]?.init.headers).get(name)
  return { fetch, calls, header }
}

describe('Session defaults', () => {
  it('sends its headers with every request', async () => {
    const api = new Session({ baseUrl: MOCK, headers: { 'x-team': 'core' } })
    const body = await api.get('/headers').json<{ headers: Record<string, string> }>()
    expect(body.headers['X-Team']).toBe('core')
  })

  it('has mutable headers', async () => {
    const api = new Session({ baseUrl: MOCK })
    api.headers.set('x-later', 'yes')
    const body = await api.get('/headers').json<{ headers: Record<string, string> }>()
    expect(body.headers['X-Later']).toBe('yes')
  })

  it('lets a request override a header and remove one with null', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch, headers: { 'x-a': 'session', 'x-b': 'session' } })
    await api.get('http://127.0.0.1:1/x', { headers: { 'x-a': 'request', 'x-b': null } })
    expect(header(0, 'x-a')).toBe('request')
    expect(header(0, 'x-b')).toBeNull()
  })

  it('does not change its own headers when a request overrides them', async () => {
    const { fetch } = recorder()
    const api = new Session({ fetch, headers: { 'x-a': 'session' } })
    await api.get('http://127.0.0.1:1/x', { headers: { 'x-a': null } })
    expect(api.headers.get('x-a')).toBe('session')
  })

  it('merges session params with request params', async () => {
    const api = new Session({ baseUrl: MOCK, params: { token: 'abc', page: 1 } })
    const body = await api.get('/get', { params: { page: 2 } }).json<Echo>()
    expect(body.args).toEqual({ token: 'abc', page: '2' })
  })

  it.each([
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['delete', 'DELETE'],
    ['head', 'HEAD'],
    ['options', 'OPTIONS'],
  ] as const)('session.%s sends %s', async (name, method) => {
    const { fetch, calls } = recorder()
    const api = new Session({ fetch })
    await api[name]('http://127.0.0.1:1/x')
    expect(calls[0]?.init.method).toBe(method)
  })

  it('session.request takes the method from options', async () => {
    const { fetch, calls } = recorder()
    await new Session({ fetch }).request('http://127.0.0.1:1/x', { method: 'report' })
    expect(calls[0]?.init.method).toBe('REPORT')
  })

  it('validates its options at construction', () => {
    expect(() => new Session({ timeout: -5 })).toThrow(RangeError)
    expect(() => new Session({ redirect: 'x' as never })).toThrow(TypeError)
  })

  it.each([666, true, 'x', [], () => ({}), null])('refuses %s as its options (issue 19: they were ignored)', (options) => {
    expect(() => new Session(options as never)).toThrow(/^Session options must be an object, got /)
  })

  it('applies throwHttpErrors from the session, overridable per request', async () => {
    const api = new Session({ baseUrl: MOCK, throwHttpErrors: false })
    expect((await api.get('/status/500')).status).toBe(500)
    await expect(api.get('/status/500', { throwHttpErrors: true })).rejects.toBeInstanceOf(HTTPError)
  })
})

describe('Session auth', () => {
  it('persists Basic auth across requests, as in the requests tutorial', async () => {
    const api = new Session({ baseUrl: MOCK, auth: ['user', 'passwd'] })
    expect((await api.get('/basic-auth/user/passwd')).status).toBe(200)
    expect((await api.get('/basic-auth/user/passwd')).status).toBe(200)
  })

  it('is mutable', async () => {
    const api = new Session({ baseUrl: MOCK, throwHttpErrors: false })
    expect((await api.get('/basic-auth/u/p')).status).toBe(401)
    api.auth = ['u', 'p']
    expect(api.auth).toEqual(['u', 'p'])
    expect((await api.get('/basic-auth/u/p')).status).toBe(200)
    api.auth = null
    expect((await api.get('/basic-auth/u/p')).status).toBe(401)
  })

  it('a request can turn session auth off with auth: null', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch, auth: ['u', 'p'] })
    await api.get('http://127.0.0.1:1/x', { auth: null })
    expect(header(0, 'authorization')).toBeNull()
  })

  it('rejects bad auth when set', () => {
    const api = new Session()
    expect(() => {
      api.auth = 'u:p' as never
    }).toThrow(/auth must be \[user, password\], a function or an auth scheme/)
  })
})

describe('mount()', () => {
  it('applies options under a prefix on a / boundary, longest prefix first', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch, headers: { 'x-layer': 'session' } })
      .mount('https://api.example.com', { headers: { 'x-layer': 'root' } })
      .mount('https://api.example.com/v2/', { headers: { 'x-layer': 'v2' } })
    await api.get('https://api.example.com/v2/users')
    await api.get('https://api.example.com/v2')
    await api.get('https://api.example.com/v20/users')
    await api.get('https://api.example.com/')
    await api.get('https://other.example.com/v2/users')
    expect([0, 1, 2, 3, 4].map((i) => header(i, 'x-layer'))).toEqual(['v2', 'v2', 'root', 'root', 'session'])
  })

  it('never matches a look-alike host, another scheme or another port', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch }).mount('https://api.example.com', { headers: { 'x-mounted': '1' } })
    for (const url of [
      'https://api.example.com.evil.net/x',
      'http://api.example.com/x',
      'https://api.example.com:8443/x',
      'https://evil.net/api.example.com/x',
    ]) {
      await api.get(url)
    }
    expect([0, 1, 2, 3].map((i) => header(i, 'x-mounted'))).toEqual([null, null, null, null])
  })

  it('sits between session and request in the merge order', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch, auth: ['session', 'pw'] }).mount('https://api.example.com', {
      auth: ['mount', 'pw'],
      headers: { 'x-a': 'mount' },
    })
    await api.get('https://api.example.com/x', { headers: { 'x-a': 'request' } })
    await api.get('https://api.example.com/x', { auth: ['request', 'pw'] })
    expect(header(0, 'x-a')).toBe('request')
    expect(header(0, 'authorization')).toBe(`Basic ${btoa('mount:pw')}`)
    expect(header(1, 'authorization')).toBe(`Basic ${btoa('request:pw')}`)
  })

  it('a mount keeps winning over session auth set later', async () => {
    const { fetch, header } = recorder()
    const api = new Session({ fetch }).mount('https://api.example.com', { auth: ['mount', 'pw'] })
    api.auth = ['session', 'pw']
    await api.get('https://api.example.com/x')
    await api.get('https://elsewhere.example.com/x')
    expect(header(0, 'authorization')).toBe(`Basic ${btoa('mount:pw')}`)
    expect(header(1, 'authorization')).toBe(`Basic ${btoa('session:pw')}`)
  })

  it('rejects a relative prefix and a baseUrl', () => {
    expect(() => new Session().mount('/api', {})).toThrow(/mount prefix must be an absolute URL, got "\/api"/)
    expect(() => new Session().mount('https://x', { baseUrl: 'https://y' } as never)).toThrow(/cannot set baseUrl/)
  })
})

describe('extend()', () => {
  it('makes a new session with merged defaults, leaving the original alone', async () => {
    const { fetch, header } = recorder()
    const base = new Session({ fetch, headers: { 'x-a': '1' }, params: { v: 1 } })
    const child = base.extend({ headers: { 'x-team': 'a' }, params: { w: 2 } })
    await child.get('http://127.0.0.1:1/x')
    await base.get('http://127.0.0.1:1/x')
    expect(header(0, 'x-a')).toBe('1')
    expect(header(0, 'x-team')).toBe('a')
    expect(header(1, 'x-team')).toBeNull()
    expect(child).toBeInstanceOf(Session)
    expect(child).not.toBe(base)
  })

  it('copies headers, auth, mounts and layers', async () => {
    const { fetch, calls, header } = recorder()
    const seen: string[] = []
    const base = new Session({ fetch, auth: ['u', 'p'] })
      .mount('https://api.example.com', { headers: { 'x-m': 'yes' } })
      .use(async (request, next) => {
        seen.push(request.url)
        return next(request)
      })
    const child = base.extend({ params: { from: 'child' } })
    await child.get('https://api.example.com/x')
    expect(header(0, 'x-m')).toBe('yes')
    expect(header(0, 'authorization')).toBe(`Basic ${btoa('u:p')}`)
    expect(seen).toEqual(['https://api.example.com/x?from=child'])
    expect(calls).toHaveLength(1)
    base.headers.set('x-after', '1')
    expect(child.headers.has('x-after')).toBe(false)
  })

  it('can remove an inherited header', async () => {
    const { fetch, header } = recorder()
    const child = new Session({ fetch, headers: { 'x-a': '1' } }).extend({ headers: { 'x-a': null } })
    await child.get('http://127.0.0.1:1/x')
    expect(header(0, 'x-a')).toBeNull()
  })
})

describe('use()', () => {
  it('runs layers just above the transport, in order, seeing the authenticated request', async () => {
    const { fetch } = recorder()
    const order: string[] = []
    const layer =
      (name: string): Layer =>
      async (request, next) => {
        order.push(`${name}:${request.headers.get('authorization') ? 'auth' : 'none'}`)
        const response = await next(request)
        order.push(`${name}:done`)
        return response
      }
    const api = new Session({ fetch, auth: ['u', 'p'] }).use(layer('a')).use(layer('b'))
    await api.get('http://127.0.0.1:1/x')
    expect(order).toEqual(['a:auth', 'b:auth', 'b:done', 'a:done'])
  })

  it('a layer can answer without calling next', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>()
    const api = new Session({ fetch }).use(async () => new Response('cached', { status: 203 }))
    const response = await api.get('http://127.0.0.1:1/x')
    expect(response.status).toBe(203)
    expect(await response.text()).toBe('cached')
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a layer can replace the request', async () => {
    const { fetch, calls } = recorder()
    const api = new Session({ fetch }).use(async (request: PreparedRequest, next) =>
      next({ ...request, url: `${request.url}?signed=1` }),
    )
    const response = await api.get('http://127.0.0.1:1/x')
    expect(calls[0]?.url).toBe('http://127.0.0.1:1/x?signed=1')
    expect(response.request.url).toBe('http://127.0.0.1:1/x?signed=1')
  })

  it('rejects a non-function', () => {
    expect(() => new Session().use('nope' as never)).toThrow(TypeError)
  })
})

describe('close()', () => {
  it('aborts calls in flight and rejects later calls', async () => {
    const api = new Session({ baseUrl: MOCK })
    const pending = api.get('/stall')
    await new Promise((resolve) => setTimeout(resolve, 10))
    api.close()
    const error = await pending.catch((e: unknown) => e)
    expect((error as DOMException).name).toBe('AbortError')
    expect(api.closed).toBe(true)
    await expect(api.get('/get')).rejects.toMatchObject({ name: 'AbortError', message: 'Session closed' })
  })

  it('aborts many calls in flight at once', async () => {
    const api = new Session({ baseUrl: MOCK })
    const calls = Array.from({ length: 30 }, () => api.get('/stall').catch((e: unknown) => e))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const reason = new Error('shutdown')
    api.close(reason)
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 30 }, () => reason))
  })

  it('takes a reason', async () => {
    const api = new Session({ baseUrl: MOCK })
    const reason = new Error('shutting down')
    api.close(reason)
    await expect(api.get('/get')).rejects.toBe(reason)
  })

  it('a user signal and the session both still work on one call', async () => {
    const api = new Session({ baseUrl: MOCK })
    const controller = new AbortController()
    const reason = new Error('user')
    const pending = api.get('/stall', { signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(api.closed).toBe(false)
  })

  it('await using closes the session at the end of the scope', async () => {
    let outer: Session | undefined
    {
      await using api = new Session()
      outer = api
      expect(api.closed).toBe(false)
    }
    expect(outer.closed).toBe(true)
  })
})
