/// <reference types="node" />
// Deadlines and the security guarantees that touch the platform (issues 16
// and 17: redirects, cookies, streams, body failures), on Deno and Bun against
// the built package — the vitest projects cover Node, happy-dom, Chromium and
// workerd. node:test + node:assert, run by test/runtimes/run.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
// @ts-types="../../dist/index.d.ts"
import { get, NetworkError, ParseError, Session, TimeoutError } from '../../dist/index.js'
import type { AuthFunction } from '../../dist/index.js'

const BASE = process.env.BASE ?? ''
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) throw new Error(`BASE must be the fault server origin, got ${JSON.stringify(BASE)}`)

const never = (() => new Promise<Response>(() => undefined)) as typeof fetch

interface Sent {
  url: string
  headers: Record<string, string>
}

/** A fetch that answers from a table (`url → [status, headers]`) and records what it was sent. */
function recordingFetch(table: Record<string, [number, Record<string, string>]>) {
  const sent: Sent[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => (headers[name] = value))
    sent.push({ url: request.url, headers })
    const [status, answer] = table[request.url] ?? [200, {}]
    return new Response(status === 200 ? '{}' : null, { status, headers: answer })
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

test('60 concurrent calls: every deadline fires in its phase', async () => {
  const phases = ['attempt', 'total', 'read'] as const
  const outcomes = await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const phase = phases[i % 3] as (typeof phases)[number]
      const ms = 50 + (i % 6) * 50
      try {
        if (phase === 'read') {
          const response = await get(`${BASE}/stall-body?key=rt-${i}`, { retry: false, timeout: { read: ms } })
          await response.text()
        } else {
          const timeout = phase === 'attempt' ? { attempt: ms } : { total: ms, attempt: 60_000 }
          await get(`${BASE}/stall?key=rt-${i}`, { retry: false, timeout })
        }
        return 'no error'
      } catch (error) {
        return error instanceof TimeoutError && error.phase === phase && error.timeout === ms ? 'ok' : String(error)
      }
    }),
  )
  assert.deepEqual(outcomes.filter((o) => o !== 'ok'), [])
})

test('a custom fetch that never settles times out', async () => {
  const error = await get(`${BASE}/json`, { fetch: never, timeout: 100 }).catch((e: unknown) => e)
  assert.ok(error instanceof TimeoutError)
  assert.equal(error.phase, 'total')
})

test('a body cut short by a reset is a NetworkError', async () => {
  const response = await get(`${BASE}/reset?after=body`, { retry: false })
  assert.ok((await response.text().catch((e: unknown) => e)) instanceof NetworkError)
})

test('lines() refuses a line longer than maxLineLength with a ParseError', async () => {
  const response = await get(`${BASE}/ndjson?count=50`)
  const error = await (async () => {
    for await (const line of response.lines({ maxLineLength: 4 })) void line
  })().catch((e: unknown) => e)
  assert.ok(error instanceof ParseError)
})

const apiKey: AuthFunction = (request) => {
  request.headers.set('x-api-key', 'k3y')
}

test('credentials are not re-applied after a hop to another origin (A → B → A)', async () => {
  const start = 'https://api.example.test/start'
  const away = 'https://evil.example.test/bounce'
  const back = 'https://api.example.test/steal'
  for (const options of [{ auth: apiKey }, { auth: ['u', 'p'] as [string, string] }, { cookies: { sid: 'abc' } }]) {
    const { fetch, sent } = recordingFetch({ [start]: [302, { location: away }], [away]: [307, { location: back }] })
    await new Session({ fetch }).get(start, options)
    assert.deepEqual(sent.map((s) => s.url), [start, away, back])
    const secret = (s: Sent | undefined) => s?.headers['x-api-key'] ?? s?.headers.authorization ?? s?.headers.cookie
    assert.ok(secret(sent[0]) !== undefined)
    assert.equal(secret(sent[1]), undefined)
    assert.equal(secret(sent[2]), undefined)
  }
})

test('a redirect to data: is a NetworkError', async () => {
  const start = 'https://api.example.test/start'
  const { fetch } = recordingFetch({ [start]: [302, { location: 'data:text/plain,x' }] })
  assert.ok((await new Session({ fetch }).get(start).catch((e: unknown) => e)) instanceof NetworkError)
})

test('the jar refuses a public suffix as Domain and keeps a registrable one (the list loads on demand)', async () => {
  const url = 'https://shop.example.co.uk/'
  const headers = new Headers()
  headers.append('set-cookie', 'wide=1; Domain=co.uk; Path=/')
  headers.append('set-cookie', 'ok=1; Domain=example.co.uk; Path=/')
  const fetch = (async () => new Response('{}', { headers })) as typeof globalThis.fetch
  const api = new Session({ fetch })
  await api.get(url)
  assert.deepEqual(api.cookies.get(url).map((c) => c.name), ['ok'])
})

test('plain http cannot set a Secure cookie', async () => {
  const fetch = (async () => new Response('{}', { headers: { 'set-cookie': 'sid=1; Secure; Path=/' } })) as typeof globalThis.fetch
  const api = new Session({ fetch })
  await api.get('http://api.example.test/')
  assert.equal(api.cookies.get('https://api.example.test/').length, 0)
})
