// Sessions that keep cookies and follow redirects themselves (SPEC §7), against
// the mock httpbin. Server runtimes only: browsers own cookies and redirects.
import { describe, expect, it } from 'vitest'
import { createHttpbin } from '../../mocks/index.js'
import { CookieJar, HTTPError, NetworkError, Session, TooManyRedirectsError } from '../../src/index.js'
import { isBrowserLike } from '../../src/util/runtime.js'
import { MOCK, useHandlers } from '../support/mock.js'

type Cookies = { cookies: Record<string, string> }
type Echo = { method: string; data: string; json: unknown; headers: Record<string, string>; url: string }

const browser = isBrowserLike()
// Another host (cookies are per host, not per port: RFC 6265 §8.5), served by a second httpbin.
const OTHER = 'http://127.0.0.2:59997'

describe.skipIf(browser)('a session keeps cookies', () => {
  it('stores cookies set on a redirect and sends them back', async () => {
    const api = new Session({ baseUrl: MOCK })
    const body = await api.get('/cookies/set?a=1&b=2').json<Cookies>()
    expect(body.cookies).toEqual({ a: '1', b: '2' })
    expect((await api.get('/cookies').json<Cookies>()).cookies).toEqual({ a: '1', b: '2' })
    expect(api.cookies.cookieHeader(`${MOCK}/`)).toBe('a=1; b=2')
  })

  it('deletes a cookie the server expires', async () => {
    const api = new Session({ baseUrl: MOCK })
    await api.get('/cookies/set?a=1&b=2')
    const body = await api.get('/cookies/delete?a').json<Cookies>()
    expect(body.cookies).toEqual({ b: '2' })
  })

  it('an explicit Cookie header wins over the jar', async () => {
    const api = new Session({ baseUrl: MOCK })
    await api.get('/cookies/set?a=1')
    const body = await api.get('/cookies', { headers: { cookie: 'mine=1' } }).json<Cookies>()
    expect(body.cookies).toEqual({ mine: '1' })
  })

  it('per-request cookies are sent with the jar’s, override them, and are never stored', async () => {
    const api = new Session({ baseUrl: MOCK })
    await api.get('/cookies/set?a=1&b=2')
    const body = await api.get('/cookies', { cookies: { b: 'override', c: '3' } }).json<Cookies>()
    expect(body.cookies).toEqual({ a: '1', b: 'override', c: '3' })
    expect((await api.get('/cookies').json<Cookies>()).cookies).toEqual({ a: '1', b: '2' })
  })

  it('a jar restored with fromJSON sends the same cookies', async () => {
    const first = new Session({ baseUrl: MOCK })
    await first.get('/cookies/set?token=xyz&lang=fr')
    const saved = JSON.stringify(first.cookies)
    const second = new Session({ baseUrl: MOCK, cookies: CookieJar.fromJSON(saved) })
    expect((await second.get('/cookies').json<Cookies>()).cookies).toEqual({ token: 'xyz', lang: 'fr' })
  })

  it('cookies: false keeps none', async () => {
    const api = new Session({ baseUrl: MOCK, cookies: false })
    await api.get('/cookies/set?a=1')
    expect((await api.get('/cookies').json<Cookies>()).cookies).toEqual({})
    expect(api.cookies.size).toBe(0)
  })

  it('extend() shares the jar', async () => {
    const api = new Session({ baseUrl: MOCK })
    const child = api.extend({ headers: { 'x-child': '1' } })
    await child.get('/cookies/set?shared=1')
    expect((await api.get('/cookies').json<Cookies>()).cookies).toEqual({ shared: '1' })
  })

  it('never sends a cookie of one origin to another', async () => {
    useHandlers(...createHttpbin({ baseUrl: OTHER }).handlers)
    const api = new Session()
    await api.get(`${MOCK}/cookies/set?mine=1`)
    expect((await api.get(`${OTHER}/cookies`).json<Cookies>()).cookies).toEqual({})
  })
})

describe.skipIf(browser)('a session follows redirects itself', () => {
  it('records every hop in history', async () => {
    const api = new Session({ baseUrl: MOCK })
    const response = await api.get('/redirect/5')
    expect(response.status).toBe(200)
    expect(response.history).toHaveLength(5)
    expect(response.history.every((hop) => hop.status === 302)).toBe(true)
    expect(response.redirected).toBe(true)
    expect(response.url).toBe(`${MOCK}/get`)
  })

  it.each(['relative-redirect', 'absolute-redirect'])('follows /%s/3', async (route) => {
    const response = await new Session({ baseUrl: MOCK }).get(`/${route}/3`)
    expect(response.history).toHaveLength(3)
  })

  it('rejects more than maxRedirects (30 by default) with TooManyRedirectsError', async () => {
    const api = new Session({ baseUrl: MOCK })
    const error = (await api.get('/redirect/31').catch((e: unknown) => e)) as TooManyRedirectsError
    expect(error).toBeInstanceOf(TooManyRedirectsError)
    // The last hop's request, the one redirect too many (as requests): not the URL called.
    expect(error.message).toBe(`more than 30 redirects — GET ${MOCK}/relative-redirect/1`)
    expect(error.request.url).toBe(`${MOCK}/relative-redirect/1`)
    expect(error.response.status).toBe(302)
    expect(error.response.history).toHaveLength(30)
    expect((await api.get('/redirect/30')).history).toHaveLength(30)
    await expect(api.get('/redirect/3', { maxRedirects: 2 })).rejects.toBeInstanceOf(TooManyRedirectsError)
  })

  it.each<[number, string, string]>([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [307, 'POST', 'POST'],
    [308, 'PUT', 'PUT'],
  ])('%i after %s continues with %s', async (status, method, expected) => {
    const api = new Session({ baseUrl: MOCK })
    const response = await api.request(`/redirect-to?url=/anything&status_code=${status}`, { method, json: { k: 'v' } })
    const body = await response.json<Echo>()
    expect(body.method).toBe(expected)
    if (expected === 'GET') {
      expect(body.data).toBe('')
      expect(body.headers['Content-Type']).toBeUndefined()
    } else {
      expect(body.json).toEqual({ k: 'v' })
    }
  })

  it('keeps credentials on the same origin and drops them on another', async () => {
    useHandlers(...createHttpbin({ baseUrl: OTHER }).handlers)
    const api = new Session({ baseUrl: MOCK, auth: ['user', 'pw'], headers: { 'proxy-authorization': 'Basic x' } })
    await api.get('/cookies/set?c=1')
    const same = await api.get(`/redirect-to?url=${encodeURIComponent(`${MOCK}/headers`)}`).json<Echo>()
    expect(same.headers.Authorization).toBe(`Basic ${btoa('user:pw')}`)
    expect(same.headers.Cookie).toBe('c=1')
    const other = await api.get(`/redirect-to?url=${encodeURIComponent(`${OTHER}/headers`)}`).json<Echo>()
    expect(other.headers.Authorization).toBeUndefined()
    expect(other.headers['Proxy-Authorization']).toBeUndefined()
    expect(other.headers.Cookie).toBeUndefined()
  })

  it("redirect: 'manual' hands the 3xx back", async () => {
    const response = await new Session({ baseUrl: MOCK }).get('/redirect/1', { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBeTruthy()
    expect(response.history).toEqual([])
  })

  it("redirect: 'error' rejects a redirect with NetworkError", async () => {
    await expect(new Session({ baseUrl: MOCK }).get('/redirect/1', { redirect: 'error', retry: false })).rejects.toBeInstanceOf(
      NetworkError,
    )
  })

  it('an HTTP error after redirects still rejects with HTTPError', async () => {
    const api = new Session({ baseUrl: MOCK })
    await expect(api.get('/redirect-to?url=/status/404')).rejects.toBeInstanceOf(HTTPError)
  })
})

describe.runIf(browser)('in a browser', () => {
  it('the browser keeps the cookies: the session jar stays empty', async () => {
    const api = new Session({ baseUrl: MOCK })
    await api.get('/cookies/set?a=1')
    expect(api.cookies.size).toBe(0)
  })
})
