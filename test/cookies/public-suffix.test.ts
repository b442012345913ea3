// The Public Suffix List the jar checks Domain attributes against: the nested
// encoding, the list's algorithm, agreement with tldts (the devDependency the
// table is generated from), and the lazy load.
import { getPublicSuffix } from 'tldts'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { RULES } from '../../src/cookies/public-suffix-data.js'
import { isPublicSuffix, loadPublicSuffixes, parseRules } from '../../src/cookies/public-suffix.js'

describe('loading', () => {
  // First in the file: browser mode cannot instantiate a module twice, so
  // there vi.resetModules() gives a fresh list only before any test loaded it.
  it('loads the list only when a Set-Cookie carries a Domain attribute', async (context) => {
    vi.resetModules()
    const suffixes = await import('../../src/cookies/public-suffix.js')
    if (suffixes.publicSuffixesLoaded()) context.skip()
    const { CookieJar } = await import('../../src/cookies/jar.js')
    const jar = new CookieJar()
    jar.set('a=1; Path=/', 'https://example.com/')
    await jar.store('b=1', 'https://example.com/')
    await jar.store('c=1; Domain=127.0.0.1', 'http://127.0.0.1/') // an IP host needs no list
    jar.cookieHeader('https://example.com/')
    expect(suffixes.publicSuffixesLoaded()).toBe(false)
    expect(() => jar.set('d=1; Domain=example.com', 'https://www.example.com/')).toThrow(/jar\.store/)
    expect(await jar.store('d=1; Domain=example.com', 'https://www.example.com/')).toMatchObject({ hostOnly: false })
    expect(suffixes.publicSuffixesLoaded()).toBe(true)
    expect(jar.set('e=1; Domain=example.com', 'https://www.example.com/')).toBeDefined()
  })

  it('CookieJar.loadPublicSuffixList() lets set() take Domain cookies synchronously', async () => {
    vi.resetModules()
    const { CookieJar } = await import('../../src/cookies/jar.js')
    await CookieJar.loadPublicSuffixList()
    expect(new CookieJar().set('a=1; Domain=example.co.uk', 'https://www.example.co.uk/')).toMatchObject({ domain: 'example.co.uk' })
  })
})

describe('parseRules', () => {
  it.each<[string, string[]]>([
    ['com', ['com']],
    ['uk(co,gov),com', ['uk', 'co.uk', 'gov.uk', 'com']],
    ['jp(kawasaki(*,!city),aichi(toyota)),ck(*,!www)', ['jp', 'kawasaki.jp', '*.kawasaki.jp', '!city.kawasaki.jp', 'aichi.jp', 'toyota.aichi.jp', 'ck', '*.ck', '!www.ck']],
    ['com(?amazonaws(?compute(*)))', ['com', '*.compute.amazonaws.com']],
    ['', []],
  ])('%j', (text, rules) => {
    expect([...parseRules(text)].sort()).toEqual([...rules].sort())
  })
})

describe('isPublicSuffix', () => {
  beforeAll(() => loadPublicSuffixes())

  it.each<[string, boolean]>([
    ['com', true],
    ['com.', true],
    ['co.uk', true],
    ['example.co.uk', false],
    ['github.io', true], // PRIVATE section
    ['user.github.io', false],
    ['herokuapp.com', true],
    ['foo.ck', true], // *.ck
    ['www.ck', false], // !www.ck
    ['a.www.ck', false],
    ['city.kawasaki.jp', false], // !city.kawasaki.jp
    ['other.kawasaki.jp', true], // *.kawasaki.jp
    ['unlisted', true], // the implicit * rule
    ['example.unlisted', false],
    ['xn--55qx5d.cn', true], // 公司.cn, in punycode like a URL's host
    ['', true],
  ])('%j is %s', (domain, expected) => {
    expect(isPublicSuffix(domain)).toBe(expected)
  })

  it('agrees with tldts on every rule of the list, and on a name under each', () => {
    const wrong: string[] = []
    for (const rule of parseRules(RULES)) {
      const name = rule.replace(/^[!*]\.?/, (mark) => (mark === '!' ? '' : 'x.'))
      for (const domain of [name, `sub.${name}`]) {
        const expected = getPublicSuffix(domain, { allowPrivateDomains: true }) === domain
        if (isPublicSuffix(domain) !== expected) wrong.push(domain)
      }
    }
    expect(wrong).toEqual([])
  })
})
