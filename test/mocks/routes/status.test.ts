import { describe, expect, it } from 'vitest'
import { pickStatus } from '../../../mocks/routes/status.js'
import { isBrowserLike, MOCK } from '../helpers.js'

describe('/status/:codes', () => {
  it.each([200, 201, 204, 400, 404, 418, 429, 500, 503, 599])('answers %i with an empty body', async (code) => {
    const response = await fetch(`${MOCK}/status/${code}`, { method: code % 2 === 0 ? 'GET' : 'POST' })
    expect(response.status).toBe(code)
    expect(await response.text()).toBe('')
  })

  it.skipIf(isBrowserLike).each([301, 302, 303, 307])('answers %i with a Location of /redirect/1', async (code) => {
    const response = await fetch(`${MOCK}/status/${code}`, { redirect: 'manual' })
    expect(response.status).toBe(code)
    expect(response.headers.get('location')).toBe('/redirect/1')
  })

  it('leads a followed 302 through /redirect/1 to /get', async () => {
    const response = await fetch(`${MOCK}/status/302`)
    expect(response.status).toBe(200)
    expect(response.url).toBe(`${MOCK}/get`)
  })

  it('answers 401 with a Basic challenge and 407 with a proxy one', async () => {
    expect((await fetch(`${MOCK}/status/401`)).headers.get('www-authenticate')).toBe('Basic realm="Fake Realm"')
    expect((await fetch(`${MOCK}/status/407`)).headers.get('proxy-authenticate')).toBe('Basic realm="Fake Realm"')
  })

  it('picks one of comma-separated codes, honouring weights', async () => {
    const seen = new Set<number>()
    for (let index = 0; index < 20; index += 1) seen.add((await fetch(`${MOCK}/status/500,502`)).status)
    expect([...seen].every((code) => code === 500 || code === 502)).toBe(true)
    for (let index = 0; index < 5; index += 1) expect((await fetch(`${MOCK}/status/200:0,503:1`)).status).toBe(503)
  })

  it.each(['abc', '99', '600', '200:x', '200,'])('rejects %s with 400', async (codes) => {
    expect((await fetch(`${MOCK}/status/${codes}`)).status).toBe(400)
  })
})

describe('pickStatus', () => {
  it.each([
    ['200', 0.99, 200],
    ['200,500', 0.49, 200],
    ['200,500', 0.5, 500],
    ['200:3,500:1', 0.74, 200],
    ['200:3,500:1', 0.76, 500],
    [' 201 , 202 ', 0.9, 202],
    ['100', 0, null],
    ['200:-1', 0, null],
    ['', 0, null],
  ])('picks from %j at %d: %s', (spec, random, expected) => {
    expect(pickStatus(spec, () => random)).toBe(expected)
  })
})
