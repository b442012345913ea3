// requests' tests/test_requests.py (requests 2.34.2), ported, part 3: the
// response (ok, raise_for_status, json, iter_content/iter_lines, links,
// elapsed), errors, TestTimeout, test_urllib3_retries. Shared (every runtime):
// the MSW mock httpbin and the real fault server. Counts for the whole suite:
// see the top of test/node/ported-requests-httpbin.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { get, HTTPError, NetworkError, ParseError, RequestError, Session, TimeoutError } from '../../src/index.js'
import { MOCK } from '../support/mock.js'
import { failure, script } from './helpers.js'

const base = inject('base')

describe('test_requests.py::TestRequests — the response', () => {
  it('test_request_ok_set / test_status_raising — 404 and 500 are not ok; raiseForStatus throws HTTPError', async () => {
    const r404 = await get(`${MOCK}/status/404`, { throwHttpErrors: false })
    expect(r404.ok).toBe(false)
    expect(() => r404.raiseForStatus()).toThrow(HTTPError)
    expect((await get(`${MOCK}/status/500`, { throwHttpErrors: false, retry: false })).ok).toBe(false)
  })

  it('test_HTTP_200_OK_GET_ALTERNATIVE / test_HTTP_200_OK_HEAD / test_HTTP_200_OK_PUT', async () => {
    const s = new Session()
    expect((await s.get(`${MOCK}/get`)).status).toBe(200)
    expect((await s.head(`${MOCK}/get`)).status).toBe(200)
    expect((await s.put(`${MOCK}/put`)).status).toBe(200)
  })

  it('test_links — the Link header by rel', async () => {
    const link =
      '<https://api.github.com/users/kennethreitz/repos?page=2&per_page=10>; rel="next", ' +
      '<https://api.github.com/users/kennethreitz/repos?page=7&per_page=10>;  rel="last"'
    const { fetch } = script([200, { link }])
    const { links } = await get('https://api.github.com/users/kennethreitz/repos', { fetch })
    expect(links.next?.rel).toBe('next')
    expect(links.next?.url).toBe('https://api.github.com/users/kennethreitz/repos?page=2&per_page=10')
    expect(links.last?.url).toBe('https://api.github.com/users/kennethreitz/repos?page=7&per_page=10')
  })

  it('test_links (requests’ parse_header_links) — a link without rel is keyed by its URL', async () => {
    const { fetch } = script([200, { link: '<https://example.com/a>; title="x"' }])
    const { links } = await get('https://example.com/', { fetch })
    expect(links['https://example.com/a']?.url).toBe('https://example.com/a')
  })

  it('test_time_elapsed_blank — elapsed measures the wait for the headers', async () => {
    const response = await get(`${base}/delay/30`)
    expect(response.elapsed).toBeGreaterThanOrEqual(20)
  })

  it('test_response_is_iterable / test_response_chunk_size_type — chunks(1) is one byte each; chunks() as they arrive', async () => {
    const { fetch } = script([200, {}, 'the content'], [200, {}, 'the content'])
    const ones: Uint8Array[] = []
    for await (const chunk of (await get('http://127.0.0.1/', { fetch })).chunks(1)) ones.push(chunk)
    expect(ones.map((c) => c.length)).toEqual(Array(11).fill(1))
    const all: Uint8Array[] = []
    for await (const chunk of (await get('http://127.0.0.1/', { fetch })).chunks()) all.push(chunk)
    expect(new TextDecoder().decode(all.length === 1 ? all[0] : new Uint8Array(all.flatMap((c) => [...c])))).toBe('the content')
  })

  it('test_response_chunk_size_type — a chunk size that is not a positive integer rejects with a RangeError naming it', async () => {
    const { fetch } = script([200, {}, 'the content'])
    const response = await get('http://127.0.0.1/', { fetch })
    const error = await failure(response.chunks('1024' as unknown as number).next())
    expect(error).toBeInstanceOf(RangeError)
    expect(String(error)).toContain('1024')
  })

  it('test_response_decode_unicode — lines() yields strings decoded with the response encoding', async () => {
    const { fetch } = script([200, { 'content-type': 'text/plain; charset=ascii' }, 'the content'])
    const lines: unknown[] = []
    for await (const line of (await get('http://127.0.0.1/', { fetch })).lines()) lines.push(line)
    expect(lines).toEqual(['the content'])
  })

  it('test_response_iter_lines — stream/4 is four lines', async () => {
    const lines: string[] = []
    for await (const line of (await get(`${MOCK}/stream/4`)).lines()) lines.push(line)
    expect(lines).toHaveLength(4)
  })

  it('test_response_json_when_content_is_None — json() of an empty 204 rejects (ParseError)', async () => {
    await expect(get(`${MOCK}/status/204`).json()).rejects.toBeInstanceOf(ParseError)
  })

  it('test_json_decode_compatibility / test_json_decode_persists_doc_attr — a ParseError, a RequestError, with a bounded snippet of the body', async () => {
    const error = (await failure(get(`${MOCK}/bytes/20`).json())) as ParseError
    expect(error).toBeInstanceOf(ParseError)
    expect(error).toBeInstanceOf(RequestError)
    expect(typeof error.snippet).toBe('string')
    expect(error.snippet.length).toBeLessThanOrEqual(200)
    const big = await failure(get(`${MOCK}/bytes/1000`).json())
    expect(String(big).length).toBeLessThan(600)
  })
})

describe('test_requests.py — errors', () => {
  it('test_errors[http://localhost:1] — a refused connection is a NetworkError (port 59999: fetch blocks port 1)', async () => {
    await expect(get('http://127.0.0.1:59999/', { retry: false, timeout: { attempt: 5_000 } })).rejects.toBeInstanceOf(NetworkError)
  })

  it('test_urllib3_retries — Retry(total=2, status_forcelist=[500]) exhausted: the last HTTPError, after 3 attempts (RetryError in requests)', async () => {
    const { fetch, sent } = script(500, 500, 500)
    const error = await failure(new Session({ fetch }).get('http://127.0.0.1/status/500', { retry: { limit: 2, statusCodes: [500], backoff: { initial: 0 } } }))
    expect(error).toBeInstanceOf(HTTPError)
    expect(error).toMatchObject({ status: 500, attempts: 3 })
    expect(sent).toHaveLength(3)
  })
})

describe('test_requests.py::TestTimeout', () => {
  it('test_stream_timeout / test_read_timeout — headers later than the timeout: TimeoutError (phase attempt)', async () => {
    const error = await failure(get(`${base}/stall`, { timeout: { attempt: 100 }, retry: false }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ phase: 'attempt', timeout: 100 })
  })

  it('test_read_timeout — a body chunk later than read: TimeoutError (phase read) from the read', async () => {
    const response = await get(`${base}/stall-body`, { timeout: { read: 100 } })
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError', phase: 'read' })
  })

  it.each([
    [[3, 4, 5], /attempt.*read|\{ ?attempt/],
    [[3050, 27000], /attempt.*read|\{ ?attempt/],
    ['foo', /timeout/],
  ])('test_invalid_timeout[%j] — refused before I/O, pointing to { attempt, read }', async (timeout, message) => {
    const { fetch, sent } = script()
    const error = await failure(get('http://127.0.0.1/get', { fetch, timeout: timeout as never }))
    expect(error).toSatisfy((e) => e instanceof TypeError || e instanceof RangeError)
    expect(String(error)).toMatch(message)
    expect(sent).toHaveLength(0)
  })

  it('test_none_timeout — timeout: false (requests’ None) lets the request through', async () => {
    expect((await get(`${MOCK}/get`, { timeout: false })).status).toBe(200)
  })
})
