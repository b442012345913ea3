// RFC 6265 storage model and retrieval, table-driven (pure: runs everywhere).
import { describe, expect, it } from 'vitest'
import { CookieJar } from '../../src/cookies/jar.js'
import { defaultPath, domainMatch, parseCookieDate, parseSetCookie, pathMatch, setCookieHeaders } from '../../src/cookies/parse.js'

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0)

describe('parseCookieDate (§5.1.1)', () => {
  it.each<[string, number | undefined]>([
    ['Wed, 21 Oct 2026 07:28:00 GMT', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['Wednesday, 21-Oct-26 07:28:00 GMT', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['Wed Oct 21 07:28:00 2026', Date.UTC(2026, 9, 21, 7, 28, 0)],
    ['21 Oct 1999 07:28:00', Date.UTC(1999, 9, 21, 7, 28, 0)],
    ['Thu, 01 Jan 70 00:00:00 GMT', 0],
    ['Wed, 31 Feb 2026 07:28:00 GMT', undefined],
    ['Wed, 21 Oct 2026 25:00:00 GMT', undefined],
    ['yesterday', undefined],
    ['21 Oct 2026', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseCookieDate(text)).toBe(expected)
  })
})

describe('parseSetCookie (§5.2)', () => {
  it('reads name, value and attributes case-insensitively', () => {
    expect(parseSetCookie('sid=abc; Path=/app; DOMAIN=.Example.COM; Secure; HttpOnly; SameSite=lax', NOW)).toEqual({
      name: 'sid',
      value: 'abc',
      expires: undefined,
      domain: 'example.com',
      path: '/app',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    })
  })

  it('Max-Age wins over Expires, whatever the order', () => {
    expect(parseSetCookie('a=1; Max-Age=60; Expires=Wed, 21 Oct 2030 07:28:00 GMT', NOW)?.expires).toBe(NOW + 60_000)
    expect(parseSetCookie('a=1; Expires=Wed, 21 Oct 2030 07:28:00 GMT; Max-Age=60', NOW)?.expires).toBe(NOW + 60_000)
  })

  it.each(['a=1; Max-Age=0', 'a=1; Max-Age=-5'])('%s means expired', (header) => {
    expect(parseSetCookie(header, NOW)?.expires).toBe(Number.NEGATIVE_INFINITY)
  })

  it('ignores a bad Max-Age and a path not starting with /', () => {
    const cookie = parseSetCookie('a=1; Max-Age=soon; Path=relative', NOW)
    expect(cookie?.expires).toBeUndefined()
    expect(cookie?.path).toBeUndefined()
  })

  it('keeps = inside the value, and rejects a pair without =', () => {
    expect(parseSetCookie('token=a=b==; Path=/', NOW)?.value).toBe('a=b==')
    expect(parseSetCookie('novalue', NOW)).toBeUndefined()
  })

  it('caps Max-Age and Expires at 400 days (RFC 6265bis §5.6.1, §5.6.2)', () => {
    const limit = NOW + 400 * 86_400_000
    expect(parseSetCookie('a=1; Max-Age=34560001', NOW)?.expires).toBe(limit)
    expect(parseSetCookie('a=1; Max-Age=34559999', NOW)?.expires).toBe(limit - 1000)
    expect(parseSetCookie('a=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT', NOW)?.expires).toBe(limit)
  })

  it('ignores an attribute value over 1024 characters (RFC 6265bis §5.6 step 6)', () => {
    const cookie = parseSetCookie(`a=1; Path=/${'p'.repeat(1024)}; Domain=${'d'.repeat(1025)}; Path=/ok`, NOW)
    expect(cookie).toMatchObject({ path: '/ok', domain: undefined })
    expect(parseSetCookie(`a=1; Path=/${'p'.repeat(1023)}`, NOW)?.path).toHaveLength(1024)
  })

  it('rejects control characters in the name or value (RFC 6265bis §5.7 step 3), not a tab', () => {
    expect(parseSetCookie('a=1\x00', NOW)).toBeUndefined()
    expect(parseSetCookie('a\x7f=1', NOW)).toBeUndefined()
    expect(parseSetCookie('a=1\x01; Path=/', NOW)).toBeUndefined()
    expect(parseSetCookie('a=x\ty', NOW)?.value).toBe('x\ty')
  })

  it('reads Domain=. as no Domain (a host-only cookie)', () => {
    expect(parseSetCookie('a=1; Domain=.', NOW)?.domain).toBeUndefined()
  })
})

describe('matching helpers', () => {
  it.each<[string, string, boolean]>([
    ['example.com', 'example.com', true],
    ['www.example.com', 'example.com', true],
    ['wwwexample.com', 'example.com', false],
    ['example.com', 'www.example.com', false],
    ['1.2.3.4', '2.3.4', false],
  ])('domainMatch(%s, %s) is %s', (host, domain, expected) => {
    expect(domainMatch(host, domain)).toBe(expected)
  })

  it.each<[string, string, boolean]>([
    ['/', '/', true],
    ['/docs', '/docs', true],
    ['/docs/web', '/docs', true],
    ['/docs/', '/docs/', true],
    ['/docsweb', '/docs', false],
    ['/', '/docs', false],
  ])('pathMatch(%s, %s) is %s', (path, cookiePath, expected) => {
    expect(pathMatch(path, cookiePath)).toBe(expected)
  })

  it.each([
    ['/', '/'],
    ['/a', '/'],
    ['/a/b', '/a'],
    ['/a/b/', '/a/b'],
    ['', '/'],
  ])('defaultPath(%j) is %j', (path, expected) => {
    expect(defaultPath(path)).toBe(expected)
  })

  it('splits a joined Set-Cookie header without breaking Expires dates', () => {
    const headers = { getSetCookie: undefined, get: () => 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=2; Path=/' }
    expect(setCookieHeaders(headers as unknown as Headers)).toEqual(['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2; Path=/'])
  })
})

describe('CookieJar (§5.3, §5.4)', () => {
  const header = (jar: CookieJar, url: string) => jar.cookieHeader(url, NOW)

  it('a cookie set by host A is never sent to host B', () => {
    const jar = new CookieJar()
    jar.set('a=1', 'https://a.example/', NOW)
    expect(header(jar, 'https://a.example/')).toBe('a=1')
    expect(header(jar, 'https://b.example/')).toBe('')
    expect(header(jar, 'https://a.example.evil.net/')).toBe('')
  })

  it('a host-only cookie is not sent to a subdomain; a Domain cookie is', async () => {
    const jar = new CookieJar()
    jar.set('host=1', 'https://example.com/', NOW)
    await jar.store('dom=1; Domain=example.com', 'https://example.com/', NOW)
    expect(header(jar, 'https://example.com/')).toBe('host=1; dom=1')
    expect(header(jar, 'https://www.example.com/')).toBe('dom=1')
  })

  it('a subdomain may set a cookie for its parent, not for a sibling or a bare TLD', async () => {
    const jar = new CookieJar()
    expect(await jar.store('up=1; Domain=example.com', 'https://a.example.com/', NOW)).toBeDefined()
    expect(await jar.store('side=1; Domain=b.example.com', 'https://a.example.com/', NOW)).toBeUndefined()
    expect(await jar.store('tld=1; Domain=com', 'https://example.com/', NOW)).toBeUndefined()
    expect(header(jar, 'https://c.example.com/')).toBe('up=1')
  })

  it('a Secure cookie is never sent over http, and cannot be set from http', () => {
    const jar = new CookieJar()
    jar.set('s=1; Secure', 'https://example.com/', NOW)
    expect(header(jar, 'https://example.com/')).toBe('s=1')
    expect(header(jar, 'http://example.com/')).toBe('')
    expect(jar.set('t=1; Secure', 'http://example.com/', NOW)).toBeUndefined()
  })

  it('loopback counts as secure, as in browsers', () => {
    const jar = new CookieJar()
    jar.set('s=1; Secure', 'http://127.0.0.1:8080/', NOW)
    expect(header(jar, 'http://127.0.0.1:8080/')).toBe('s=1')
  })

  it('the default path is the directory of the request path', () => {
    const jar = new CookieJar()
    jar.set('a=1', 'https://x.example/docs/page', NOW)
    expect(header(jar, 'https://x.example/docs/other')).toBe('a=1')
    expect(header(jar, 'https://x.example/')).toBe('')
  })

  it('sends longer paths first, then older cookies', () => {
    const jar = new CookieJar()
    jar.set('short=1; Path=/', 'https://x.example/', NOW)
    jar.set('long=1; Path=/a/b', 'https://x.example/', NOW + 1)
    jar.set('older=1; Path=/', 'https://x.example/', NOW - 1000)
    expect(header(jar, 'https://x.example/a/b/c')).toBe('long=1; older=1; short=1')
  })

  it('replaces a cookie with the same name, domain and path, keeping its creation time', () => {
    const jar = new CookieJar()
    jar.set('a=1', 'https://x.example/', NOW)
    const replaced = jar.set('a=2', 'https://x.example/', NOW + 5000)
    expect(header(jar, 'https://x.example/')).toBe('a=2')
    expect(replaced?.created).toBe(NOW)
    expect(jar.size).toBe(1)
  })

  it('an expiry in the past deletes the cookie; expired cookies are not sent', () => {
    const jar = new CookieJar()
    jar.set('a=1', 'https://x.example/', NOW)
    jar.set('b=1; Max-Age=10', 'https://x.example/', NOW)
    jar.set('a=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'https://x.example/', NOW)
    expect(header(jar, 'https://x.example/')).toBe('b=1')
    expect(jar.cookieHeader('https://x.example/', NOW + 11_000)).toBe('')
  })

  it('keeps HttpOnly and SameSite', () => {
    const jar = new CookieJar()
    jar.set('a=1; HttpOnly; SameSite=Strict', 'https://x.example/', NOW)
    expect(jar.get('https://x.example/', NOW)[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  it('survives toJSON → fromJSON with the same Cookie header (also through a string)', async () => {
    const jar = new CookieJar()
    jar.set('a=1; Path=/', 'https://x.example/', NOW)
    await jar.store('b=2; Domain=x.example; Max-Age=3600', 'https://x.example/', NOW)
    const restored = CookieJar.fromJSON(JSON.parse(JSON.stringify(jar)), NOW)
    expect(header(restored, 'https://www.x.example/')).toBe(header(jar, 'https://www.x.example/'))
    expect(header(CookieJar.fromJSON(JSON.stringify(jar), NOW), 'https://x.example/')).toBe('a=1; b=2')
  })

  it('fromJSON drops expired cookies and rejects foreign input', () => {
    const jar = new CookieJar()
    jar.set('b=2; Max-Age=1', 'https://x.example/', NOW)
    expect(CookieJar.fromJSON(jar.toJSON(), NOW + 5000).size).toBe(0)
    expect(() => CookieJar.fromJSON({ nope: true } as never)).toThrow(TypeError)
  })

  it('clear() empties the jar or one domain', () => {
    const jar = new CookieJar()
    jar.set('a=1', 'https://a.example/', NOW)
    jar.set('b=1', 'https://b.example/', NOW)
    jar.clear('a.example')
    expect(jar.size).toBe(1)
    jar.clear()
    expect(jar.size).toBe(0)
  })

  it('a host-only and a domain cookie of the same name and path are two cookies (RFC 6265bis §5.7 step 23)', async () => {
    const jar = new CookieJar()
    jar.set('a=host', 'https://example.com/', NOW)
    await jar.store('a=domain; Domain=example.com', 'https://example.com/', NOW + 1)
    expect(header(jar, 'https://example.com/')).toBe('a=host; a=domain')
    expect(header(jar, 'https://www.example.com/')).toBe('a=domain')
  })

  it('a Domain equal to an IP host makes a host-only cookie, without the suffix list', () => {
    const jar = new CookieJar()
    expect(jar.set('a=1; Domain=127.0.0.1', 'http://127.0.0.1:8080/', NOW)).toMatchObject({ hostOnly: true })
    expect(jar.set('b=1; Domain=0.0.1', 'http://127.0.0.1:8080/', NOW)).toBeUndefined()
  })

  it('hands out copies: changing a returned cookie changes nothing in the jar', () => {
    const jar = new CookieJar()
    const stored = jar.set('a=1', 'https://x.example/', NOW)
    if (stored) stored.value = 'changed'
    const sent = jar.get('https://x.example/', NOW)[0]
    if (sent) sent.path = '/elsewhere'
    expect(header(jar, 'https://x.example/')).toBe('a=1')
  })

  it('toJSON → fromJSON keeps which cookies were used last', () => {
    const jar = new CookieJar({ maxPerDomain: 3 })
    for (const name of ['a', 'b', 'c']) jar.set(`${name}=1; Path=/${name}`, 'https://x.example/', NOW)
    jar.get('https://x.example/a', NOW + 1000)
    const restored = CookieJar.fromJSON(JSON.stringify(jar), NOW + 2000, { maxPerDomain: 3 })
    restored.set('d=1; Path=/d', 'https://x.example/', NOW + 3000) // evicts b, the least recently used
    expect(restored.toJSON().cookies.map((cookie) => cookie.name)).toEqual(['a', 'c', 'd'])
  })

  it('fromJSON reads a null expiry (an older jar’s infinite Max-Age) as none', () => {
    const saved = { version: 1, cookies: [{ name: 'a', value: '1', domain: 'x.example', hostOnly: true, path: '/', secure: false, httpOnly: false, created: NOW, expires: null }] }
    expect(header(CookieJar.fromJSON(saved as never, NOW), 'https://x.example/')).toBe('a=1')
  })

  it('rejects a relative URL with a TypeError', () => {
    expect(() => new CookieJar().set('a=1', '/relative')).toThrow(/absolute URL/)
  })
})
