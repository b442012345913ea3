// `Session` is `AsyncDisposable` (`[Symbol.asyncDispose]`, for `await using`):
// the published types reference the lib that declares the symbol, as
// @types/node does, so that projects on an older `lib` (es2022) compile. It
// is here because this module opens the bundled dist/index.d.ts, where a
// directive only counts at the top.
/// <reference lib="esnext.disposable" preserve="true" />
/**
 * The public types of a request on the wire, as layers, auth functions,
 * responses and errors see it. The bottom of the module graph: it imports
 * nothing, so every module may import it.
 */
/**
 * What the transport sends as the body: what `json`, `form`, `multipart` or
 * `body` became, as `PreparedRequest.body` and `response.request.body` show it.
 * The body types every `fetch` takes (the Fetch standard's `BodyInit`),
 * spelled out so that the types need no DOM lib: a string, bytes (an
 * `ArrayBuffer` or a view of one, such as a `Uint8Array`), a `Blob`, `FormData`,
 * `URLSearchParams`, a byte stream, or `null` for none.
 *
 * @example
 * ```ts
 * const response = await post('https://httpbin.org/post', { json: { a: 1 } })
 * response.request.body   // '{"a":1}'
 * ```
 */
export type RequestBody =
  | string
  | ArrayBuffer
  | ArrayBufferView<ArrayBuffer>
  | Blob
  | FormData
  | URLSearchParams
  | ReadableStream<Uint8Array>
  | null

/**
 * The request as it goes down the layer stack — the `PreparedRequest` of
 * requests. Layers may change it or pass a modified copy to `next`; once
 * sent, it is `response.request` (and `error.request`).
 *
 * @example
 * ```ts
 * const response = await post('https://httpbin.org/post', { params: { v: 1 }, json: { a: 1 } })
 * response.request.method                        // 'POST'
 * response.request.url                           // 'https://httpbin.org/post?v=1'
 * response.request.headers.get('content-type')   // 'application/json'
 * ```
 */
export interface PreparedRequest {
  /** Upper-case method. */
  method: string
  /** Absolute URL, with `params` applied. */
  url: string
  /** The headers to send: session, mount and request headers merged, then those auth and other layers set. */
  headers: Headers
  /** What is sent: a string, bytes, `FormData`, `URLSearchParams`, a stream, or `null`. */
  body: RequestBody
  /** The signal of this attempt (user signal, session close, timeouts combined). */
  signal: AbortSignal | undefined
}

/**
 * One attempt of a call, as recorded in `error.history`.
 *
 * @example
 * ```ts
 * const error = await get('https://httpbin.org/status/503').catch((e) => e)
 * error.history   // [{ attempt: 1, status: 503, delay: 212 }, { attempt: 2, status: 503, delay: 388 }, { attempt: 3, status: 503, delay: 0 }]
 * ```
 */
export interface AttemptRecord {
  /** 1-based attempt number. */
  attempt: number
  /** Status of the response, when one arrived. */
  status?: number
  /** The failure, when the attempt failed without a response. */
  error?: unknown
  /** ms waited after this attempt before the next one (0 for the last). */
  delay: number
}

/**
 * Continues the stack with the given request. May be called more than once (retries, redirects).
 *
 * @example
 * ```ts
 * const layer: Layer = (request, next) => next({ ...request, headers: new Headers(request.headers) })
 * ```
 */
export type Next = (request: PreparedRequest) => Promise<Response>

/**
 * A layer of the client: one concern (auth, retry, …) wrapped around the rest
 * of the stack. `session.use(layer)` inserts one just above the transport.
 *
 * @example
 * session.use(async function timing(request, next) {
 *   const started = Date.now()
 *   try { return await next(request) } finally { console.log(request.url, Date.now() - started) }
 * })
 */
export type Layer = (request: PreparedRequest, next: Next) => Promise<Response>

/**
 * Progress of a body download, handed to `onDownloadProgress` after every chunk.
 *
 * @example
 * ```ts
 * await get('https://httpbin.org/bytes/102400', {
 *   onDownloadProgress: ({ loaded, fraction }) => console.log(`${loaded} bytes, ${Math.round((fraction ?? 0) * 100)} %`),
 * }).bytes()
 * ```
 */
export interface DownloadProgress {
  /** Bytes read so far. */
  loaded: number
  /** The `content-length`, when the server sent one and the body is not content-encoded. */
  total?: number
  /** `loaded / total`, when the total is known. */
  fraction?: number
}
