/// <reference types="node" />
// requests' tests/test_requests.py (requests 2.34.2), ported, part 5 (Node
// only): the cookie cases, against the REAL httpbin (gunicorn). Counts for the
// whole suite: see the top of ported-requests-httpbin.test.ts.
import { describe, expect, it } from 'vitest'
import { CookieJar, Session } from '../../src/index.js'
import { useRealHttpbin } from '../support/real-httpbin.js'

const httpbin = useRealHttpbin()

const cookie = (s: Session, name: string) => s.cookies.get(httpbin()).find((c) => c.name === name)?.value

describe('test_requests.py::TestRequests — cookies', () => {
  it('test_set_cookie_on_301 — a Set-Cookie on a redirect hop is stored', async () => {
    const s = new Session()
    await s.get(`${httpbin()}/cookies/set?foo=bar`)
    expect(cookie(s, 'foo')).toBe('bar')
  })

  it('test_cookie_sent_on_redirect — stored cookies go with every hop', async () => {
    const s = new Session()
    await s.get(`${httpbin()}/cookies/set?foo=bar`)
    const r = await s.get(`${httpbin()}/redirect/1`)
    expect((await r.json<{ headers: Record<string, string> }>()).headers.Cookie).toBe('foo=bar')
  })

  it('test_cookie_removed_on_expire — a past expiry deletes the cookie', async () => {
    const s = new Session()
    await s.get(`${httpbin()}/cookies/set?foo=bar`)
    expect(cookie(s, 'foo')).toBe('bar')
    await s.get(`${httpbin()}/response-headers`, { params: { 'Set-Cookie': 'foo=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT' } })
    expect(cookie(s, 'foo')).toBeUndefined()
  })

  it('test_cookie_quote_wrapped — the value is stored as the server wrote it, quotes included', async () => {
    const s = new Session()
    const hop = await s.get(`${httpbin()}/cookies/set?foo="bar:baz"`, { redirect: 'manual' })
    // This httpbin's werkzeug writes foo="\"bar:baz\""; requests' test server wrote foo="bar:baz".
    const sent = /^foo=([^;]*)/.exec(hop.headers.getSetCookie()[0] ?? '')?.[1]
    expect(sent).toMatch(/^".*bar:baz.*"$/)
    expect(cookie(s, 'foo')).toBe(sent)
  })

  it('test_cookie_persists_via_api — per-request cookies go with every hop of that call', async () => {
    const r = await new Session().get(`${httpbin()}/redirect/1`, { cookies: { foo: 'bar' } })
    expect(r.request.headers.get('cookie')).toContain('foo')
    expect(r.history[0]?.request.headers.get('cookie')).toContain('foo')
  })

  it('test_request_cookie_overrides_session_cookie — the request’s value is sent, the jar keeps its own', async () => {
    const s = new Session()
    await s.cookies.store('foo=bar; Path=/', httpbin())
    const r = await s.get(`${httpbin()}/cookies`, { cookies: { foo: 'baz' } })
    expect((await r.json<{ cookies: Record<string, string> }>()).cookies.foo).toBe('baz')
    expect(cookie(s, 'foo')).toBe('bar')
  })

  it('test_request_cookies_not_persisted', async () => {
    const s = new Session()
    await s.get(`${httpbin()}/cookies`, { cookies: { foo: 'baz' } })
    expect(s.cookies.size).toBe(0)
  })

  it('test_generic_cookiejar_works — a jar handed to the session is used, and stays the session’s', async () => {
    const jar = new CookieJar()
    jar.set('foo=bar; Path=/', httpbin())
    const s = new Session({ cookies: jar })
    const r = await s.get(`${httpbin()}/cookies`)
    expect((await r.json<{ cookies: Record<string, string> }>()).cookies.foo).toBe('bar')
    expect(s.cookies).toBe(jar)
  })

  it('test_cookie_parameters — secure, domain and HttpOnly are kept', async () => {
    const jar = new CookieJar()
    await jar.store('some_cookie=some_value; Secure; Domain=test.com; HttpOnly', 'https://test.com/')
    expect(jar.size).toBe(1)
    expect(jar.get('https://test.com/')[0]).toMatchObject({ name: 'some_cookie', secure: true, domain: 'test.com', httpOnly: true })
  })

  it('test_cookie_duplicate_names_different_domains — both are kept; each domain gets its own', async () => {
    const jar = new CookieJar()
    await jar.store('some_cookie=v1; Domain=test1.com', 'https://test1.com/')
    await jar.store('some_cookie=v2; Domain=test2.com', 'https://test2.com/')
    expect(jar.size).toBe(2)
    expect(jar.cookieHeader('https://test1.com/')).toBe('some_cookie=v1')
    expect(jar.cookieHeader('https://test2.com/')).toBe('some_cookie=v2')
  })

  it('test_cookie_duplicate_names_raises_cookie_conflict_error — difference: no conflict error; both paths kept, the longer path sent first (RFC 6265 §5.4)', async () => {
    const jar = new CookieJar()
    jar.set('some_cookie=a; Path=/some_path', 'https://test.com/')
    jar.set('some_cookie=b; Path=/', 'https://test.com/')
    expect(jar.size).toBe(2)
    expect(jar.cookieHeader('https://test.com/some_path/x')).toBe('some_cookie=a; some_cookie=b')
  })
})
