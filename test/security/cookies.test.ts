// Security review of the cookie jar (issue 17, items 6, 7, 8 and the
// Max-Age item): one test per finding, each of which failed before its fix,
// and regression tests for what already held. Pure jar code: runs in every
// project, except the timing comparisons where the runtime freezes its clock.
import { describe, expect, it } from 'vitest'
import { CookieJar } from '../../src/cookies/jar.js'
import { parseSetCookie, setCookieHeaders } from '../../src/cookies/parse.js'

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0)

/** workerd (like browsers' coarse timers) only advances its clock on I/O: no timing there. */
function clockAdvances(): boolean {
  const start = performance.now()
  let spin = 0
  while (performance.now() === start && spin < 5_000_000) spin++
  return performance.now() !== start
}
const frozenClock = !clockAdvances()

/**
 * How much slower `large` runs than `small`: each timed by calling it until
 * 20 ms have passed (workerd's clock ticks by whole milliseconds), the two
 * interleaved so both see the same load, the best of five rounds each (the
 * machine is shared).
 */
function slowdown(small: () => void, large: () => void): number {
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]
  for (let round = 0; round < 5; round++) {
    for (const [i, work] of [small, large].entries()) {
      const start = performance.now()
      let runs = 0
      let elapsed = 0
      do {
        work()
        runs++
        elapsed = performance.now() - start
      } while (elapsed < 20)
      best[i] = Math.min(best[i] as number, elapsed / runs)
    }
  }
  return (best[1] as number) / (best[0] as number)
}

describe('finding 6: plain http cannot touch Secure cookies (RFC 6265bis §5.7 steps 13, 16, 20–22)', () => {
  it('an http response cannot overwrite, delete or shadow a Secure cookie, nor set one', async () => {
    const jar = new CookieJar()
    jar.set('sid=good; Secure; Path=/', 'https://example.com/', NOW)
    await jar.store('pref=dom; Secure; Domain=example.com; Path=/app', 'https://example.com/', NOW)
    const attacks = [
      'sid=evil; Path=/', // overwrite
      'sid=; Path=/; Max-Age=0', // delete
      'sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', // delete
      'sid=evil; Path=/account', // shadow: a longer path is sent first
      'sid=evil; Domain=example.com; Path=/', // shadow: the same name as a domain cookie
      'pref=evil; Path=/app/x', // shadow from the host itself
    ]
    for (const attack of attacks) expect(await jar.store(attack, 'http://example.com/', NOW), attack).toBeUndefined()
    // From a subdomain over http: its host-only cookie would reach it before the domain cookie.
    expect(jar.set('pref=evil; Path=/app', 'http://www.example.com/', NOW)).toBeUndefined()
    expect(jar.set('t=1; Secure', 'http://example.com/', NOW)).toBeUndefined()
    expect(jar.cookieHeader('https://example.com/account', NOW)).toBe('sid=good')
    expect(jar.cookieHeader('https://www.example.com/app/x', NOW)).toBe('pref=dom')
    // What the draft still allows: other names, and paths the Secure cookie does not cover.
    expect(jar.set('other=1', 'http://example.com/', NOW)).toBeDefined()
    expect(jar.set('pref=plain; Path=/', 'http://example.com/', NOW)).toBeDefined()
    expect(jar.set('sid=x', 'http://unrelated.example/', NOW)).toBeDefined()
    // Loopback counts as a secure origin (as in browsers).
    jar.set('dev=1; Secure', 'http://127.0.0.1:8080/', NOW)
    expect(jar.set('dev=2', 'http://127.0.0.1:8080/', NOW)).toBeDefined()
    expect(jar.cookieHeader('http://127.0.0.1:8080/', NOW)).toBe('dev=2')
  })

  it('enforces the __Secure- and __Host- prefixes, case-insensitively (§4.1.3, §5.7 steps 20–22)', async () => {
    const jar = new CookieJar()
    const refused: Array<[string, string]> = [
      ['__Secure-a=1', 'https://example.com/'],
      ['__secure-a=1', 'https://example.com/'],
      ['__SECURE-a=1; Path=/', 'https://example.com/'],
      ['__Secure-a=1; Secure', 'http://example.com/'],
      ['__Host-a=1; Path=/', 'https://example.com/'],
      ['__Host-a=1; Secure', 'https://example.com/'], // no Path attribute
      ['__Host-a=1; Secure; Path=/x', 'https://example.com/x/y'],
      ['__Host-a=1; Secure; Path=/; Domain=example.com', 'https://example.com/'],
      ['__host-a=1; Secure; Path=/; Domain=example.com', 'https://example.com/'],
      ['__HoSt-a=1; Path=/', 'https://example.com/'],
      ['=__Host-a=1', 'https://example.com/'], // a nameless cookie serialises as its value
      ['=__secure-a=1', 'https://example.com/'],
    ]
    for (const [header, url] of refused) expect(await jar.store(header, url, NOW), header).toBeUndefined()
    expect(jar.size).toBe(0)
    expect(jar.set('__Secure-a=1; Secure', 'https://example.com/', NOW)).toBeDefined()
    expect(jar.set('__Host-b=1; Secure; Path=/', 'https://example.com/', NOW)).toBeDefined()
    expect(jar.set('__host-c=1; Secure; Path=/', 'http://127.0.0.1/', NOW)).toBeDefined()
    expect(jar.cookieHeader('https://example.com/', NOW)).toBe('__Secure-a=1; __Host-b=1')
  })
})

describe('finding 7: public suffixes are refused as cookie domains (RFC 6265bis §5.7 step 9)', () => {
  it('refuses a Domain that is a public suffix (ICANN, PRIVATE, wildcard), unless it is the host itself', async () => {
    const jar = new CookieJar()
    const refused: Array<[string, string]> = [
      ['a=1; Domain=co.uk', 'https://example.co.uk/'],
      ['a=1; Domain=.co.uk', 'https://www.example.co.uk/'],
      ['a=1; Domain=uk', 'https://example.co.uk/'],
      ['a=1; Domain=github.io', 'https://user.github.io/'],
      ['a=1; Domain=herokuapp.com', 'https://app.herokuapp.com/'],
      ['a=1; Domain=com.', 'https://example.com./'],
      ['a=1; Domain=foo.ck', 'https://a.foo.ck/'], // *.ck
      ['a=1; Domain=com', 'https://example.com/'],
    ]
    for (const [header, url] of refused) expect(await jar.store(header, url, NOW), `${header} from ${url}`).toBeUndefined()
    expect(jar.size).toBe(0)

    // Registrable domains still work, including under an exception rule (!www.ck).
    expect(await jar.store('a=1; Domain=example.co.uk', 'https://www.example.co.uk/', NOW)).toMatchObject({ hostOnly: false })
    expect(await jar.store('b=1; Domain=www.ck', 'https://a.www.ck/', NOW)).toMatchObject({ domain: 'www.ck', hostOnly: false })
    expect(jar.cookieHeader('https://shop.example.co.uk/', NOW)).toBe('a=1')
    expect(jar.cookieHeader('https://b.www.ck/', NOW)).toBe('b=1')

    // A public suffix that is the host itself: the cookie becomes host-only (§5.7 step 9.1).
    expect(await jar.store('c=1; Domain=github.io', 'https://github.io/', NOW)).toMatchObject({ hostOnly: true })
    expect(jar.cookieHeader('https://github.io/', NOW)).toBe('c=1')
    expect(jar.cookieHeader('https://victim.github.io/', NOW)).toBe('')

    // Once the list is loaded, the synchronous set() applies it too.
    expect(jar.set('d=1; Domain=github.io', 'https://evil.github.io/', NOW)).toBeUndefined()
  })
})

describe('finding 8: the jar is bounded and its lookups are indexed', () => {
  it('refuses a cookie whose name and value exceed 4096 characters', () => {
    const jar = new CookieJar()
    expect(jar.set(`a=${'x'.repeat(4095)}`, 'https://example.com/', NOW)).toBeDefined()
    expect(jar.set(`b=${'x'.repeat(4096)}`, 'https://example.com/', NOW)).toBeUndefined()
    expect(jar.set(`${'n'.repeat(4000)}=${'x'.repeat(97)}`, 'https://example.com/', NOW)).toBeUndefined()
    expect(jar.size).toBe(1)
  })

  it('keeps at most 180 cookies per domain and 3000 in all, evicting the least recently used (expired first)', () => {
    const jar = new CookieJar()
    jar.set('expired=1; Max-Age=10', 'https://a.example/', NOW)
    for (let i = 0; i < 179; i++) jar.set(`c${i}=1`, 'https://a.example/', NOW)
    jar.cookieHeader('https://a.example/', NOW + 60_000) // reads (and so keeps) every live cookie
    jar.set('late=1', 'https://a.example/', NOW + 60_000)
    // The full domain dropped the expired cookie first, then the least recently used.
    expect(jar.size).toBe(180)
    jar.get('https://a.example/', NOW + 60_000).length
    for (let i = 0; i < 5; i++) jar.set(`more${i}=1`, 'https://a.example/', NOW + 60_000)
    const names = jar.get('https://a.example/', NOW + 60_000).map((cookie) => cookie.name)
    expect(names).toHaveLength(180)
    expect(names).not.toContain('expired')
    expect(names).toContain('more4')

    const big = new CookieJar()
    big.set('keep=1', 'https://site.example/', NOW)
    for (let i = 0; i < 3100; i++) {
      big.set(`c=${i}`, `https://h${i}.example/`, NOW)
      if (i % 100 === 0) big.get('https://site.example/', NOW) // used all along: survives
    }
    expect(big.size).toBe(3000)
    expect(big.cookieHeader('https://site.example/', NOW)).toBe('keep=1')
    expect(big.cookieHeader('https://h0.example/', NOW)).toBe('') // least recently used: evicted
    expect(big.cookieHeader('https://h3099.example/', NOW)).toBe('c=3099')
  })

  it('the limits are options of the jar, validated', () => {
    const jar = new CookieJar({ maxCookies: 3, maxPerDomain: 2, maxCookieSize: 10 })
    for (const name of ['a', 'b', 'c']) jar.set(`${name}=1`, 'https://a.example/', NOW)
    expect(jar.size).toBe(2)
    jar.set('d=1', 'https://b.example/', NOW)
    jar.set('e=1', 'https://c.example/', NOW)
    expect(jar.size).toBe(3)
    expect(jar.set('long=1234567', 'https://a.example/', NOW)).toBeUndefined()
    expect(() => new CookieJar({ maxCookies: 0 })).toThrow(RangeError)
    expect(() => new CookieJar({ maxPerDomain: 1.5 })).toThrow(/maxPerDomain/)
  })

  it.skipIf(frozenClock)('a lookup does not scan the whole jar', () => {
    const small = new CookieJar()
    const full = new CookieJar()
    for (const jar of [small, full]) jar.set('a=1', 'https://www.example.com/', NOW)
    for (let i = 0; i < 2999; i++) full.set(`c=${i}`, `https://h${i}.other.example/`, NOW)
    const url = new URL('https://www.example.com/a')
    const lookups = (jar: CookieJar) => () => {
      for (let i = 0; i < 300; i++) jar.cookieHeader(url, NOW)
    }
    // Scanning the 3000 cookies measured ~120× here; the index keeps it ~1–4×.
    expect(slowdown(lookups(small), lookups(full))).toBeLessThan(20)
  })
})

describe('Max-Age beyond what a date holds', () => {
  it('a huge Max-Age survives toJSON → fromJSON (capped at 400 days, RFC 6265bis §5.6.2)', () => {
    const jar = new CookieJar()
    jar.set(`a=1; Max-Age=${'9'.repeat(400)}`, 'https://example.com/', NOW)
    jar.set('b=1; Max-Age=99999999999999', 'https://example.com/', NOW)
    jar.set('c=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT', 'https://example.com/', NOW)
    const restored = CookieJar.fromJSON(JSON.parse(JSON.stringify(jar)), NOW + 1000)
    expect(restored.cookieHeader('https://example.com/', NOW + 1000)).toBe('a=1; b=1; c=1')
    const limit = NOW + 400 * 24 * 3600 * 1000
    expect(restored.get('https://example.com/', NOW).map((cookie) => cookie.expires)).toEqual([limit, limit, limit])
  })
})

describe('what already held (regression tests)', () => {
  it('cookie names like __proto__ and constructor pollute nothing, in the jar or through JSON', () => {
    const jar = new CookieJar()
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      expect(jar.set(`${name}=x`, 'https://example.com/', NOW)).toMatchObject({ name, value: 'x' })
    }
    expect(jar.cookieHeader('https://example.com/', NOW)).toBe('__proto__=x; constructor=x; prototype=x; toString=x; hasOwnProperty=x')
    const text = JSON.stringify(jar)
    const restored = CookieJar.fromJSON(text, NOW)
    expect(restored.cookieHeader('https://example.com/', NOW)).toBe(jar.cookieHeader('https://example.com/', NOW))
    // A saved jar edited to carry __proto__ keys restores plain cookies.
    const crafted =
      '{"version":1,"__proto__":{"polluted":1},"cookies":[{"name":"a","value":"1","domain":"example.com","hostOnly":true,"path":"/",' +
      '"secure":false,"httpOnly":false,"created":1,"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]}'
    const cookie = CookieJar.fromJSON(crafted, NOW).get('https://example.com/', NOW)[0]
    expect(cookie?.value).toBe('1')
    expect(Object.getPrototypeOf(cookie)).toBe(Object.prototype)
    expect(Object.keys(cookie ?? {})).not.toContain('__proto__')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('a Secure cookie is not sent over http to a non-loopback host', async () => {
    const jar = new CookieJar()
    await jar.store('s=1; Secure; Domain=example.com', 'https://example.com/', NOW)
    await jar.store('p=1; Domain=example.com', 'https://example.com/', NOW)
    expect(jar.cookieHeader('https://www.example.com/', NOW)).toBe('s=1; p=1')
    expect(jar.cookieHeader('http://www.example.com/', NOW)).toBe('p=1')
    expect(jar.cookieHeader('ws://example.com/', NOW)).toBe('p=1')
  })

  it.skipIf(frozenClock)('the Set-Cookie parser is linear in its input', () => {
    const shapes: Array<[string, (size: number) => string]> = [
      ['many attributes', (size) => `a=b${'; x=y'.repeat(size / 5)}`],
      ['a long value', (size) => `a=${'v'.repeat(size)}`],
      ['a long Expires date', (size) => `a=b; Expires=${'1 '.repeat(size / 2)}`],
      ['a long Max-Age', (size) => `a=b; Max-Age=${'9'.repeat(size)}`],
      ['many empty attributes', (size) => `a=b${';'.repeat(size)}`],
    ]
    for (const [shape, make] of shapes) {
      const small = make(50_000)
      const large = make(400_000)
      // 8× the input: linear is ~8× (measured 5–10× on a loaded machine), quadratic ~64×.
      expect(slowdown(() => parseSetCookie(small, NOW), () => parseSetCookie(large, NOW)), shape).toBeLessThan(40)
    }
    const joined = (size: number) => ({ get: () => `a=1, ${', b'.repeat(size / 3)}`, getSetCookie: undefined }) as unknown as Headers
    const [small, large] = [joined(50_000), joined(400_000)]
    expect(slowdown(() => setCookieHeaders(small), () => setCookieHeaders(large)), 'a joined header').toBeLessThan(40)
  })
})
