import { describe, expect, it } from 'vitest'
import { applyHeaders, applyParams, buildUrl, prepareBody, takeCredentials } from '../src/prepare.js'
import type { ParamsInit } from '../src/types.js'

describe('buildUrl', () => {
  it.each([
    ['https://x/api/v1', 'users', 'https://x/api/v1/users'],
    ['https://x/api/v1', '/users', 'https://x/api/v1/users'],
    ['https://x/api/v1/', 'users', 'https://x/api/v1/users'],
    ['https://x/api/v1/', '/users', 'https://x/api/v1/users'],
    ['https://x/api/v1//', '//users', 'https://x/api/v1/users'],
    ['https://x/api/v1', '', 'https://x/api/v1'],
    ['https://x/api', 'users?page=2', 'https://x/api/users?page=2'],
    [new URL('https://x/api/'), 'users', 'https://x/api/users'],
  ])('joins baseUrl %s and %s with exactly one slash', (base, input, expected) => {
    expect(buildUrl(input, base).href).toBe(expected)
  })

  it('ignores baseUrl for an absolute input', () => {
    expect(buildUrl('http://127.0.0.1:8080/a', 'https://x/api').href).toBe('http://127.0.0.1:8080/a')
  })

  it('accepts a URL object and copies it', () => {
    const input = new URL('https://x/a')
    const built = buildUrl(input, undefined)
    built.pathname = '/b'
    expect(input.href).toBe('https://x/a')
  })

  // Invalid on every runtime (a browser resolves 'not a url' against the page,
  // and Chromium accepts a space in a host).
  it.each(['http://[oops/', 'http://', 'https://example.com:99999/'])('throws a TypeError containing the invalid input %j', (input) => {
    expect(() => buildUrl(input, undefined)).toThrow(TypeError)
    expect(() => buildUrl(input, undefined)).toThrow(JSON.stringify(input))
  })

  it('rejects an input that is neither a string nor a URL', () => {
    expect(() => buildUrl(42 as unknown as string, undefined)).toThrow(/url must be a string or a URL, got 42/)
  })

  it.each([
    ['http://user:pw-secret@/', undefined, 'Invalid URL: "http://***:***@/"'],
    ['x', 'http://user:pw-secret@', 'Invalid URL: "x" (baseUrl "http://***:***@")'],
    ['http://[oops/?api_key=pw-secret', undefined, 'Invalid URL: "http://[oops/?api_key=***"'],
  ])('an invalid URL echoes %j (baseUrl %j) without its secrets', (input, base, message) => {
    expect(() => buildUrl(input, base)).toThrow(TypeError)
    expect(() => buildUrl(input, base)).toThrow(message)
  })

  it.each([
    ['file:///etc/passwd', 'file:'],
    ['ftp://user:pw-secret@x/file', 'ftp:'],
    ['javascript:alert(1)', 'javascript:'],
    ['ws://x/socket', 'ws:'],
    ['about:blank', 'about:'],
    ['mailto:someone@example.com', 'mailto:'],
  ])('refuses %s: fetch speaks http: and https: (and data:, blob:)', (input, scheme) => {
    expect(() => buildUrl(input, undefined)).toThrow(TypeError)
    expect(() => buildUrl(input, undefined)).toThrow(`URL scheme "${scheme}" is not supported`)
    expect(() => buildUrl(new URL(input), undefined)).toThrow(`URL scheme "${scheme}" is not supported`)
    expect(() => buildUrl(input, undefined)).not.toThrow('pw-secret')
  })

  it('names the URL, redacted, when it refuses a scheme', () => {
    expect(() => buildUrl('ftp://user:pw-secret@x/file', undefined)).toThrow('"ftp://***:***@x/file"')
  })

  it('refuses a scheme that comes from baseUrl', () => {
    expect(() => buildUrl('passwd', 'file:///etc/')).toThrow('URL scheme "file:" is not supported')
  })

  it.each(['http://x/', 'HTTPS://x/', 'data:text/plain,hi', 'blob:https://x/0b5e-4a'])('accepts %s', (input) => {
    expect(buildUrl(input, undefined).href).toBe(new URL(input).href)
  })
})

describe('applyParams', () => {
  const cases: Array<[string, string, ParamsInit, string]> = [
    ['a record', 'https://x/s', { q: 'a b', page: 2, on: true }, 'https://x/s?q=a+b&page=2&on=true'],
    ['array values as repeated keys', 'https://x/s', { tag: ['a', 'b'] }, 'https://x/s?tag=a&tag=b'],
    ['null and undefined dropped', 'https://x/s', { a: null, b: undefined, c: 1 }, 'https://x/s?c=1'],
    ['tuples in order with repeats', 'https://x/s', [['b', 1], ['a', 2], ['b', 3]], 'https://x/s?b=1&a=2&b=3'],
    ['URLSearchParams', 'https://x/s', new URLSearchParams('x=1&x=2'), 'https://x/s?x=1&x=2'],
    ['a string verbatim', 'https://x/s', 'raw=a%20b&flag', 'https://x/s?raw=a%20b&flag'],
    ['a string with a leading ?', 'https://x/s', '?k=v', 'https://x/s?k=v'],
    ['after an existing query, kept verbatim', 'https://x/s?keep=a%20b', { add: 'c d' }, 'https://x/s?keep=a%20b&add=c+d'],
    ['before the fragment', 'https://x/s?a=1#top', { b: 2 }, 'https://x/s?a=1&b=2#top'],
    ['nothing for an empty record', 'https://x/s?a=1', {}, 'https://x/s?a=1'],
  ]
  it.each(cases)('appends %s', (_name, url, params, expected) => {
    const target = new URL(url)
    applyParams(target, params)
    expect(target.href).toBe(expected)
  })

  it('rejects an object value with a TypeError naming the key', () => {
    expect(() => applyParams(new URL('https://x'), { q: {} as unknown as string })).toThrow(/param "q"/)
  })
})

describe('applyHeaders', () => {
  it('sets, overrides case-insensitively and deletes on null or undefined', () => {
    const headers = new Headers({ 'X-A': '1', 'x-b': '2', 'x-c': '3' })
    applyHeaders(headers, { 'x-a': 'one', 'X-B': null, 'x-c': undefined, 'x-d': '4' })
    expect([...headers]).toEqual([['x-a', 'one'], ['x-d', '4']])
  })

  it('replaces an inherited header from tuples, then appends repeats', () => {
    const headers = new Headers({ accept: 'text/html' })
    applyHeaders(headers, [['Accept', 'a/b'], ['accept', 'c/d']])
    expect(headers.get('accept')).toBe('a/b, c/d')
  })

  it('takes a Headers object', () => {
    const headers = new Headers({ a: '1' })
    applyHeaders(headers, new Headers({ a: '2', b: '3' }))
    expect([...headers]).toEqual([['a', '2'], ['b', '3']])
  })
})

describe('takeCredentials', () => {
  it('removes user:pass from the URL and returns them decoded', () => {
    const url = new URL('https://al%20ice:p%40ss@x/path')
    expect(takeCredentials(url)).toEqual(['al ice', 'p@ss'])
    expect(url.href).toBe('https://x/path')
  })
  it('returns undefined when there are none', () => {
    expect(takeCredentials(new URL('https://x/'))).toBeUndefined()
  })
  it.each([
    ['user name', 'http://us%zzer:pw-secret@x/'],
    ['password', 'http://user:p%zz-secret@x/'],
  ])('a bad percent-escape in the %s is a TypeError naming the part, not echoing the password', (part, href) => {
    const error = catchError(() => takeCredentials(new URL(href)))
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain(`malformed %-escape in the ${part}`)
    expect((error as Error).message).toContain('http://***:***@x/')
    expect((error as Error).message).not.toContain('secret')
  })
})

describe('prepareBody', () => {
  const body = (method: string, options: Parameters<typeof prepareBody>[1], headers = new Headers()) => ({
    body: prepareBody(method, options, headers),
    headers,
  })

  it('serialises json and sets content-type', () => {
    const { body: sent, headers } = body('POST', { json: { a: [1, 'b'] } })
    expect(sent).toBe('{"a":[1,"b"]}')
    expect(headers.get('content-type')).toBe('application/json')
  })

  it('keeps a content-type the caller set', () => {
    const { headers } = body('POST', { json: 1 }, new Headers({ 'content-type': 'application/vnd.api+json' }))
    expect(headers.get('content-type')).toBe('application/vnd.api+json')
  })

  it.each([
    ['a BigInt', { n: 1n }, /json is not JSON-serialisable: .*BigInt/],
    ['a function', () => 1, /json is not JSON-serialisable: got a function/],
  ])('rejects json holding %s with a TypeError', (_name, value, message) => {
    expect(() => body('POST', { json: value })).toThrow(message)
  })

  it('rejects circular json with a TypeError', () => {
    const value: Record<string, unknown> = {}
    value.self = value
    expect(() => body('POST', { json: value })).toThrow(TypeError)
  })

  it('encodes form as URLSearchParams with the form content-type', () => {
    const { body: sent, headers } = body('POST', { form: { a: 'x y', b: [1, 2] } })
    expect(sent).toBeInstanceOf(URLSearchParams)
    expect(String(sent)).toBe('a=x+y&b=1&b=2')
    expect(headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
  })

  it('builds FormData from a multipart record without setting content-type', async () => {
    const { body: sent, headers } = body('POST', {
      multipart: { name: 'alice', file: new Blob(['hi'], { type: 'text/plain' }), named: [new Blob(['x']), 'a.txt'] },
    })
    expect(sent).toBeInstanceOf(FormData)
    const data = sent as FormData
    expect(data.get('name')).toBe('alice')
    expect(await (data.get('file') as Blob).text()).toBe('hi')
    // happy-dom 21's FormData drops the filename given to append() (its bug, not ours).
    const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
    expect((data.get('named') as File).name).toBe(happyDom ? 'blob' : 'a.txt')
    expect(headers.has('content-type')).toBe(false)
  })

  it('rejects a multipart value of the wrong type naming the field', () => {
    expect(() => body('POST', { multipart: { n: 1 as unknown as string } })).toThrow(/multipart field "n"/)
  })

  it('calls a body function for the body', () => {
    expect(body('PUT', { body: () => 'made' }).body).toBe('made')
  })

  it.each(['GET', 'HEAD'])('rejects a body on %s with a TypeError', (method) => {
    expect(() => body(method, { json: {} })).toThrow(`a ${method} request cannot have a body`)
  })

  it('allows GET without a body', () => {
    expect(body('GET', {}).body).toBeNull()
  })
})

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}
