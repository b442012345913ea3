// Credentials stay on their origin across redirects (SPEC §6, issue 17 items
// 1, 2 and 5, and what already held). Where surefetch follows redirects itself
// (every runtime but browsers): against the real fault server's two origins
// (another port), and against a recording fetch for host and scheme changes
// (no DNS or TLS here).
import { describe, expect, inject, it } from 'vitest'
import { bearerAuth, get, NetworkError, post, Session } from '../../src/index.js'
import type { AuthFunction } from '../../src/index.js'
import { isBrowserLike } from '../../src/util/runtime.js'

const base = inject('base')
const other = inject('base2')

type Echo = { url: string; method: string; headers: Record<string, string | undefined>; body: string }
const to = (target: string, status = 302) => `${base}/redirect-to?url=${encodeURIComponent(target)}&status=${status}`

const apiKey: AuthFunction = (request) => {
  request.headers.set('x-api-key', 'k3y-secret')
  request.headers.set('x-signature', `hmac(${request.method} ${request.url})`)
}

interface Sent {
  url: string
  headers: Record<string, string>
  body: string | null
}

/** A fetch that answers from a table of redirects (`url → location`) and records what it was sent. */
function recordingFetch(redirects: Record<string, [number, string]>) {
  const sent: Sent[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => (headers[name] = value))
    sent.push({ url: request.url, headers, body: init?.body == null ? null : await request.text() })
    const hop = redirects[request.url]
    if (hop !== undefined) return new Response(null, { status: hop[0], headers: { location: hop[1] } })
    return Response.json({ ok: true })
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

describe.skipIf(isBrowserLike())('credentials across redirects', () => {
  describe('headers an auth function sets', () => {
    it('stay on the origin they were made for (Session, another port)', async () => {
      const api = new Session({ auth: apiKey })
      const same = await api.get(to(`${base}/echo`)).json<Echo>()
      expect(same.headers['x-api-key']).toBe('k3y-secret')
      const away = await api.get(to(`${other}/echo`)).json<Echo>()
      expect(away.headers['x-api-key']).toBeUndefined()
      expect(away.headers['x-signature']).toBeUndefined()
    })

    it('stay on their origin in a one-shot call too', async () => {
      const away = await get(to(`${other}/echo`), { auth: apiKey }).json<Echo>()
      expect(away.headers['x-api-key']).toBeUndefined()
    })

    it('do not follow a 307 POST to another origin (the body does, as fetch sends it)', async () => {
      const away = await post(to(`${other}/echo`, 307), { auth: apiKey, json: { n: 1 } }).json<Echo>()
      expect(away.method).toBe('POST')
      expect(away.body).toBe('{"n":1}')
      expect(away.headers['x-api-key']).toBeUndefined()
      const session = await new Session({ auth: apiKey }).post(to(`${other}/echo`, 307), { json: { n: 1 } }).json<Echo>()
      expect(session.headers['x-api-key']).toBeUndefined()
    })

    it.each([
      ['another host', 'https://api.example.test/start', 'https://evil.example.test/land'],
      ['a downgrade to http', 'https://api.example.test/start', 'http://api.example.test/land'],
      ['another port', 'https://api.example.test/start', 'https://api.example.test:8443/land'],
    ])('do not follow a redirect to %s', async (_name, start, land) => {
      const { fetch, sent } = recordingFetch({ [start]: [302, land] })
      await new Session({ auth: apiKey, fetch }).get(start)
      expect(sent.map((s) => [s.url, s.headers['x-api-key']])).toEqual([
        [start, 'k3y-secret'],
        [land, undefined],
      ])
    })
  })

  describe('per-request cookies', () => {
    it('are not re-sent on a redirect hop to another origin (Session)', async () => {
      const api = new Session()
      const same = await api.get(to(`${base}/echo`), { cookies: { sid: 'abc' } }).json<Echo>()
      expect(same.headers.cookie).toBe('sid=abc')
      const away = await api.get(to(`${other}/echo`), { cookies: { sid: 'abc' } }).json<Echo>()
      expect(away.headers.cookie).toBeUndefined()
    })

    it('are not sent over a downgrade from https to http', async () => {
      const start = 'https://api.example.test/start'
      const { fetch, sent } = recordingFetch({ [start]: [302, 'http://api.example.test/land'] })
      await new Session({ fetch }).get(start, { cookies: { sid: 'abc' } })
      expect(sent.map((s) => s.headers.cookie)).toEqual(['sid=abc', undefined])
    })

    it('sit beside jar cookies named like Object.prototype members', async () => {
      const start = 'https://api.example.test/start'
      const { fetch, sent } = recordingFetch({})
      const api = new Session({ fetch })
      api.cookies.set('constructor=1; Path=/', start)
      api.cookies.set('toString=2; Path=/', start)
      await api.get(start, { cookies: { sid: 'abc' } })
      expect(sent[0]?.headers.cookie?.split('; ').sort()).toEqual(['constructor=1', 'sid=abc', 'toString=2'])
    })
  })

  describe('after a hop to another origin, for the rest of the chain', () => {
    const start = 'https://api.example.test/start'
    const away = 'https://evil.example.test/bounce'
    const back = 'https://api.example.test/steal?where=evil-chose'

    it.each([
      ['Basic auth', { auth: ['user', 'hunter2'] as [string, string] }, 'authorization'],
      ['a bearer token', { auth: bearerAuth('tok-secret') }, 'authorization'],
      ['an auth function', { auth: apiKey }, 'x-api-key'],
      ['an explicit Authorization header', { headers: { authorization: 'Bearer explicit' } }, 'authorization'],
      ['per-request cookies', { cookies: { sid: 'abc' } }, 'cookie'],
    ])('%s is not re-applied back on the first origin (A → B → A)', async (_name, options, header) => {
      const { fetch, sent } = recordingFetch({ [start]: [302, away], [away]: [307, back] })
      await new Session({ fetch }).get(start, options)
      expect(sent.map((s) => s.url)).toEqual([start, away, back])
      expect(sent[0]?.headers[header]).toBeDefined()
      expect(sent[1]?.headers[header]).toBeUndefined()
      expect(sent[2]?.headers[header]).toBeUndefined()
    })

    it('a one-shot call with Basic auth does not re-apply it either', async () => {
      const { fetch, sent } = recordingFetch({ [start]: [302, away], [away]: [307, back] })
      await get(start, { fetch, auth: ['user', 'hunter2'] })
      expect(sent.map((s) => s.headers.authorization)).toEqual([`Basic ${btoa('user:hunter2')}`, undefined, undefined])
    })
  })

  describe('what already held (regression)', () => {
    it.each([
      ['another host', 'https://evil.example.test/land'],
      ['another port', 'https://api.example.test:8443/land'],
      ['a downgrade to http', 'http://api.example.test/land'],
    ])('Basic, Bearer, explicit Authorization/Proxy-Authorization/Cookie are dropped on %s', async (_name, land) => {
      const start = 'https://api.example.test/start'
      for (const options of [
        { auth: ['user', 'hunter2'] as [string, string] },
        { auth: bearerAuth('tok-secret') },
        { headers: { authorization: 'Bearer x', 'proxy-authorization': 'Basic y', cookie: 'sid=1' } },
      ]) {
        const { fetch, sent } = recordingFetch({ [start]: [302, land] })
        await new Session({ fetch }).get(start, options)
        const last = sent[1]?.headers ?? {}
        expect([last.authorization, last['proxy-authorization'], last.cookie]).toEqual([undefined, undefined, undefined])
      }
    })

    it('a Secure jar cookie is not sent over a downgrade', async () => {
      const start = 'https://api.example.test/start'
      const { fetch, sent } = recordingFetch({ [start]: [302, 'http://api.example.test/land'] })
      const api = new Session({ fetch })
      api.cookies.set('sid=s3cret; Secure; Path=/', start)
      await api.get(start)
      expect(sent.map((s) => s.headers.cookie)).toEqual(['sid=s3cret', undefined])
    })
  })
})

describe.skipIf(isBrowserLike())('redirects surefetch refuses to follow', () => {
  it.each([
    ['data:', 'data:text/plain,hello'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['an invalid URL', 'http://:1'],
  ])('a Location to %s is a NetworkError, not followed and not retried', async (_name, location) => {
    const start = 'https://api.example.test/start'
    const { fetch, sent } = recordingFetch({ [start]: [302, location] })
    const error = await new Session({ fetch }).get(start).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toMatch(/redirect to .* Location refused/)
    expect(sent).toHaveLength(1)
  })
})
