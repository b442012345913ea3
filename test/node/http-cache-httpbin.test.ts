/// <reference types="node" />
// httpCache against the REAL httpbin (python3-httpbin under gunicorn, see
// test/support/real-httpbin.ts: it FAILS, not skips, when unavailable), and
// the same checks against the mock httpbin (surefetch/mocks, MSW), so the
// mocks' /cache, /cache/:n, /etag/:etag and /response-headers are compared
// with httpbin's on what the cache relies on.
import { describe, expect, it } from 'vitest'
import { Session } from '../../src/index.js'
import { MOCK } from '../support/mock.js'
import { useRealHttpbin } from '../support/real-httpbin.js'

const real = useRealHttpbin()

describe.each([
  ['the real httpbin', () => real()],
  ['the mock httpbin', () => MOCK],
])('httpCache against %s', (_name, origin) => {
  it('/cache: the second GET revalidates with If-Modified-Since (and the ETag) and gets a 304', async () => {
    const api = new Session({ baseUrl: origin(), httpCache: true })
    const first = await api.get('/cache')
    const body = await first.json<{ url: string }>()
    expect(first.cached).toBe('miss')
    expect(first.headers.get('last-modified')).not.toBeNull()
    const second = await api.get('/cache')
    expect(second.cached).toBe('revalidated')
    expect(second.status).toBe(200)
    expect(second.request.headers.get('if-modified-since')).toBe(first.headers.get('last-modified'))
    expect(await second.json()).toEqual(body)
  })

  it('/etag/:etag: revalidates with If-None-Match and serves the stored body on the 304', async () => {
    const api = new Session({ baseUrl: origin(), httpCache: true })
    const first = await api.get('/etag/abc123')
    const body = await first.json()
    // httpbin sends the entity-tag bare, the mock quotes it (a documented difference: httpbin-conformance.test.ts).
    expect(first.headers.get('etag')?.replace(/"/g, '')).toBe('abc123')
    const second = await api.get('/etag/abc123')
    expect(second.cached).toBe('revalidated')
    expect(second.request.headers.get('if-none-match')).toBe(first.headers.get('etag'))
    expect(await second.json()).toEqual(body)
  })

  it('/cache/:n: public, max-age=n is served fresh with an Age', async () => {
    const api = new Session({ baseUrl: origin(), httpCache: true })
    await (await api.get('/cache/60')).json()
    const second = await api.get('/cache/60')
    expect(second.cached).toBe('hit')
    expect(second.headers.get('cache-control')).toBe('public, max-age=60')
    expect(second.headers.get('age')).toMatch(/^\d+$/)
  })

  it('/response-headers: a Cache-Control set through the query is honoured (no-store is never stored)', async () => {
    const api = new Session({ baseUrl: origin(), httpCache: true })
    await (await api.get('/response-headers', { params: { 'cache-control': 'max-age=60' } })).json()
    expect((await api.get('/response-headers', { params: { 'cache-control': 'max-age=60' } })).cached).toBe('hit')
    await (await api.get('/response-headers', { params: { 'cache-control': 'no-store' } })).json()
    expect((await api.get('/response-headers', { params: { 'cache-control': 'no-store' } })).cached).toBe('miss')
  })
})
