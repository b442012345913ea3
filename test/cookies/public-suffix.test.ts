// The Public Suffix List the jar checks Domain attributes against: the nested
// encoding, the list's algorithm, agreement with tldts (the devDependency the
// table is generated from).
import { getPublicSuffix } from 'tldts'
import { beforeAll, describe, expect, it } from 'vitest'
import { RULES } from '../../src/cookies/public-suffix-data.js'
import { isPublicSuffix, loadPublicSuffixes, parseRules } from '../../src/cookies/public-suffix.js'

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
