import { describe, expect, it, vi } from 'vitest'
import { basicAuth, get, HTTPError, Session } from '../../src/index.js'
import type { AuthFunction } from '../../src/index.js'
import { MOCK } from '../support/mock.js'

describe('Basic auth', () => {
  it('[user, password] authenticates against /basic-auth', async () => {
    const body = await get(`${MOCK}/basic-auth/alice/secret`, { auth: ['alice', 'secret'] }).json()
    expect(body).toEqual({ authenticated: true, user: 'alice' })
  })

  it('encodes non-Latin-1 credentials as UTF-8 (RFC 7617)', async () => {
    const response = await get(`${MOCK}/basic-auth/${encodeURIComponent('jörg')}/${encodeURIComponent('пароль🔑')}`, {
      auth: basicAuth('jörg', 'пароль🔑'),
    })
    expect(response.status).toBe(200)
  })

  it('wrong credentials get a 401 HTTPError that does not show the password', async () => {
    const error = (await get(`${MOCK}/basic-auth/alice/secret`, { auth: ['alice', 'hunter2'] }).catch(
      (e: unknown) => e,
    )) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.status).toBe(401)
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain(btoa('alice:hunter2'))
  })

  it('basicAuth rejects non-strings', () => {
    expect(() => basicAuth('u', 1 as never)).toThrow(TypeError)
  })
})

describe('custom auth functions', () => {
  it('may sign the request in place', async () => {
    const sign: AuthFunction = (request) => {
      request.headers.set('x-signature', `${request.method}:${new URL(request.url).pathname}`)
    }
    const body = await get(`${MOCK}/headers`, { auth: sign }).json<{ headers: Record<string, string> }>()
    expect(body.headers['X-Signature']).toBe('GET:/headers')
  })

  it('may be async and return a new request', async () => {
    const auth: AuthFunction = async (request) => {
      await Promise.resolve()
      const headers = new Headers(request.headers)
      headers.set('authorization', 'Bearer from-async')
      return { ...request, headers }
    }
    const response = await get(`${MOCK}/bearer`, { auth })
    expect(await response.json()).toEqual({ authenticated: true, token: 'from-async' })
    expect(response.request.headers.get('authorization')).toBe('Bearer from-async')
  })

  it('runs for every request of a session', async () => {
    const auth = vi.fn<AuthFunction>((request) => void request.headers.set('x-key', 'k'))
    const api = new Session({ baseUrl: MOCK, auth })
    await api.get('/get')
    await api.post('/post', { json: {} })
    expect(auth).toHaveBeenCalledTimes(2)
  })

  it('auth wins over a header of the same name set on the session (requests semantics)', async () => {
    const api = new Session({ baseUrl: MOCK, headers: { authorization: 'Bearer stale' }, auth: ['u', 'p'] })
    expect((await api.get('/basic-auth/u/p')).status).toBe(200)
  })
})
