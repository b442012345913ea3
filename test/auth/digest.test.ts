import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { expectedDigestResponse, parseDigestAuthorization } from '../../mocks/routes/digest.js'
import { digestAuth, get, HTTPError, post, Session } from '../../src/index.js'
import { MOCK, useHandlers } from '../support/mock.js'

/**
 * Whether surefetch can send a `ReadableStream` body in this runtime: where
 * fetch cannot stream an upload (happy-dom, workerd here) it refuses one up
 * front, so the stream-body cases do not apply there.
 */
async function streamUploads(): Promise<boolean> {
  const probe = post(`${MOCK}/anything`, { body: new ReadableStream(), fetch: async () => new Response(null), retry: false })
  return probe.then(
    () => true,
    () => false,
  )
}

interface Authenticated {
  authenticated: boolean
  user: string
}

/** A transport that records what was sent and hands it on to the mocks. */
function countingFetch(): { fetch: typeof fetch; sent: Headers[] } {
  const sent: Headers[] = []
  const counting: typeof fetch = (input, init) => {
    sent.push(new Headers(init?.headers))
    return globalThis.fetch(input, init)
  }
  return { fetch: counting, sent }
}

/** The fields of the `Authorization: Digest` a request carried. */
function digestFields(headers: Headers): Record<string, string> {
  return Object.fromEntries(parseDigestAuthorization(headers.get('authorization')) ?? [])
}

const ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512', 'SHA-512-256', 'SHA-512-256-sess']

describe('digestAuth against the mock httpbin', () => {
  describe.each(['auth', 'auth-int'])('qop=%s', (qop) => {
    it.each(ALGORITHMS)('answers a %s challenge and records the 401 in history', async (algorithm) => {
      const response = await get(`${MOCK}/digest-auth/${qop}/user/passwd/${algorithm}`, { auth: digestAuth('user', 'passwd') })
      expect(await response.json<Authenticated>()).toEqual({ authenticated: true, user: 'user' })
      expect(response.history.map((hop) => hop.status)).toEqual([401])
      expect(response.history[0]?.headers.get('www-authenticate')).toContain(`algorithm=${algorithm}`)
      expect(digestFields(response.request.headers)).toMatchObject({ algorithm, qop, nc: '00000001', username: 'user' })
    })
  })

  it('defaults to MD5 on /digest-auth/:qop/:user/:passwd', async () => {
    const response = await get(`${MOCK}/digest-auth/auth/user/passwd`, { auth: digestAuth('user', 'passwd') })
    expect(response.status).toBe(200)
    expect(digestFields(response.request.headers).algorithm).toBe('MD5')
  })

  it('prefers qop=auth when the server offers "auth, auth-int"', async () => {
    const response = await get(`${MOCK}/digest-auth/any/user/passwd/SHA-256`, { auth: digestAuth('user', 'passwd') })
    expect(response.status).toBe(200)
    expect(digestFields(response.request.headers).qop).toBe('auth')
  })

  it('authenticates a non-ASCII user name and password (username*, UTF-8)', async () => {
    const path = `/digest-auth/auth/${encodeURIComponent('jürgen')}/${encodeURIComponent('пароль')}/SHA-256`
    const response = await get(`${MOCK}${path}`, { auth: digestAuth('jürgen', 'пароль') })
    expect(await response.json<Authenticated>()).toEqual({ authenticated: true, user: 'jürgen' })
    expect(response.request.headers.get('authorization')).toContain(`username*=UTF-8''j%C3%BCrgen`)
  })

  it.for<[string, () => Record<string, unknown>]>([
    ['a string', () => ({ body: 'plain text ✓' })],
    ['json', () => ({ json: { a: 1, b: ['ü'] } })],
    ['a form', () => ({ form: { q: 'a b', n: 2 } })],
    ['multipart', () => ({ multipart: { field: 'value', file: [new Blob(['file body']), 'f.txt'] } })],
    ['bytes', () => ({ body: new Uint8Array([0, 1, 2, 255]) })],
    ['a Blob', () => ({ body: new Blob(['blob body'], { type: 'text/plain' }) })],
    ['a body function returning a stream', () => ({ body: () => new Blob(['streamed']).stream() })],
  ])('answers auth-int for a POST with %s (the entity is hashed and sent as hashed)', async ([name, options], context) => {
    if (name.includes('stream') && !(await streamUploads())) context.skip('this runtime cannot send a stream body')
    const response = await post(`${MOCK}/digest-auth/auth-int/user/passwd/SHA-256`, { ...options(), auth: digestAuth('user', 'passwd') })
    expect(await response.json<Authenticated>()).toEqual({ authenticated: true, user: 'user' })
    expect(digestFields(response.request.headers).qop).toBe('auth-int')
  })

  it('authenticates later requests pre-emptively: no second 401, the nonce count goes up', async () => {
    const { fetch, sent } = countingFetch()
    const api = new Session({ baseUrl: MOCK, auth: digestAuth('user', 'passwd'), fetch })
    const first = await api.get('/digest-auth/auth/user/passwd/SHA-256')
    expect(first.history).toHaveLength(1)
    expect(sent).toHaveLength(2)

    const second = await api.get('/digest-auth/auth/user/passwd/SHA-256')
    expect(second.status).toBe(200)
    expect(second.history).toEqual([])
    expect(sent).toHaveLength(3)
    const [one, two] = [digestFields(sent[1] as Headers), digestFields(sent[2] as Headers)]
    expect(two.nonce).toBe(one.nonce)
    expect(two.nc).toBe('00000002')
    expect(two.cnonce).not.toBe(one.cnonce)
  })

  it('gives concurrent pre-emptive requests distinct nonce counts', async () => {
    const { fetch, sent } = countingFetch()
    const api = new Session({ baseUrl: MOCK, auth: digestAuth('user', 'passwd'), fetch })
    await api.get('/digest-auth/auth/user/passwd')
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.get('/digest-auth/auth/user/passwd')))
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200))
    expect(sent).toHaveLength(12)
    expect(new Set(sent.slice(2).map((headers) => digestFields(headers).nc)).size).toBe(10)
  })

  it('answers stale=true with the new nonce, without failing', async () => {
    const { fetch, sent } = countingFetch()
    const api = new Session({ baseUrl: MOCK, auth: digestAuth('user', 'passwd'), fetch })
    // The mock lets a nonce authenticate one request, then calls it stale.
    await api.get('/digest-auth/auth/user/passwd/MD5/1')
    const response = await api.get('/digest-auth/auth/user/passwd/MD5/1')
    expect(response.status).toBe(200)
    expect(response.history.map((hop) => hop.status)).toEqual([401])
    expect(response.history[0]?.headers.get('www-authenticate')).toContain('stale=TRUE')
    expect(sent).toHaveLength(4)
    const [stale, fresh] = [digestFields(sent[2] as Headers), digestFields(sent[3] as Headers)]
    expect(fresh.nonce).not.toBe(stale.nonce)
    expect(fresh.nc).toBe('00000001')
  })

  it('returns the second 401 when the password is wrong, without leaking it', async () => {
    const { fetch, sent } = countingFetch()
    const error = await get(`${MOCK}/digest-auth/auth/user/passwd/SHA-256`, { auth: digestAuth('user', 'wrong-secret-42'), fetch }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(HTTPError)
    const httpError = error as HTTPError
    expect(httpError.status).toBe(401)
    expect(httpError.response.history).toHaveLength(1)
    expect(sent).toHaveLength(2)
    expect(httpError.message).not.toContain('wrong-secret-42')
    expect(String(httpError.stack)).not.toContain('wrong-secret-42')
    expect(httpError.response.request.headers.get('authorization')).not.toContain('wrong-secret-42')
  })
})

describe('digestAuth with hand-written challenges', () => {
  /** A server that sends `challenges` (one header line each) and checks the answer with `password`. */
  function server(path: string, challenges: string[], check: (fields: ReadonlyMap<string, string>) => void = () => {}): void {
    useHandlers(
      http.all(`${MOCK}${path}`, async ({ request }) => {
        const credentials = parseDigestAuthorization(request.headers.get('authorization'))
        if (credentials === null) {
          const headers = new Headers()
          for (const challenge of challenges) headers.append('www-authenticate', challenge)
          return new Response(null, { status: 401, headers })
        }
        check(credentials)
        const url = new URL(request.url)
        const body = new Uint8Array(await request.arrayBuffer())
        const expected = await expectedDigestResponse(credentials, 'pw', { method: request.method, uri: url.pathname + url.search, body })
        return Response.json({ ok: credentials.get('response') === expected }, { status: credentials.get('response') === expected ? 200 : 403 })
      }),
    )
  }

  it('picks Digest out of "Basic …, Digest …" in one header', async () => {
    server('/multi', ['Basic realm="x", Digest realm="y", qop="auth,auth-int", nonce="n1", opaque="o"'])
    const response = await get(`${MOCK}/multi?a=1`, { auth: digestAuth('u', 'pw') })
    expect(await response.json()).toEqual({ ok: true })
    expect(digestFields(response.request.headers)).toMatchObject({ realm: 'y', qop: 'auth', uri: '/multi?a=1', opaque: 'o' })
  })

  const offer = (algorithm?: string): string => `Digest realm="r", nonce="n", qop="auth"${algorithm ? `, algorithm=${algorithm}` : ''}`
  it.each([
    ['MD5 listed first', [offer('MD5'), offer('SHA-256')], 'SHA-256'],
    ['three algorithms', [offer('SHA-256'), offer('SHA-512-256'), offer('MD5')], 'SHA-512-256'],
    ['an unknown algorithm next to MD5', [offer('SHA3-512'), offer()], undefined],
  ])('answers the strongest of several Digest challenges (%s)', async (_, challenges, algorithm) => {
    server('/several', challenges)
    const response = await get(`${MOCK}/several`, { auth: digestAuth('u', 'pw') })
    expect(await response.json()).toEqual({ ok: true })
    expect(digestFields(response.request.headers).algorithm).toBe(algorithm)
  })

  it('answers an RFC 2069 challenge without qop', async () => {
    server('/legacy', ['Digest realm="r", nonce="n"'])
    const response = await get(`${MOCK}/legacy`, { auth: digestAuth('u', 'pw') })
    expect(await response.json()).toEqual({ ok: true })
    expect(digestFields(response.request.headers)).not.toHaveProperty('nc')
  })

  it('uses Authentication-Info nextnonce for the next request, counting from 1', async () => {
    let nonce = 'first'
    useHandlers(
      http.get(`${MOCK}/next`, ({ request }) => {
        const credentials = parseDigestAuthorization(request.headers.get('authorization'))
        if (credentials?.get('nonce') !== nonce) {
          return new Response(null, { status: 401, headers: { 'www-authenticate': `Digest realm="r", nonce="${nonce}", qop="auth"` } })
        }
        nonce = `${nonce}+`
        return new Response('ok', { headers: { 'authentication-info': `nextnonce="${nonce}", qop=auth` } })
      }),
    )
    const { fetch, sent } = countingFetch()
    const api = new Session({ auth: digestAuth('u', 'pw'), fetch })
    await api.get(`${MOCK}/next`)
    const second = await api.get(`${MOCK}/next`)
    expect(second.history).toEqual([])
    expect(sent).toHaveLength(3)
    expect(digestFields(sent[2] as Headers)).toMatchObject({ nonce: 'first+', nc: '00000001' })
  })

  it('pre-empts only inside the challenge’s domain (RFC 7616 §3.3)', async () => {
    server('/private/a', ['Digest realm="r", nonce="n", qop="auth", domain="/private/"'])
    server('/public', ['Digest realm="other", nonce="m", qop="auth"'])
    const { fetch, sent } = countingFetch()
    const api = new Session({ baseUrl: MOCK, auth: digestAuth('u', 'pw'), fetch })
    await api.get('/private/a')
    expect((await api.get('/private/a')).history).toEqual([])
    expect(sent).toHaveLength(3)
    await api.get('/public')
    expect(sent[3]?.has('authorization')).toBe(false)
  })

  it('returns the 401 as is for a one-shot stream body, which it cannot replay', async (context) => {
    if (!(await streamUploads())) context.skip('this runtime cannot send a stream body')
    const transport = vi.fn<typeof fetch>(async () =>
      new Response(null, { status: 401, headers: { 'www-authenticate': 'Digest realm="r", nonce="n", qop="auth"' } }),
    )
    const response = await post(`${MOCK}/upload`, {
      body: new Blob(['once']).stream(),
      auth: digestAuth('u', 'pw'),
      fetch: transport,
      throwHttpErrors: false,
    })
    expect(response.status).toBe(401)
    expect(response.history).toEqual([])
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it('returns a 401 without a Digest challenge as is', async () => {
    const response = await get(`${MOCK}/basic-auth/u/p`, { auth: digestAuth('u', 'p'), throwHttpErrors: false })
    expect(response.status).toBe(401)
    expect(response.history).toEqual([])
  })

  it('rejects non-string credentials', () => {
    expect(() => digestAuth('u', undefined as never)).toThrow(TypeError)
  })
})
