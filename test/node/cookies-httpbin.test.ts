/// <reference types="node" />
// Sessions with cookies and self-followed redirects against the REAL httpbin
// (python3-httpbin under gunicorn; fails, not skips, when it is missing).
import { describe, expect, it } from 'vitest'
import { Session, TooManyRedirectsError } from '../../src/index.js'
import { useRealHttpbin } from '../support/real-httpbin.js'

const httpbin = useRealHttpbin()
type Cookies = { cookies: Record<string, string> }

describe('a Session against the real httpbin', () => {
  it('keeps cookies set on a redirect and deletes them when told', async () => {
    const api = new Session({ baseUrl: httpbin() })
    const set = await api.get('/cookies/set?a=1&b=2')
    expect(set.history.map((hop) => hop.status)).toEqual([302])
    expect((await set.json<Cookies>()).cookies).toEqual({ a: '1', b: '2' })
    expect((await api.get('/cookies').json<Cookies>()).cookies).toEqual({ a: '1', b: '2' })
    expect((await api.get('/cookies/delete?a').json<Cookies>()).cookies).toEqual({ b: '2' })
  })

  it('follows /redirect/5 with five hops in history', async () => {
    const response = await new Session({ baseUrl: httpbin() }).get('/redirect/5')
    expect(response.status).toBe(200)
    expect(response.history).toHaveLength(5)
  })

  it('rejects /redirect/31 with TooManyRedirectsError', async () => {
    await expect(new Session({ baseUrl: httpbin() }).get('/redirect/31')).rejects.toBeInstanceOf(TooManyRedirectsError)
  })

  it('restores a jar from JSON with the same cookies', async () => {
    const { CookieJar } = await import('../../src/index.js')
    const first = new Session({ baseUrl: httpbin() })
    await first.get('/cookies/set?token=xyz')
    const second = new Session({ baseUrl: httpbin(), cookies: CookieJar.fromJSON(JSON.stringify(first.cookies)) })
    expect((await second.get('/cookies').json<Cookies>()).cookies).toEqual({ token: 'xyz' })
  })
})
