/**
 * `onUploadProgress` (SPEC §13), loaded by the transport only for a call
 * that sets it and has a body, so no other bundle carries it. Per attempt:
 * every attempt sends a new body, so its progress starts again from 0
 * (docs/decisions/0007-coalesce-upload-progress.md).
 */
import type { PreparedRequest } from './context.js'
import type { RequestBody } from './request.js'
import type { UploadProgress } from './types.js'

/** Bytes handed to fetch per event at most: a 5 MiB body reports about 80 times. */
const SLICE = 64 * 1024

/** What the transport does with an upload it tracks. */
export interface Upload {
  /**
   * The response headers arrived: the body was sent (the single event, where
   * the body is not streamed). Throws what the callback threw, if it did
   * (some runtimes answer even when the body stream failed), after
   * cancelling the response.
   */
  sent(response: Response): void
  /** The error the progress callback threw, which failed the upload (rethrown as is, not as a NetworkError). */
  failure: unknown
  /** Set in a real browser: sends this attempt with XMLHttpRequest instead of `fetch` (`send` below). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>
}

/**
 * Replaces `init.body` with a stream that reports the bytes fetch pulls from
 * it, where the runtime streams request bodies; in a real browser, sends the
 * attempt with XMLHttpRequest (`upload.fetch`) and reports its upload
 * events; elsewhere (happy-dom, a custom `fetch`, fetch options XHR cannot
 * honour) sends the body as a Blob and reports once, at 100 %, when the
 * response arrives.
 */
export async function trackUpload(
  request: PreparedRequest,
  init: { body?: unknown; duplex?: string; headers?: unknown },
  report: (progress: UploadProgress) => void,
  browser: boolean,
): Promise<Upload> {
  const body = request.body as NonNullable<RequestBody>
  const upload: Upload = {
    sent(response) {
      if (upload.failure === undefined) return
      response.body?.cancel().catch(ignore)
      throw upload.failure
    },
    failure: undefined,
  }
  let source: ReadableStream<Uint8Array>
  let total: number | undefined
  if (body instanceof ReadableStream) {
    // The caller streams already (prepare.ts checked the runtime can): count what passes.
    source = body
    const length = Number(request.headers.get('content-length') ?? Number.NaN)
    total = Number.isSafeInteger(length) && length >= 0 ? length : undefined
  } else {
    // The bytes fetch would send, with the content-type it would add
    // (FormData's boundary): one Blob, whose size is the total. The Blob is
    // what is sent, so that the total is exact (a runtime may serialise the
    // same FormData with a boundary of another length).
    const blob = body instanceof Blob ? body : await new Response(body as BodyInit).blob()
    total = blob.size
    const headers = new Headers(request.headers)
    // Only the kinds fetch gives a content-type (Bun types bytes text/plain too);
    // a Blob's own type, which a stream of it would lose.
    const typed = body === blob || typeof body === 'string' || body instanceof FormData || body instanceof URLSearchParams
    if (typed && blob.type !== '' && !headers.has('content-type')) headers.set('content-type', blob.type)
    init.headers = headers
    if (!streams(browser)) {
      init.body = blob
      if (browser && viaXhr(init, request.context.options.fetch)) {
        upload.sent = ignore
        upload.fetch = (url, init) => send(url, init, blob, report, upload)
        return upload
      }
      upload.sent = (response) => {
        try {
          report({ loaded: blob.size, total: blob.size, percent: 100 })
        } catch (error) {
          response.body?.cancel().catch(ignore)
          throw error
        }
      }
      return upload
    }
    // The length is known: declared, so that the stream is not sent chunked
    // (servers that require a length, such as S3's presigned PUTs, refuse that).
    headers.set('content-length', String(total))
    source = blob.stream()
  }
  const reader = source.getReader()
  let loaded = 0
  let pending: Uint8Array | undefined
  const emit = (progress: UploadProgress, controller: ReadableStreamDefaultController<Uint8Array>): void => {
    try {
      report(progress)
    } catch (error) {
      upload.failure = error
      controller.error(error)
      reader.cancel(error).catch(ignore)
    }
  }
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending === undefined) {
          const { done, value } = await reader.read()
          if (done) {
            controller.close()
            // The last slice reported 100 % when the total was known; a stream of unknown length ends here.
            if (total === undefined || loaded === 0) emit({ loaded, total: loaded, percent: 100 }, controller)
            return
          }
          pending = value
        }
        // Re-sliced, without copying: a runtime may hand over a whole Blob as one chunk.
        const chunk: Uint8Array = pending.byteLength > SLICE ? pending.subarray(0, SLICE) : pending
        pending = chunk === pending ? undefined : pending.subarray(SLICE)
        controller.enqueue(chunk)
        loaded += chunk.byteLength
        emit(total === undefined ? { loaded } : { loaded, total, percent: Math.min(100, (loaded / total) * 100) }, controller)
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
  // workerd sends any stream chunked, whatever content-length says, unless it is a FixedLengthStream.
  const Fixed = (globalThis as { FixedLengthStream?: new (length: number) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream
  init.body = total !== undefined && Fixed !== undefined ? counted.pipeThrough(new Fixed(total)) : counted
  init.duplex = 'half'
  return upload
}

let streaming: boolean | undefined

/**
 * Whether fetch here streams a `ReadableStream` request body. Not in a
 * browser (or a DOM emulation; `browser`, from util/runtime.ts, passed in by
 * the transport so that this lazily loaded module imports no code): Firefox and Safari cannot, and Chromium
 * sends one only over HTTP/2 or later — over HTTP/1.1 (every `http:` URL,
 * and `https:` servers without h2) its fetch rejects with a TypeError that
 * says nothing more, before any byte is sent, and which protocol a
 * connection will speak is not known in advance. Coarse progress is better
 * than an upload that fails because progress was asked for. Elsewhere the
 * tell-tale is the content-type a runtime without stream bodies gives the
 * request ("[object ReadableStream]" as text); the web's other check, that
 * `duplex` is read, fails on workerd, which streams without reading it.
 */
function streams(browser: boolean): boolean {
  if (streaming === undefined) {
    streaming = false
    if (!browser) {
      try {
        const init = { method: 'POST', body: new ReadableStream(), duplex: 'half' }
        streaming = !new Request('http://127.0.0.1/', init as RequestInit).headers.has('content-type')
      } catch {
        // no stream bodies
      }
    }
  }
  return streaming
}

/**
 * Whether this attempt can go through XMLHttpRequest, whose `upload` events
 * are the only upload progress a browser gives over HTTP/1.1: a real browser
 * (happy-dom's XHR never fires upload events; jsdom's fetch is Node's), the
 * global fetch (a custom `fetch` is used as is), and nothing XHR cannot do
 * as fetch would: it always follows redirects, cannot omit same-origin
 * credentials, and has none of fetch's other options (`cache`, `mode`,
 * `keepalive`, `integrity`, `referrer`, `priority`, …).
 */
function viaXhr(init: Record<string, unknown>, custom: unknown): boolean {
  const XHR = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest
  if (custom !== undefined || typeof XHR !== 'function' || /HappyDOM|jsdom/.test(globalThis.navigator?.userAgent ?? '')) return false
  const { redirect, credentials } = init
  if ((redirect ?? 'follow') !== 'follow' || (credentials ?? 'same-origin') === 'omit') return false
  return Object.keys(init).every((key) => init[key] === undefined || XHR_INIT.has(key))
}

const XHR_INIT = new Set(['method', 'headers', 'body', 'redirect', 'signal', 'credentials', 'duplex'])

/** Request headers a browser refuses to let a script set (XHR logs an error for each and sends its own). */
const FORBIDDEN = /^(?:accept-(?:charset|encoding)|access-control-request-.*|connection|content-length|cookie2?|date|dnt|expect|host|keep-alive|origin|referer|te|trailer|transfer-encoding|upgrade|via|(?:proxy|sec)-.*)$/i

/**
 * One attempt through XMLHttpRequest, settled like `fetch`: a native
 * `Response` when the whole response has arrived (XHR gives the body only
 * then), a `TypeError` for a network error, the signal's reason for an
 * abort. `loaded` is reported as XHR's upload events say, strictly
 * increasing, and 100 % exactly once, when the last byte went out. Nothing
 * is kept once it settles: the listeners are removed, the XHR dropped.
 */
function send(url: string, init: RequestInit, blob: Blob, report: (progress: UploadProgress) => void, upload: Upload): Promise<Response> {
  return new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined
    if (signal?.aborted) return reject(signal.reason)
    const method = init.method ?? 'GET'
    const total = blob.size
    let xhr: XMLHttpRequest | undefined = new XMLHttpRequest()
    let loaded = -1
    const settle = (error: unknown, response?: Response): void => {
      if (xhr === undefined) return
      const done = xhr
      xhr = undefined
      signal?.removeEventListener('abort', onAbort)
      done.upload.removeEventListener('progress', onProgress)
      done.upload.removeEventListener('load', onSent)
      done.onload = done.onerror = done.onabort = done.ontimeout = null
      if (response === undefined) {
        done.abort()
        reject(error)
      } else resolve(response)
    }
    const emit = (bytes: number): void => {
      if (bytes <= loaded || xhr === undefined) return
      loaded = bytes
      try {
        report({ loaded, total, percent: total === 0 ? 100 : (loaded / total) * 100 })
      } catch (error) {
        upload.failure = error
        settle(error)
      }
    }
    // Mid-way events only: the 100 % one is `load`'s (a progress event at the total may come before it, or twice from MSW).
    const onProgress = (event: ProgressEvent): void => {
      if (event.loaded < total) emit(event.loaded)
    }
    const onSent = (): void => emit(total)
    const onAbort = (): void => settle(signal?.reason)
    xhr.open(method, url)
    if (init.credentials === 'include') xhr.withCredentials = true
    xhr.responseType = 'blob'
    new Headers(init.headers).forEach((value, name) => {
      if (!FORBIDDEN.test(name)) xhr?.setRequestHeader(name, value)
    })
    xhr.upload.addEventListener('progress', onProgress)
    xhr.upload.addEventListener('load', onSent)
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => settle(new TypeError('Failed to fetch'))
    xhr.onload = () => {
      if (total === 0) emit(0) // an empty body may have no upload events
      const done = xhr
      if (done === undefined) return
      try {
        const headers = new Headers()
        for (const line of done.getAllResponseHeaders().split('\r\n')) {
        const colon = line.indexOf(':')
          if (colon > 0) headers.append(line.slice(0, colon), line.slice(colon + 1).trim())
        }
        const empty = method.toUpperCase() === 'HEAD' || [204, 205, 304].includes(done.status)
        const response = new Response(empty ? null : (done.response as Blob), { status: done.status, statusText: done.statusText, headers })
        // A constructed Response has no url: the one XHR ended at, and whether it was redirected there.
        const at = done.responseURL
        if (at !== '') Object.defineProperties(response, { url: { value: at }, redirected: { value: at !== new URL(url, at).href.split('#')[0] } })
        settle(undefined, response)
      } catch (error) {
        settle(error) // a header value or status a Response cannot take: never a call that hangs
      }
    }
    signal?.addEventListener('abort', onAbort)
    xhr.send(blob)
  })
}

function ignore(): void {}
