/// <reference types="node" />
// Digest auth against the REAL httpbin (Debian's python3-httpbin under
// gunicorn, see RUNTIMES.md), to cross-check the client and the mocks with
// an implementation neither of them wrote. The server is started on a free
// 127.0.0.1 port and stopped afterwards (test/support/real-httpbin.ts).
//
// When gunicorn or httpbin is missing, every test here FAILS (it does not
// skip) with a message starting "REAL HTTPBIN UNAVAILABLE", so that a CI
// without the packages cannot pass silently, and the cause is obvious.
import { describe, expect, it } from 'vitest'
import { digestAuth, get, HTTPError, Session } from '../../src/index.js'
import { useRealHttpbin } from '../support/real-httpbin.js'

/** The real httpbin's origin, or a failure that says why there is none. */
const httpbin = useRealHttpbin()

describe('digestAuth against the real httpbin (gunicorn)', () => {
  it('gunicorn serves python3-httpbin', () => {
    expect(httpbin()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it.each(['MD5', 'SHA-256', 'SHA-512'])('authenticates a %s challenge with qop=auth', async (algorithm) => {
    const response = await get(`${httpbin()}/digest-auth/auth/user/passwd/${algorithm}`, { auth: digestAuth('user', 'passwd') })
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' })
    expect(response.history.map((hop) => hop.status)).toEqual([401])
    expect(response.request.headers.get('authorization')).toContain(`algorithm=${algorithm}`)
  })

  it.each(['MD5', 'SHA-256', 'SHA-512'])('authenticates a %s challenge with qop=auth-int', async (algorithm) => {
    const response = await get(`${httpbin()}/digest-auth/auth-int/user/passwd/${algorithm}`, { auth: digestAuth('user', 'passwd') })
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' })
    expect(response.request.headers.get('authorization')).toContain('qop=auth-int')
  })

  it('picks qop=auth from httpbin’s "auth, auth-int" offer', async () => {
    const response = await get(`${httpbin()}/digest-auth/both/user/passwd/SHA-256`, { auth: digestAuth('user', 'passwd') })
    expect(response.status).toBe(200)
    expect(response.request.headers.get('authorization')).toContain('qop=auth,')
  })

  it('authenticates the next request of a session pre-emptively', async () => {
    const api = new Session({ baseUrl: httpbin(), auth: digestAuth('user', 'passwd') })
    expect((await api.get('/digest-auth/auth/user/passwd/SHA-256')).history).toHaveLength(1)
    const second = await api.get('/digest-auth/auth/user/passwd/SHA-256')
    expect(second.status).toBe(200)
    expect(second.history).toEqual([])
    expect(second.request.headers.get('authorization')).toContain('nc=00000002')
  })

  it('fails with a 401 HTTPError for a wrong password, which its message does not show', async () => {
    const error = await get(`${httpbin()}/digest-auth/auth/user/passwd/MD5`, { auth: digestAuth('user', 'not-the-password') }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).status).toBe(401)
    expect((error as HTTPError).message).not.toContain('not-the-password')
  })
})
