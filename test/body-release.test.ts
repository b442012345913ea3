// A stream request body that fetch never took is cancelled (its source
// released), as fetch cancels the bodies it takes when it fails or is
// aborted: when a custom fetch throws without reading it, when a hook fails
// before the request is sent, when every retry of a `body: () => stream`
// fails, and when the call's signal was aborted before it started. Shared:
// no network (custom fetch), every runtime that can send a stream body.
import { describe, expect, it } from 'vitest'
import { NetworkError, post, Session } from '../src/index.js'

/** A stream body and what happened to it. */
function source(): { stream: ReadableStream<Uint8Array>; cancelled: unknown[] } {
  const cancelled: unknown[] = []
  const stream = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.enqueue(new Uint8Array(8)),
    cancel: (reason) => void cancelled.push(reason),
  })
  return { stream, cancelled }
}

const failing = (async () => {
  throw new TypeError('fetch failed')
}) as typeof fetch

/** Whether fetch here sends a stream body (surefetch refuses one before any I/O elsewhere). */
const streams = (() => {
  try {
    return !new Request('http://127.0.0.1/', { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit).headers.has('content-type')
  } catch {
    return false
  }
})()

describe.skipIf(!streams)('a stream body fetch never took is cancelled', () => {
  it('when a custom fetch throws without reading it', async () => {
    const { stream, cancelled } = source()
    const error = await post('http://127.0.0.1:9/upload', { body: stream, fetch: failing, retry: false }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(cancelled).toHaveLength(1)
    expect(stream.locked).toBe(false)
  })

  it('when a beforeRequest hook throws before anything is sent', async () => {
    const { stream, cancelled } = source()
    const oops = new Error('hook failed')
    const hook = () => {
      throw oops
    }
    const error = await post('http://127.0.0.1:9/upload', { body: stream, fetch: failing, hooks: { beforeRequest: [hook] } }).catch((e: unknown) => e)
    expect(error).toBe(oops)
    expect(cancelled).toEqual([oops])
  })

  it('each attempt of a body: () => stream whose fetch failed (an idempotent PUT, retried)', async () => {
    const sources = [source(), source(), source()]
    let made = 0
    const session = new Session({ fetch: failing, retry: { limit: 2, backoff: () => 0 } })
    const error = await session.put('http://127.0.0.1:9/upload', { body: () => (sources[made++] as ReturnType<typeof source>).stream }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(made).toBe(3)
    expect(sources.map((s) => s.cancelled.length)).toEqual([1, 1, 1])
  })

  it('when the call signal was aborted before the call started, with its reason', async () => {
    const { stream, cancelled } = source()
    const reason = new Error('user left')
    const error = await post('http://127.0.0.1:9/upload', { body: stream, fetch: failing, signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)
    expect(error).toBe(reason)
    expect(cancelled).toEqual([reason])
  })

  it('not when fetch took it: a stream fetch read is fetch’s to end (no second cancel, no unhandled rejection)', async () => {
    const { stream, cancelled } = source()
    const reader = async (_url: RequestInfo | URL, init: RequestInit) => {
      const body = (init.body as ReadableStream<Uint8Array>).getReader()
      await body.read()
      throw new TypeError('connection reset')
    }
    const error = await post('http://127.0.0.1:9/upload', { body: stream, fetch: reader as typeof fetch, retry: false }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(cancelled).toEqual([])
    expect(stream.locked).toBe(true)
  })
})
