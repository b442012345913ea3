// The httpbin mock itself (mocks/httpbin.ts, router.ts, echo.ts): request
// inspection, what every route does for HEAD/OPTIONS/wrong methods, base URLs.
// Route groups have their own files under test/mocks/routes/.
import { describe, expect, it } from 'vitest'
import { createHttpbin, handlers } from '../../mocks/index.js'
import { useHandlers } from '../support/mock.js'
import { getJson, isBrowserLike, MOCK } from './helpers.js'

const MOCK_HOST = new URL(MOCK).host

describe('request inspection', () => {
  it('GET /get reports args (repeated keys as arrays), Title-Case headers, origin and url', async () => {
    const { status, body } = await getJson('/get?a=1&b=2&b=3', { headers: { 'x-custom-header': 'yes' } })
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['args', 'headers', 'origin', 'url'])
    expect(body).toMatchObject({
      args: { a: '1', b: ['2', '3'] },
      headers: { Host: MOCK_HOST, 'X-Custom-Header': 'yes' },
      origin: '127.0.0.1',
      url: `${MOCK}/get?a=1&b=2&b=3`,
    })
  })

  it('writes JSON like httpbin: sorted keys, two-space indent, trailing newline, Content-Length', async () => {
    const response = await fetch(`${MOCK}/get`)
    const text = await response.text()
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('content-length')).toBe(String(new TextEncoder().encode(text).byteLength))
    expect(text).toMatch(/^\{\n {2}"args": \{\},\n {2}"headers": \{/)
    expect(text.endsWith('}\n')).toBe(true)
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s echoes a JSON body as data and json', async (method) => {
    const path = `/${method.toLowerCase()}?q=1`
    const { status, body } = await getJson(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ b: 1, a: [true, null] }),
    })
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['args', 'data', 'files', 'form', 'headers', 'json', 'origin', 'url'])
    expect(body).toMatchObject({
      args: { q: '1' },
      data: '{"b":1,"a":[true,null]}',
      files: {},
      form: {},
      json: { a: [true, null], b: 1 },
      origin: '127.0.0.1',
      url: `${MOCK}${path}`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': '23' },
    })
  })

  it('parses an urlencoded body into form, with data empty and json null', async () => {
    const { body } = await getJson('/post', { method: 'POST', body: new URLSearchParams('x=1&y=2&y=3&name=J%C3%BCrgen') })
    expect(body).toMatchObject({ form: { x: '1', y: ['2', '3'], name: 'Jürgen' }, data: '', json: null, files: {} })
  })

  it('splits a multipart body into form fields and files, binary files as data URLs', async () => {
    const form = new FormData()
    form.append('field', 'value')
    form.append('upload', new Blob(['file contents'], { type: 'text/plain' }), 'a.txt')
    form.append('binary', new Blob([new Uint8Array([0xff, 0x00])], { type: 'image/png' }), 'b.png')
    const { body } = await getJson('/post', { method: 'POST', body: form })
    expect(body).toMatchObject({
      form: { field: 'value' },
      files: { upload: 'file contents', binary: 'data:image/png;base64,/wA=' },
      data: '',
      json: null,
    })
  })

  it.each([
    ['text that is not JSON', 'not json', 'not json', null],
    ['bytes that are not UTF-8', new Uint8Array([0xc3, 0x28]), 'data:application/octet-stream;base64,wyg=', null],
    ['an empty body', '', '', null],
    ['a JSON scalar', '42', '42', 42],
  ])('reports %s in data, with json parsed or null', async (_, sent, data, json) => {
    const { body } = await getJson('/put', { method: 'PUT', body: sent })
    expect(body).toMatchObject({ data, json })
  })

  it.each([
    ['GET', '/anything'],
    ['POST', '/anything/deep/path?x=1'],
    ['DELETE', '/anything/x'],
  ])('%s %s answers with the method and the full url', async (method, path) => {
    const { status, body } = await getJson(path, { method })
    expect(status).toBe(200)
    expect(Object.keys(body)).toContain('method')
    expect(body).toMatchObject({ method, url: `${MOCK}${path}` })
  })

  it('/headers, /ip and /user-agent report just their piece', async () => {
    const init = { headers: { 'x-api-key': 'k' } }
    const headers = await getJson('/headers', init)
    expect(Object.keys(headers.body)).toEqual(['headers'])
    expect(headers.body.headers).toMatchObject({ Host: MOCK_HOST, 'X-Api-Key': 'k' })
    expect((await getJson('/ip')).body).toEqual({ origin: '127.0.0.1' })
    expect(Object.keys((await getJson('/user-agent')).body)).toEqual(['user-agent'])
  })

  it.skipIf(isBrowserLike)('/user-agent echoes the User-Agent the client sent', async () => {
    const { body } = await getJson('/user-agent', { headers: { 'user-agent': 'agent/1.0' } })
    expect(body).toEqual({ 'user-agent': 'agent/1.0' })
  })
})

describe('methods and CORS, as Flask answers every httpbin route', () => {
  it('answers a method the route does not take with 405 and Allow', async () => {
    const response = await fetch(`${MOCK}/get`, { method: 'POST', body: 'x' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  })

  it('answers HEAD on a GET route with its headers and no body', async () => {
    const response = await fetch(`${MOCK}/json`, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe('')
  })

  it('answers OPTIONS with the allowed methods', async () => {
    const response = await fetch(`${MOCK}/post`, { method: 'OPTIONS' })
    expect(response.status).toBe(200)
    expect(response.headers.get('allow')).toBe('POST, OPTIONS')
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS')
  })

  it('sends CORS headers and exposes every response header, so pages can read ETag or Retry-After', async () => {
    const response = await fetch(`${MOCK}/etag/abc`)
    expect(response.headers.get('access-control-allow-origin')).not.toBeNull()
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('access-control-expose-headers')).toContain('etag')
  })

  it.skipIf(isBrowserLike)('echoes the Origin and the requested headers in a preflight', async () => {
    const response = await fetch(`${MOCK}/post`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-headers': 'x-token' },
    })
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test')
    expect(response.headers.get('access-control-allow-headers')).toBe('x-token')
  })
})

describe('base URLs', () => {
  it('answers on https://httpbin.org through the default handlers, without DNS', async () => {
    useHandlers(...handlers)
    const response = await fetch('https://httpbin.org/get?via=default')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ url: 'https://httpbin.org/get?via=default', headers: { Host: 'httpbin.org' } })
  })

  it('keeps redirects under the path of a base URL, ignoring its trailing slash', async () => {
    const prefixed = createHttpbin({ baseUrl: 'http://127.0.0.1:59997/httpbin/' })
    expect(prefixed.baseUrl).toBe('http://127.0.0.1:59997/httpbin')
    useHandlers(...prefixed.handlers)
    const response = await fetch(`${prefixed.baseUrl}/redirect/2`)
    expect(response.url).toBe('http://127.0.0.1:59997/httpbin/get')
    expect(response.redirected).toBe(true)
  })

  it('builds a separate handler list per instance', () => {
    const one = createHttpbin()
    expect(one.baseUrl).toBe('https://httpbin.org')
    expect(one.handlers).not.toBe(handlers)
    expect(one.handlers.length).toBe(handlers.length)
  })
})
