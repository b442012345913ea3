// A body that fails mid-read is a surefetch error (issue 17 item 10, issue 19):
// a NetworkError naming the request, through beforeError — never a bare
// `TypeError: terminated` without a URL. Every vitest project.
import { describe, expect, inject, it, vi } from 'vitest'
import { get, NetworkError, RequestError } from '../../src/index.js'

const base = inject('base')

/** A fetch whose response body delivers one chunk, then fails as a reset connection does. */
function brokenBody(timeout: false | undefined = undefined) {
  const fetch = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partial":'))
        },
        pull(controller) {
          controller.error(new TypeError('terminated'))
        },
      }),
      { headers: { 'content-type': 'application/json' } },
    )) as typeof globalThis.fetch
  return { fetch, timeout }
}

describe('a body that fails mid-read', () => {
  it.each([
    ['text()', (r: Promise<unknown>) => r],
    ['json()', (r: Promise<unknown>) => r],
  ])('rejects %s with a NetworkError naming the URL, through beforeError', async (name) => {
    const beforeError = vi.fn((error: RequestError) => error)
    const response = await get(`${base}/json?case=${name}`, { ...brokenBody(), hooks: { beforeError: [beforeError] } })
    const error = await (name === 'json()' ? response.json() : response.text()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toContain(`GET ${base}/json`)
    expect((error as Error).cause).toBeInstanceOf(TypeError)
    expect(beforeError).toHaveBeenCalledWith(error)
  })

  it('without timeouts or hooks (the runtime reads the body natively) it is a NetworkError too', async () => {
    const response = await get(`${base}/json`, brokenBody(false))
    expect(await response.text().catch((e: unknown) => e)).toBeInstanceOf(NetworkError)
  })

  it('iterators reject with a NetworkError', async () => {
    const response = await get(`${base}/json`, brokenBody())
    const error = await (async () => {
      for await (const _ of response.chunks()) void _
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
  })

  it('a real connection reset after the first chunk is a NetworkError', async () => {
    const response = await get(`${base}/reset?after=body`, { retry: false, timeout: { read: 1_000 } })
    const error = await response.text().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestError)
    // happy-dom's fetch never errors a body whose socket was destroyed: there the read timeout ends it.
    if (typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')) expect(error).toMatchObject({ name: 'TimeoutError', phase: 'read' })
    else expect(error).toBeInstanceOf(NetworkError)
  })

  it('reading a body twice is still a plain TypeError (a programming error, not a network one)', async () => {
    const response = await get(`${base}/json`)
    await response.text()
    const error = await response.text().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(RequestError)
  })
})
