import { describe, expect, it } from 'vitest'
import { getJson, MOCK } from '../helpers.js'

describe('documents', () => {
  it('/json serves httpbin\'s slideshow', async () => {
    const { status, headers, body } = await getJson('/json')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/json')
    expect(body).toMatchObject({
      slideshow: {
        author: 'Yours Truly',
        title: 'Sample Slide Show',
        slides: [{ title: 'Wake up to WonderWidgets!', type: 'all' }, { title: 'Overview', type: 'all' }],
      },
    })
  })

  it.each([
    ['/html', 'text/html; charset=utf-8', '<h1>Herman Melville - Moby-Dick</h1>'],
    ['/xml', 'application/xml', '<slideshow'],
    ['/encoding/utf8', 'text/html; charset=utf-8', 'UTF-8 encoded sample plain-text file'],
  ])('%s is %s', async (path, contentType, snippet) => {
    const response = await fetch(`${MOCK}${path}`)
    expect(response.headers.get('content-type')).toBe(contentType)
    expect(await response.text()).toContain(snippet)
  })

  it('/encoding/utf8 holds 2-, 3- and 4-byte characters, counted in bytes by Content-Length', async () => {
    const response = await fetch(`${MOCK}/encoding/utf8`)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    expect(text).toContain('Größe')
    expect(text).toContain('日本語')
    expect(text).toContain('🚀')
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength)
    expect(bytes.byteLength).toBeGreaterThan(text.length)
  })
})

describe('/response-headers', () => {
  it('sets the query pairs as headers and echoes them, with a truthful Content-Length', async () => {
    const response = await fetch(`${MOCK}/response-headers?X-Thing=1&X-Thing=2&Server=mock`)
    const text = await response.text()
    expect(response.headers.get('x-thing')).toBe('1, 2')
    expect(response.headers.get('server')).toBe('mock')
    expect(JSON.parse(text)).toEqual({
      'Content-Length': String(new TextEncoder().encode(text).byteLength),
      'Content-Type': 'application/json',
      Server: 'mock',
      'X-Thing': ['1', '2'],
    })
    expect(response.headers.get('content-length')).toBe(String(new TextEncoder().encode(text).byteLength))
  })

  it('lets the query replace the Content-Type', async () => {
    const response = await fetch(`${MOCK}/response-headers?Content-Type=text/plain`, { method: 'POST' })
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(JSON.parse(await response.text())).toMatchObject({ 'Content-Type': 'text/plain' })
  })

  it('answers an invalid header name with 400', async () => {
    expect((await fetch(`${MOCK}/response-headers?bad%20name=1`)).status).toBe(400)
  })
})

describe('/cache', () => {
  it('answers an unconditional request with the /get shape, Last-Modified and a fresh ETag', async () => {
    const first = await getJson('/cache')
    const second = await getJson('/cache')
    expect(Object.keys(first.body).sort()).toEqual(['args', 'headers', 'origin', 'url'])
    expect(Number.isNaN(Date.parse(first.headers.get('last-modified') ?? ''))).toBe(false)
    expect(first.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'))
  })

  it.each([
    ['if-none-match', '"anything"'],
    ['if-modified-since', 'Wed, 21 Oct 2015 07:28:00 GMT'],
  ])('answers a request with %s with 304 and no body', async (name, value) => {
    const response = await fetch(`${MOCK}/cache`, { headers: { [name]: value } })
    expect(response.status).toBe(304)
    expect(await response.text()).toBe('')
  })

  it('/cache/:n adds Cache-Control with max-age n', async () => {
    const response = await fetch(`${MOCK}/cache/60`)
    expect(response.headers.get('cache-control')).toBe('public, max-age=60')
  })
})

describe('/etag/:etag', () => {
  it.each([
    ['no condition', {}, 200],
    ['a matching If-None-Match', { 'if-none-match': '"abc"' }, 304],
    ['a weak matching If-None-Match in a list', { 'if-none-match': '"x", W/"abc"' }, 304],
    ['If-None-Match: *', { 'if-none-match': '*' }, 304],
    ['another If-None-Match', { 'if-none-match': '"other"' }, 200],
    ['a matching If-Match', { 'if-match': '"abc"' }, 200],
    ['If-Match: *', { 'if-match': '*' }, 200],
    ['another If-Match', { 'if-match': '"other"' }, 412],
    ['If-None-Match taking precedence over If-Match', { 'if-none-match': '"other"', 'if-match': '"other"' }, 200],
  ])('answers %s with %i', async (_, headers: Record<string, string>, status) => {
    const response = await fetch(`${MOCK}/etag/abc`, { headers })
    expect(response.status).toBe(status)
    if (status !== 412) expect(response.headers.get('etag')).toBe('"abc"')
  })
})
