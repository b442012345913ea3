// onUploadProgress (SPEC §13, issue 21) against the real fault server, whose
// /upload route reads the whole body and says what arrived. Runs in every
// vitest project (and in the shared suite on Deno and Bun): node, workerd,
// Deno and Bun stream the body and report as fetch pulls it; chromium (a
// real browser, whose fetch streams request bodies only over HTTP/2, and the
// fault server speaks HTTP/1.1) sends the attempt with XMLHttpRequest and
// reports its upload events; happy-dom (whose XHR has no upload events)
// reports once, at 100 %, when the response arrives.
import { describe, expect, inject, it } from 'vitest'
import { get, NetworkError, post, put, Session, TimeoutError, type UploadProgress } from '../src/index.js'
import { MOCK } from './support/mock.js'

const base = inject('base')
const MiB = 1024 * 1024
const browserLike = typeof document !== 'undefined'
/** Chromium: XMLHttpRequest. happy-dom: the single event. */
const realBrowser = browserLike && !/HappyDOM/.test(navigator.userAgent)
const singleEvent = browserLike && !realBrowser
// Deno's fetch sends a stream body chunked whatever content-length says (docs/streaming.md).
const deno = (globalThis as { Deno?: unknown }).Deno !== undefined

interface Upload {
  bytes: number
  chunked: boolean
  contentLength: string | null
  contentType: string | null
}

function recorder(): { events: UploadProgress[]; onUploadProgress: (progress: UploadProgress) => void } {
  const events: UploadProgress[] = []
  return { events, onUploadProgress: (progress) => void events.push({ ...progress }) }
}

function expectIncreasingTo(events: UploadProgress[], total: number): void {
  expect(events.at(-1)).toEqual({ loaded: total, total, percent: 100 })
  for (let i = 1; i < events.length; i++) expect((events[i] as UploadProgress).loaded).toBeGreaterThan((events[i - 1] as UploadProgress).loaded)
  for (const event of events) expect(event.total).toBe(total)
}

describe('onUploadProgress', () => {
  // 5 MiB through MSW's interceptor and the runtime's fetch: slow on a loaded 2-core machine (Deno took 5.5 s once).
  it('reports a 5 MiB body with increasing loaded, ending at total', { timeout: 30_000 }, async () => {
    const { events, onUploadProgress } = recorder()
    const body = new Uint8Array(5 * MiB).fill(7)
    // Paced on the browser's behalf: over loopback 5 MiB go out before its first upload event.
    const upload = await post(`${base}/upload?pace=${realBrowser ? 10 : 0}`, { body, onUploadProgress }).json<Upload>()
    expect(upload.bytes).toBe(5 * MiB)
    expect(upload.contentType).toBeNull() // bytes: fetch adds no content-type, and neither does the progress
    expectIncreasingTo(events, 5 * MiB)
    if (singleEvent) {
      // No streamed upload: one event when the body was sent.
      expect(events).toHaveLength(1)
      expect(upload.chunked).toBe(false)
    } else if (realBrowser) {
      // XMLHttpRequest's upload events: as often as the browser fires them, at least one before the end.
      expect(upload).toMatchObject({ chunked: false, contentLength: String(5 * MiB) })
      expect(events.length).toBeGreaterThanOrEqual(2)
    } else {
      // Streamed, at most 64 KiB at a time (workerd's Blob streams 4 KiB chunks), with its length declared (not chunked).
      expect(upload).toMatchObject(deno ? { chunked: true } : { chunked: false, contentLength: String(5 * MiB) })
      expect(events.length).toBeGreaterThanOrEqual(80)
      expect((events[0] as UploadProgress).loaded).toBeLessThanOrEqual(64 * 1024)
    }
  })

  it('reports json, form and multipart bodies by the bytes sent, with the content-type fetch would give them', async () => {
    for (const options of [
      { json: { hello: 'world', list: [1, 2, 3] } },
      { form: { a: '1', b: 'two words' } },
      { multipart: { note: 'hi', file: [new Blob(['x'.repeat(1000)], { type: 'text/plain' }), 'x.txt'] as const } },
      { body: 'plain text' },
      { body: new Blob(['<svg/>'], { type: 'image/svg+xml' }) },
    ]) {
      const { events, onUploadProgress } = recorder()
      const upload = await post(`${base}/upload`, { ...options, onUploadProgress }).json<Upload>()
      expect(upload.bytes).toBeGreaterThan(0)
      expectIncreasingTo(events, upload.bytes)
      if ('multipart' in options) expect(upload.contentType).toMatch(/^multipart\/form-data; ?boundary=/)
      if ('json' in options) expect(upload.contentType).toBe('application/json')
      if (typeof options.body === 'string') expect(upload.contentType).toMatch(/^text\/plain/)
      if (options.body instanceof Blob) expect(upload.contentType).toBe('image/svg+xml')
    }
  })

  it('reports from 0 again on each attempt', async () => {
    const { events, onUploadProgress } = recorder()
    const key = `${Date.now()}-${Math.random()}`
    const response = await put(`${base}/upload?fail=1&key=${key}`, {
      body: 'x'.repeat(1000),
      retry: { limit: 1, backoff: { initial: 0 } },
      onUploadProgress,
    })
    expect(response.attempts).toBe(2)
    expect(events).toEqual([
      { loaded: 1000, total: 1000, percent: 100 },
      { loaded: 1000, total: 1000, percent: 100 },
    ])
  })

  // happy-dom reports only when the response arrives, too late to abort the upload.
  it.skipIf(singleEvent)('rejects with the signal\'s reason when aborted mid-upload', { timeout: 30_000 }, async () => {
    const controller = new AbortController()
    const reason = new Error('user cancelled')
    const events: UploadProgress[] = []
    const error = await post(`${base}/upload?pace=10`, {
      body: new Uint8Array(5 * MiB),
      signal: controller.signal,
      retry: false,
      onUploadProgress: (progress) => {
        events.push(progress)
        if (progress.loaded < 5 * MiB) controller.abort(reason)
      },
    }).catch((e: unknown) => e)
    expect(error).toBe(reason)
    expect(events).toHaveLength(1)
    expect((events[0] as UploadProgress).loaded).toBeLessThan(5 * MiB)
  })

  it('times an attempt out while the body is still going out', { timeout: 30_000 }, async () => {
    const { events, onUploadProgress } = recorder()
    // 16 MiB: with the server reading 64 KiB per 50 ms, the socket buffers
    // hold a few MiB at most, so the body is still going out when the timer
    // fires, even late on a loaded machine (with 5 MiB it once was all out).
    const error = await post(`${base}/upload?pace=50`, {
      body: new Uint8Array(16 * MiB),
      timeout: { attempt: 300 },
      retry: false,
      onUploadProgress,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).phase).toBe('attempt')
    expect(events.some((event) => event.percent === 100)).toBe(false)
  })

  it('turns a connection reset into a NetworkError', async () => {
    const { events, onUploadProgress } = recorder()
    const error = await post(`${base}/reset`, { body: 'x'.repeat(1000), retry: false, onUploadProgress }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(events.filter((event) => event.percent === 100).length).toBeLessThanOrEqual(1)
  })

  it('keeps the status, headers and body of the response', async () => {
    const { events, onUploadProgress } = recorder()
    const response = await post(`${base}/status/418`, { body: 'tea', throwHttpErrors: false, onUploadProgress })
    expect(response.status).toBe(418)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(await response.text()).toMatch(/^418 /)
    expect(events.at(-1)).toEqual({ loaded: 3, total: 3, percent: 100 })
    const empty = await put(`${base}/status/204`, { body: 'x', onUploadProgress })
    expect(empty.status).toBe(204)
    expect(await empty.text()).toBe('')
    if (!singleEvent) expect(empty.raw.body).toBeNull() // happy-dom's fetch gives a 204 an empty stream
  })

  it('works with MSW-mocked routes', async () => {
    const { events, onUploadProgress } = recorder()
    const echoed = await post(`${MOCK}/post`, { json: { a: 1 }, onUploadProgress }).json<{ json: unknown; headers: Record<string, string> }>()
    expect(echoed.json).toEqual({ a: 1 })
    expectIncreasingTo(events, 7)
  })

  it.skipIf(browserLike)('counts a stream body, whose total is known at its end', async () => {
    const { events, onUploadProgress } = recorder()
    const parts = ['abc', 'defgh', 'ij']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      },
    })
    const upload = await post(`${base}/upload`, { body: stream, onUploadProgress }).json<Upload>()
    expect(upload).toMatchObject({ bytes: 10, chunked: true })
    expect(events).toEqual([{ loaded: 3 }, { loaded: 8 }, { loaded: 10 }, { loaded: 10, total: 10, percent: 100 }])
  })

  it('is not called for a call without a body', async () => {
    const { events, onUploadProgress } = recorder()
    await get(`${base}/json`, { onUploadProgress }).json()
    expect(events).toEqual([])
  })

  it('rejects with the error the callback throws', async () => {
    const oops = new Error('progress bar broke')
    const error = await post(`${base}/upload`, {
      body: new Uint8Array(1024),
      retry: false,
      onUploadProgress: () => {
        throw oops
      },
    }).catch((e: unknown) => e)
    expect(error).toBe(oops)
  })

  it('refuses a callback that is not a function, naming the option', async () => {
    const error = await post(`${base}/upload`, { body: 'x', onUploadProgress: 'yes' as unknown as () => void }).catch((e: unknown) => e)
    expect(error).toEqual(new TypeError('onUploadProgress must be a function, got "yes"'))
    expect(() => new Session({ onUploadProgress: 1 as unknown as () => void })).toThrow(TypeError)
  })
})
