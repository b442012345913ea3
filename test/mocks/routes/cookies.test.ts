import { describe, expect, it } from 'vitest'
import { handlers } from '../../../mocks/index.js'
import { parseCookieHeader } from '../../../mocks/routes/cookies.js'
import { useHandlers } from '../../support/mock.js'
import { getJson, isBrowserLike, MOCK } from '../helpers.js'

describe('/cookies', () => {
  // Browsers own the Cookie header; elsewhere the test can send one.
  it.skipIf(isBrowserLike)('echoes the cookies the request carries', async () => {
    const { body } = await getJson('/cookies', { headers: { cookie: 'a=1; b="two"; a=ignored' } })
    expect(body).toEqual({ cookies: { a: '1', b: 'two' } })
  })

  it('answers with an empty object when there are none', async () => {
    expect((await getJson('/cookies', { credentials: 'omit' })).body).toEqual({ cookies: {} })
  })
})

// Set-Cookie is a forbidden response header in browsers, and they answer
// `redirect: 'manual'` with an opaque response: these run in Node and workerd.
describe.skipIf(isBrowserLike)('setting and deleting cookies', () => {
  it('/cookies/set sets each query pair with Path=/ and redirects to /cookies', async () => {
    const response = await fetch(`${MOCK}/cookies/set?a=1&b=two%20words`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/cookies')
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=two%20words; Path=/'])
  })

  it('/cookies/set/:name/:value sets one cookie', async () => {
    const response = await fetch(`${MOCK}/cookies/set/session/abc`, { redirect: 'manual' })
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/'])
  })

  it('/cookies/delete expires each named cookie and redirects to /cookies', async () => {
    const response = await fetch(`${MOCK}/cookies/delete?a&b`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/cookies')
    expect(response.headers.getSetCookie()).toEqual([
      'a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
      'b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ])
  })

  it('marks cookies Secure over https, as httpbin does', async () => {
    useHandlers(...handlers)
    const response = await fetch('https://httpbin.org/cookies/set?a=1', { redirect: 'manual' })
    expect(response.headers.getSetCookie()).toEqual(['a=1; Secure; Path=/'])
  })

  it('is stateless: a cookie set earlier is not sent back unless the client sends it', async () => {
    await fetch(`${MOCK}/cookies/set?leak=1`, { redirect: 'manual' })
    expect((await getJson('/cookies')).body).toEqual({ cookies: {} })
  })
})

describe('parseCookieHeader', () => {
  it.each([
    [null, {}],
    ['', {}],
    ['a=1', { a: '1' }],
    ['a=1;b=2', { a: '1', b: '2' }],
    ['a = 1 ; junk ; b=x=y', { a: '1', b: 'x=y' }],
    ['a=1; a=2', { a: '1' }],
    ['q="quoted"', { q: 'quoted' }],
    ['__proto__=x', { ['__proto__']: 'x' }],
  ])('parses %j', (header, expected) => {
    const parsed = parseCookieHeader(header)
    expect(parsed).toEqual(expected)
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
  })
})
