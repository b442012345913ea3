import { describe, expect, it } from 'vitest'
import { isBrowserLike, MOCK } from '../helpers.js'

// Browsers turn `redirect: 'manual'` into an opaque response: Location is
// only readable in Node and workerd. The following tests run everywhere.
describe.skipIf(isBrowserLike)('redirect Locations', () => {
  it.each([
    ['/redirect/1', '/get'],
    ['/redirect/3', '/relative-redirect/2'],
    ['/redirect/2?absolute=true', `${MOCK}/absolute-redirect/1`],
    ['/relative-redirect/2', '/relative-redirect/1'],
    ['/relative-redirect/1', '/get'],
    ['/absolute-redirect/3', `${MOCK}/absolute-redirect/2`],
    ['/absolute-redirect/1', `${MOCK}/get`],
  ])('%s answers 302 to %s', async (path, location) => {
    const response = await fetch(`${MOCK}${path}`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(location)
  })

  it.each([
    ['307', 307],
    ['301', 301],
    ['200', 302],
    ['oops', 302],
  ])('/redirect-to with status_code=%s answers %i', async (code, status) => {
    const target = 'https://example.com/landing?x=1'
    const response = await fetch(`${MOCK}/redirect-to?url=${encodeURIComponent(target)}&status_code=${code}`, {
      redirect: 'manual',
    })
    expect(response.status).toBe(status)
    expect(response.headers.get('location')).toBe(target)
  })

  it('/redirect-to percent-encodes a target that is not ASCII', async () => {
    const response = await fetch(`${MOCK}/redirect-to?url=${encodeURIComponent('/anything/ü x')}`, { redirect: 'manual' })
    expect(response.headers.get('location')).toBe('/anything/%C3%BC%20x')
  })
})

describe('following redirects', () => {
  it.each(['/redirect/3', '/relative-redirect/3', '/absolute-redirect/3'])('%s ends at /get', async (path) => {
    const response = await fetch(`${MOCK}${path}`)
    expect(response.status).toBe(200)
    expect(response.redirected).toBe(true)
    expect(response.url).toBe(`${MOCK}/get`)
  })

  // Not 307: msw's Node fetch interceptor refuses to replay a request body on
  // a followed 307/308 (undici would), so a POST there fails with "Failed to fetch".
  it('/redirect-to with 303 turns a followed POST into a GET', async () => {
    const target = encodeURIComponent(`${MOCK}/anything`)
    const response = await fetch(`${MOCK}/redirect-to?url=${target}&status_code=303`, { method: 'POST', body: 'dropped' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ method: 'GET', data: '' })
  })

  it.each(['/redirect/0', '/relative-redirect/x', '/redirect-to'])('%s is a 400', async (path) => {
    expect((await fetch(`${MOCK}${path}`)).status).toBe(400)
  })
})
