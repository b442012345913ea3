// requests' tests/test_requests.py (requests 2.34.2, commit 1f6589e), ported:
// preparing a request — URLs, params, headers, bodies, files. Shared (every
// runtime), against the MSW mock httpbin. The rest of the suite is in
// requests-session.test.ts (shared) and test/node/ported-requests-httpbin.test.ts
// (Node, the real httpbin: redirects, cookies, digest, what goes on the wire).
//
// Counts for the whole of test_requests.py (test functions; a parametrized
// function counted once): see the table at the top of
// test/node/ported-requests-httpbin.test.ts.
import { describe, expect, it } from 'vitest'
import { get, head, patch, post, put, request, Session } from '../../src/index.js'
import { MOCK, type Echo } from '../support/mock.js'
import { failure, happyDom, isBrowserLike, script } from './helpers.js'

/** In a page a schemeless string is a page-relative URL (as fetch reads it), and User-Agent / Proxy-* are forbidden headers. */
const browser = isBrowserLike()


describe('test_requests.py::TestRequests — URLs', () => {
  it('test_entry_points — the method functions and a Session’s methods exist', () => {
    for (const fn of [get, head, put, patch, post, request]) expect(typeof fn).toBe('function')
    const s = new Session()
    expect([typeof s.get, typeof s.head]).toEqual(['function', 'function'])
  })

  it.each(['http://', 'http://fe80::5054:ff:fe5a:fc0'])(
    'test_invalid_url[%s] / test_errors[http://fe80::5054:ff:fe5a:fc0] — a TypeError naming the input, before any I/O',
    async (url) => {
      const { fetch, sent } = script()
      const error = await failure(get(url, { fetch }))
      expect(error).toBeInstanceOf(TypeError)
      expect(String(error)).toContain(url)
      expect(sent).toHaveLength(0)
    },
  )

  it.skipIf(browser)('test_invalid_url[hiwpefhipowhefopw] — a TypeError naming the input, before any I/O (in a page it is a relative URL)', async () => {
    const { fetch, sent } = script()
    const error = await failure(get('hiwpefhipowhefopw', { fetch }))
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toContain('hiwpefhipowhefopw')
    expect(sent).toHaveLength(0)
  })

  it.each(['localhost:3128', 'localhost.localdomain:3128/'])(
    'test_invalid_url[%s] — a schemeless host:port is a TypeError, not a request to the scheme "localhost:"',
    async (url) => {
      const { fetch, sent } = script()
      await expect(get(url, { fetch, retry: false })).rejects.toBeInstanceOf(TypeError)
      expect(sent).toHaveLength(0)
    },
  )

  it.skipIf(browser)('test_invalid_url[10.122.1.1:3128/] — a TypeError (in a page it is a relative path)', async () => {
    const { fetch, sent } = script()
    await expect(get('10.122.1.1:3128/', { fetch, retry: false })).rejects.toBeInstanceOf(TypeError)
    expect(sent).toHaveLength(0)
  })

  it.each(['http://*example.com', 'http://.example.com'])(
    'test_invalid_url[%s] — difference: a valid WHATWG URL, so it is sent (requests’ urllib3 parser refuses it)',
    async (url) => {
      const { fetch, sent } = script()
      await get(url, { fetch })
      expect(sent).toHaveLength(1)
    },
  )

  it('test_path_is_not_double_encoded — a space in the path is sent as %20', async () => {
    const { fetch } = script()
    expect((await get('http://0.0.0.0/get/test case', { fetch })).request.url).toBe('http://0.0.0.0/get/test%20case')
  })

  it.each([
    ['http://example.com/path#fragment', 'http://example.com/path?a=b#fragment'],
    ['http://example.com/path?key=value#fragment', 'http://example.com/path?key=value&a=b#fragment'],
  ])('test_params_are_added_before_fragment[%s]', async (url, expected) => {
    const { fetch } = script()
    expect((await get(url, { fetch, params: { a: 'b' } })).request.url).toBe(expected)
  })

  it.skipIf(browser)('test_whitespaces_are_removed_from_url — difference: a TypeError quoting the input before I/O (requests strips the space)', async () => {
    const { fetch, sent } = script()
    const error = await failure(get(' http://example.com', { fetch }))
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toContain('" http://example.com"')
    expect(sent).toHaveLength(0)
  })

  it.each(['http://', 'HTTP://', 'hTTp://', 'HttP://'])('test_mixed_case_scheme_acceptable[%s]', async (scheme) => {
    const response = await get(`${scheme}${MOCK.slice('http://'.length)}/get`)
    expect(response.status).toBe(200)
  })

  it('test_long_authinfo_in_url — difference: credentials leave the URL and become Basic auth (never shown in the URL)', async () => {
    const { fetch, sent } = script()
    const user = 'E8A3BE87-9E3F-4620-8858-95478E385B5B'
    const password = 'EA770032-DA4D-4D84-8CE9-29C6D910BF1E'
    const host = 'exactly-------------sixty-----------three------------characters'
    const response = await get(`http://${user}:${password}@${host}:9000/path?query#frag`, { fetch })
    expect(response.request.url).toBe(`http://${host}:9000/path?query#frag`)
    expect(sent[0]?.headers.get('authorization')).toBe(`Basic ${btoa(`${user}:${password}`)}`)
  })
})

describe('test_requests.py::TestRequests — other schemes', () => {
  it('test_nonhttp_schemes_dont_check_URLs[data:] — a data: URL is fetched as given', async () => {
    const url = 'data:image/gif;base64,R0lGODlhAQABAHAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw=='
    const { fetch, sent } = script()
    expect((await get(url, { fetch })).request.url).toBe(url)
    expect(sent[0]?.url).toBe(url)
  })

  it.each(['file:///etc/passwd', 'magnet:?xt=urn:btih:be08f00302bc2d1d3cfa3af02024fa647a271431'])(
    'test_nonhttp_schemes_dont_check_URLs[%s] — difference: a scheme fetch does not fetch is a TypeError before any I/O',
    async (url) => {
      const { fetch, sent } = script()
      await expect(get(url, { fetch })).rejects.toBeInstanceOf(TypeError)
      expect(sent).toHaveLength(0)
    },
  )
})

describe('test_requests.py::TestPreparingURLs', () => {
  it.each([
    ['http://google.com', 'http://google.com/'],
    ['http://ジェーピーニック.jp', 'http://xn--hckqz9bzb1cyrb.jp/'],
    ['http://xn--n3h.net/', 'http://xn--n3h.net/'],
    ['http://straße.de/straße', 'http://xn--strae-oqa.de/stra%C3%9Fe'],
    ['http://Königsgäßchen.de/straße', 'http://xn--knigsgchen-b4a3dun.de/stra%C3%9Fe'],
    ['http://[1200:0000:ab00:1234:0000:2552:7777:1313]:12345/', 'http://[1200:0:ab00:1234:0:2552:7777:1313]:12345/'],
  ])('test_preparing_url[%s] — IDNA host, UTF-8 path (an IPv6 host is written in its shortest form)', async (url, expected) => {
    const { fetch } = script()
    expect((await get(url, { fetch })).request.url).toBe(expected)
  })

  it.each(['http://*', 'http://*.google.com', 'http://☃.net/'])(
    'test_preparing_bad_url[%s] — difference: WHATWG URL accepts it ("☃" → xn--n3h), so it is sent',
    async (url) => {
      const { fetch, sent } = script()
      await get(url, { fetch })
      expect(sent).toHaveLength(1)
    },
  )
})

describe('test_requests.py::TestRequests — params', () => {
  it('test_params_original_order_is_preserved_by_default', async () => {
    const { fetch } = script()
    const response = await new Session({ fetch }).get('http://example.com/', { params: { z: 1, a: 1, k: 1, d: 1 } })
    expect(response.request.url).toBe('http://example.com/?z=1&a=1&k=1&d=1')
  })

  it('test_params_bytes_are_encoded — a query string is appended as is', async () => {
    const { fetch } = script()
    expect((await get('http://example.com', { fetch, params: 'test=foo' })).request.url).toBe('http://example.com/?test=foo')
  })

  it('test_urlencoded_get_query_multivalued_param — an array repeats the key', async () => {
    const response = await get(`${MOCK}/get`, { params: { test: ['foo', 'baz'] } })
    expect(response.url).toBe(`${MOCK}/get?test=foo&test=baz`)
  })

  it('test_HTTP_200_OK_GET_WITH_MIXED_PARAMS — params join a query already in the URL', async () => {
    const echo = await get(`${MOCK}/get?test=true`, { params: { q: 'test' }, headers: { 'user-agent': 'Mozilla/5.0' } }).json<Echo>()
    expect(echo.args).toEqual({ test: 'true', q: 'test' })
  })

  it.each<[string, Record<string, string>]>([
    ['/get', { foo: 'føø' }],
    ['/get', { føø: 'føø' }],
    ['/get', { foo: 'foo' }],
    ['/ø', { foo: 'foo' }],
  ])('test_unicode_get[%s %j] — UTF-8 in params and path', async (path, params) => {
    const { fetch } = script()
    const response = await get(`http://127.0.0.1${path}`, { fetch, params })
    expect(new URL(response.request.url).searchParams.get(Object.keys(params)[0] ?? '')).toBe(Object.values(params)[0])
    expect(response.request.url).not.toMatch(/[^\x21-\x7e]/)
  })

  it('test_params_are_merged_case_sensitive — session and request params with keys differing in case are both sent', async () => {
    const s = new Session({ params: { foo: 'bar' } })
    const echo = await s.get(`${MOCK}/get`, { params: { FOO: 'bar' } }).json<Echo>()
    expect(echo.args).toEqual({ foo: 'bar', FOO: 'bar' })
  })
})

describe('test_requests.py::TestRequests — headers', () => {
  it.skipIf(browser).each(['User-agent', 'user-agent'])('test_user_agent_transfers[%s] / test_HTTP_200_OK_GET_WITH_PARAMS', async (key) => {
    const ua = 'Mozilla/5.0 (github.com/psf/requests)'
    expect(await get(`${MOCK}/user-agent`, { headers: { [key]: ua } }).text()).toContain(ua)
  })

  it('test_fixes_1329 — a session header set twice in different case keeps the last value', async () => {
    const s = new Session()
    s.headers.set('ACCEPT', 'BOGUS')
    s.headers.set('accept', 'application/json')
    const headers = (await s.get(`${MOCK}/get`)).request.headers
    expect([headers.get('accept'), headers.get('Accept'), headers.get('ACCEPT')]).toEqual(Array(3).fill('application/json'))
  })

  it('test_header_remove_is_case_insensitive — a null request header removes the session’s, whatever the case', async () => {
    const s = new Session({ headers: { foo: 'bar' } })
    expect((await s.get(`${MOCK}/get`, { headers: { FOO: null } })).request.headers.has('foo')).toBe(false)
  })

  it('test_headers_on_session_with_None_are_not_sent — a null session header is not sent', async () => {
    const s = new Session({ headers: { 'x-gone': null, 'x-kept': 'v' } })
    const echo = await s.get(`${MOCK}/headers`).json<{ headers: Record<string, string> }>()
    expect(echo.headers['X-Kept']).toBe('v')
    expect(echo.headers['X-Gone']).toBeUndefined()
  })

  it.skipIf(happyDom)('test_headers_preserve_order — difference: native Headers iterate in sorted name order; the request’s values win', async () => {
    const s = new Session({ headers: { 'accept-encoding': 'identity', first: '1', second: '2' } })
    const sent = (await s.get(`${MOCK}/get`, { headers: { third: '3', fourth: '4', fifth: '5', second: '222' } })).request.headers
    const names = [...sent.keys()].filter((name) => ['accept-encoding', 'first', 'second', 'third', 'fourth', 'fifth'].includes(name))
    expect(names).toEqual(['accept-encoding', 'fifth', 'first', 'fourth', 'second', 'third'])
    expect(sent.get('second')).toBe('222')
  })

  it('test_header_validation — ordinary values, an empty one included, are sent as given', async () => {
    const headers = { foo: 'bar baz qux', bar: 'fbbq', baz: '', qux: '1' }
    const sent = (await get(`${MOCK}/get`, { headers })).request.headers
    for (const [key, value] of Object.entries(headers)) expect(sent.get(key)).toBe(value)
  })

  it.skipIf(happyDom).each<Record<string, string>>([
    { foo: 'bar\r\nbaz: qux' },
    { foo: 'bar\n\rbaz: qux' },
    { foo: 'bar\nbaz: qux' },
    { foo: 'bar\rbaz: qux' },
    { 'fo\ro': 'bar' },
    { 'fo\r\no': 'bar' },
    { 'fo\n\ro': 'bar' },
    { 'fo\no': 'bar' },
    { 'foo\n': 'bar' },
  ])('test_header_no_return_chars[%j] — a TypeError before any I/O (no header injection)', async (headers) => {
    const { fetch, sent } = script()
    await expect(get('http://127.0.0.1/get', { fetch, headers })).rejects.toBeInstanceOf(TypeError)
    expect(sent).toHaveLength(0)
  })

  it.skipIf(happyDom).each<Record<string, string>>([{ foo: 'bar\n' }, { foo: 'bar\r\n' }, { foo: '\n' }, { foo: '\r\n' }])(
    'test_header_no_return_chars[%j] — difference: trailing CR/LF is whitespace the Fetch standard trims, so nothing is injected',
    async (headers) => {
      const { fetch, sent } = script()
      await get('http://127.0.0.1/get', { fetch, headers })
      expect(sent[0]?.headers.get('foo')).toBe(headers.foo?.trim())
    },
  )

  it.skipIf(happyDom).each<Record<string, string>>([{ ' foo': 'bar' }, { '\tfoo': 'bar' }, { '    foo': 'bar' }, { ' ': 'bar' }])(
    'test_header_no_leading_space[%j] — an invalid name is a TypeError before any I/O',
    async (headers) => {
      const { fetch, sent } = script()
      await expect(get('http://127.0.0.1/get', { fetch, headers })).rejects.toBeInstanceOf(TypeError)
      expect(sent).toHaveLength(0)
    },
  )

  it.skipIf(happyDom).each<Record<string, string>>([{ foo: ' bar' }, { foo: '    bar' }, { foo: '\tbar' }])(
    'test_header_no_leading_space[%j] — difference: leading whitespace of a value is trimmed (Fetch normalizes values)',
    async (headers) => {
      const { fetch, sent } = script()
      await get('http://127.0.0.1/get', { fetch, headers })
      expect(sent[0]?.headers.get('foo')).toBe('bar')
    },
  )

  it('test_header_value_not_str[{"bar": {"foo": "bar"}}] — a header value that is an object is a TypeError naming the header, before any I/O', async () => {
    const { fetch, sent } = script()
    const error = await failure(get('http://127.0.0.1/get', { fetch, headers: { bar: { foo: 'bar' } } as never }))
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toContain('bar')
    expect(sent).toHaveLength(0)
  })

  it('test_header_value_not_str[{"foo": 3}, {"baz": ["foo", "bar"]}] — difference: a number or an array is stringified, as native Headers do', async () => {
    const { fetch, sent } = script()
    await get('http://127.0.0.1/get', { fetch, headers: { foo: 3, baz: ['foo', 'bar'] } as never })
    expect([sent[0]?.headers.get('foo'), sent[0]?.headers.get('baz')]).toEqual(['3', 'foo,bar'])
  })

  it.skipIf(browser)('test_proxy_authorization_preserved_on_request — a session’s Proxy-Authorization goes to the same origin', async () => {
    const s = new Session({ headers: { 'proxy-authorization': 'Bearer XXX' } })
    const echo = await s.get(`${MOCK}/headers`).json<{ headers: Record<string, string> }>()
    expect(echo.headers['Proxy-Authorization']).toBe('Bearer XXX')
  })
})
