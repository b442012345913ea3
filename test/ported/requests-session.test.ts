// requests' tests/test_requests.py (requests 2.34.2), ported, part 2: bodies
// and files, hooks, mounts (adapters), auth, the response, errors, timeouts,
// retries. Shared (every runtime): the MSW mock httpbin, the real fault server
// and scripted transports. Counts for the whole suite: see the top of
// test/node/ported-requests-httpbin.test.ts.
import { describe, expect, it } from 'vitest'
import { basicAuth, get, post, put, Session } from '../../src/index.js'
import { MOCK, type Echo } from '../support/mock.js'
import { failure, script } from './helpers.js'


describe('test_requests.py — bodies and files', () => {
  it('test_basic_building / test_data_argument_accepts_tuples — a form record or tuples, in order', async () => {
    const { fetch, sent } = script(200, 200, 200)
    await post('http://example.com/', { fetch, form: { life: '42' } })
    await post('http://example.com/', { fetch, form: [['c', 'd'], ['a', 'b']] })
    await post('http://example.com/', { fetch, form: [['a', 'b'], ['c', 'd'], ['e', 'f']] })
    expect(sent.map((s) => String(s.body))).toEqual(['life=42', 'c=d&a=b', 'a=b&c=d&e=f'])
  })

  it('test_form_encoded_post_query_multivalued_element — an array repeats the key', async () => {
    const response = await post(`${MOCK}/post`, { form: { test: ['foo', 'baz'] } })
    expect(String(response.request.body)).toBe('test=foo&test=baz')
  })

  it('test_binary_put / test_unicode_header_name — bytes go out as bytes; a string as UTF-8', async () => {
    const bytes = new TextEncoder().encode('ööö')
    const response = await put(`${MOCK}/put`, { body: bytes, headers: { 'content-type': 'application/octet-stream' } })
    expect(response.request.body).toBeInstanceOf(Uint8Array)
    expect((await put(`${MOCK}/put`, { body: '\xff' }).json<Echo>()).data).toBe('\xff')
  })

  it('test_json_param_post_content_type_works', async () => {
    const response = await post(`${MOCK}/post`, { json: { life: 42 } })
    expect(response.request.headers.get('content-type')).toContain('application/json')
    expect((await response.json<Echo>()).json).toEqual({ life: 42 })
  })

  it('test_json_param_post_should_not_override_data_param — difference: json and form together are a TypeError naming both (requests sends the form)', async () => {
    const { fetch, sent } = script()
    const error = await failure(post('http://example.com/', { fetch, ...({ form: { stuff: 'elixr' }, json: { music: 'flute' } } as object) }))
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toMatch(/json/)
    expect(String(error)).toMatch(/form/)
    expect(sent).toHaveLength(0)
  })

  it('test_conflicting_post_params — a body and multipart together are a TypeError before I/O', async () => {
    const { fetch, sent } = script()
    const options = { body: '[{"some": "data"}]', multipart: { some: new Blob(['x']) } }
    await expect(post('http://example.com/', { fetch, ...(options as object) })).rejects.toBeInstanceOf(TypeError)
    expect(sent).toHaveLength(0)
  })

  it('test_post_json_nan — difference: JSON.stringify semantics, NaN is sent as null (requests raises InvalidJSONError)', async () => {
    const echo = await post(`${MOCK}/post`, { json: { foo: Number.NaN } }).json<Echo>()
    expect(echo.json).toEqual({ foo: null })
  })

  it('test_POSTBIN_GET_POST_FILES / _WITH_DATA — empty, form, file, file with fields, raw data', async () => {
    await post(`${MOCK}/post`)
    expect((await post(`${MOCK}/post`, { form: { some: 'data' } }).json<Echo>()).form).toEqual({ some: 'data' })
    const file = new File(['-r requirements.txt\n'], 'requirements-dev.txt')
    expect((await post(`${MOCK}/post`, { multipart: { some: file } }).json<Echo>()).files).toEqual({ some: '-r requirements.txt\n' })
    const both = await post(`${MOCK}/post`, { multipart: { some: file, field: 'data' } }).json<Echo>()
    expect([both.files.some, both.form.field]).toEqual(['-r requirements.txt\n', 'data'])
    expect((await post(`${MOCK}/post`, { body: '[{"some": "json"}]' }).json<Echo>()).data).toBe('[{"some": "json"}]')
  })

  it('test_POSTBIN_GET_POST_FILES — files as a list is refused with a TypeError before I/O', async () => {
    const { fetch, sent } = script()
    await expect(post('http://example.com/', { fetch, multipart: ['bad file data'] as never })).rejects.toBeInstanceOf(TypeError)
    expect(sent).toHaveLength(0)
  })

  it('test_invalid_files_input — a null part is left out, like null params and form fields', async () => {
    const response = await post(`${MOCK}/post`, { multipart: { 'random-file-1': null, 'random-file-2': '1' } })
    const form = response.request.body as FormData
    expect(form.has('random-file-1')).toBe(false)
    expect(form.get('random-file-2')).toBe('1')
  })

  it('test_post_named_tempfile / test_different_encodings_dont_break_post / test_unicode_method_name — a file part’s content arrives', async () => {
    const file = new File(['named temp file contents\n'], 'tmp.txt')
    const echo = await post(`${MOCK}/post`, { params: { blah: 'asdf1234' }, multipart: { file, stuff: JSON.stringify({ a: 123 }) } }).json<Echo>()
    expect(echo.files.file).toBe('named temp file contents\n')
    expect(echo.form.stuff).toBe('{"a":123}')
  })

  it.each(['ëlïxr', 'elixr'])('test_unicode_multipart_post[%s] — a UTF-8 field next to a file', async (stuff) => {
    const echo = await post(`${MOCK}/post`, { multipart: { stuff, file: [new Blob(['x']), 'test_requests.py'] } }).json<Echo>()
    expect(echo.form.stuff).toBe(stuff)
  })

  it.each(['foo', new TextEncoder().encode('foo')])('test_can_send_objects_with_files[%s] — a string or bytes as a file part', async (content) => {
    const response = await post(`${MOCK}/post`, { multipart: { a: 'this is a string', b: [new Blob([content]), 'b'] } })
    expect(response.request.headers.get('content-type') ?? (response.request.body instanceof FormData ? 'multipart/form-data' : '')).toContain('multipart/form-data')
    expect((await response.json<Echo>()).files.b).toBe('foo')
  })

  it('test_custom_content_type — a file part carries its own content type', async () => {
    const response = await post(`${MOCK}/post`, { multipart: { file2: new File(['x'], 'test_requests', { type: 'text/py-content-type' }) } })
    expect(((response.request.body as FormData).get('file2') as File).type).toBe('text/py-content-type')
  })
})

describe('test_requests.py — hooks', () => {
  it('test_hook_receives_request_arguments — afterResponse gets the response and the request', async () => {
    const seen: unknown[] = []
    await new Session().get(`${MOCK}/get`, { hooks: { afterResponse: [(response, request) => void seen.push(response.status, request.method)] } })
    expect(seen).toEqual([200, 'GET'])
  })

  it('test_session_hooks_are_used_with_no_request_hooks', async () => {
    const seen: string[] = []
    await new Session({ hooks: { afterResponse: [() => void seen.push('session')] } }).get(`${MOCK}/get`)
    expect(seen).toEqual(['session'])
  })

  it('test_session_hooks_are_overridden_by_request_hooks — difference: hooks concatenate, session first (requests replaces them)', async () => {
    const seen: string[] = []
    const s = new Session({ hooks: { afterResponse: [() => void seen.push('hook2 (session)')] } })
    await s.get(`${MOCK}/get`, { hooks: { afterResponse: [() => void seen.push('hook1 (request)')] } })
    expect(seen).toEqual(['hook2 (session)', 'hook1 (request)'])
  })

  it('test_prepared_request_hook — a hook’s returned response is the one the caller gets', async () => {
    const s = new Session()
    const replacement = await s.get(`${MOCK}/json`)
    const response = await s.get(`${MOCK}/get`, { hooks: { afterResponse: [() => replacement] } })
    expect(response).toBe(replacement)
  })

  it('test_prepared_from_session — a custom auth function on the session signs the request', async () => {
    const s = new Session({ auth: (request) => void request.headers.set('dummy-auth-test', 'dummy-auth-test-ok') })
    const echo = await s.get(`${MOCK}/headers`).json<Echo>()
    expect(echo.headers['Dummy-Auth-Test']).toBe('dummy-auth-test-ok')
  })
})

describe('test_requests.py — mounts (transport adapters)', () => {
  const limitOf = (s: Session, url: string) => s.get(url, { fetch: script(503, 503, 503, 503, 503).fetch, throwHttpErrors: false }).then((r) => r.attempts)

  it('test_transport_adapter_ordering / test_session_get_adapter_prefix_matching — the longest matching prefix wins', async () => {
    const s = new Session({ retry: { limit: 0 } })
    s.mount('https://example.com', { retry: { limit: 1, backoff: { initial: 0 } } })
    s.mount('https://example.com/some/path', { retry: { limit: 2, backoff: { initial: 0 } } })
    expect(await limitOf(s, 'https://example.com/another/path')).toBe(2)
    expect(await limitOf(s, 'https://example.com/some/path/longer/path')).toBe(3)
    expect(await limitOf(s, 'https://another.example.com/')).toBe(1)
  })

  it('test_session_get_adapter_prefix_matching_mixed_case — scheme and host match in any case', async () => {
    const s = new Session({ retry: { limit: 0 } })
    s.mount('hTtPs://eXamPle.CoM/MixEd_CAse_PREfix', { retry: { limit: 1, backoff: { initial: 0 } } })
    expect(await limitOf(s, 'https://example.com/MixEd_CAse_PREfix/full_url')).toBe(2)
    expect(await limitOf(s, 'HtTpS://exaMPLe.cOm/MixEd_CAse_PREfix/another_url')).toBe(2)
  })

  it('test_session_get_adapter_prefix_matching_is_case_insensitive — difference: the path of a prefix matches case-sensitively (URL paths are)', async () => {
    const s = new Session({ retry: { limit: 0 } })
    s.mount('https://example.com/MixEd_CAse_PREfix', { retry: { limit: 1, backoff: { initial: 0 } } })
    expect(await limitOf(s, 'https://example.com/MiXeD_caSE_preFIX/another_url')).toBe(1)
  })

  it('test_session_get_adapter_prefix_with_trailing_slash / _without_trailing_slash — difference: a prefix never matches a longer host (requests matches https://example.com.other.com)', async () => {
    const s = new Session({ retry: { limit: 0 } })
    s.mount('https://example.com', { retry: { limit: 1, backoff: { initial: 0 } } })
    expect(await limitOf(s, 'https://example.com/some/path')).toBe(2)
    expect(await limitOf(s, 'https://example.com.other.com/some/path')).toBe(1)
  })
})

describe('test_requests.py — auth', () => {
  it('test_BASICAUTH_TUPLE_HTTP_200_OK_GET — a tuple on the call or the session; none gives 401', async () => {
    const url = `${MOCK}/basic-auth/user/pass`
    expect((await get(url, { auth: ['user', 'pass'] })).status).toBe(200)
    expect((await get(url, { throwHttpErrors: false })).status).toBe(401)
    const s = new Session()
    s.auth = ['user', 'pass']
    expect((await s.get(url)).status).toBe(200)
  })

  it.each([
    ['user', 'pass', 'Basic dXNlcjpwYXNz'],
    ['test', 'test', 'Basic dGVzdDp0ZXN0'],
    ['имя', 'пароль', 'Basic 0LjQvNGPOtC/0LDRgNC+0LvRjA=='],
    ['ůsername', 'testƶ', 'Basic xa9zZXJuYW1lOnRlc3TGtg=='],
  ])('test_set_basicauth / test_basic_auth_str_is_always_native / test_basicauth_encodes_byte_strings[%s] — UTF-8', async (user, password, header) => {
    const { fetch, sent } = script(200, 200)
    await get('http://127.0.0.1/get', { fetch, auth: [user, password] })
    await get('http://127.0.0.1/get', { fetch, auth: basicAuth(user, password) })
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual([header, header])
  })
})
