import type { CallScope } from '../util/scope.js'

/**
 * A native `Response` over a stored body (issue 21: a cached hit without the
 * runtime's body stream). `new Response(bytes)` builds a stream and reading
 * it back runs the stream machinery: on Node 20 that is 17 µs of a hit's
 * 25. This subclass is a real `Response` (`instanceof`, `status`, `headers`
 * are native) constructed without a body, whose body members read the
 * stored bytes: the buffered readers return them at once, `body` builds a
 * stream only when asked for. It follows `Response`'s rules: one read (a
 * `TypeError` after), `clone()` before reading, `bodyUsed` once read.
 * The bytes are the cache's and never handed out: readers get a copy
 * unless they only decode them (`text()`, `json()`).
 */
export class StoredResponse extends Response {
  readonly #bytes: Uint8Array | null
  #used = false
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined = undefined

  /** `bytes` is the body (`null`: none); `init` as for `Response`. */
  constructor(bytes: Uint8Array | null, init: ResponseInit) {
    super(null, init)
    this.#bytes = bytes
    // happy-dom's Response keeps `bodyUsed` as an own field, which would hide the getter below.
    if (Object.hasOwn(this, 'bodyUsed')) delete (this as { bodyUsed?: boolean }).bodyUsed
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === undefined) {
      const bytes = this.#bytes
      this.#stream =
        bytes === null
          ? null
          : new ReadableStream<Uint8Array<ArrayBuffer>>(
              {
                pull: (controller) => {
                  this.#used = true
                  controller.enqueue(bytes.slice())
                  controller.close()
                },
                cancel: () => {
                  this.#used = true
                },
              },
              { highWaterMark: 0 },
            )
    }
    return this.#stream
  }

  override get bodyUsed(): boolean {
    return this.#used
  }

  /** The bytes, once: a `TypeError` when the body was read, or is being read as a stream. */
  #take(): Uint8Array {
    if (this.#used || this.#stream?.locked) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = this.#bytes !== null
    return this.#bytes ?? new Uint8Array(0)
  }

  /**
   * For readAll (body.ts), in place of a guarded read: the body's bytes, a
   * copy, once, with no stream — unless the call was aborted (its signal,
   * its session closed, its total deadline), which a read would report.
   */
  [Symbol.for('surefetch.stored')](scope: CallScope | undefined): Uint8Array {
    if (scope !== undefined) {
      scope.link()
      scope.unlink()
      if (scope.aborted) throw scope.reason
    }
    return this.#take().slice()
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer as ArrayBuffer
  }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take().slice()
  }
  override async text(): Promise<string> {
    return new TextDecoder().decode(this.#take())
  }
  override async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }
  override async blob(): Promise<Blob> {
    return new Blob([this.#take().slice()], { type: this.headers.get('content-type') ?? '' })
  }
  override async formData(): Promise<FormData> {
    return new Response(this.#take().slice(), { headers: this.headers }).formData()
  }
  override clone(): Response {
    if (this.#used || this.#stream?.locked) throw new TypeError('Response.clone: Body has already been consumed.')
    // SureResponse's clone() copies what `response.cached` reads.
    return new StoredResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers })
  }
}

/**
 * Whether `Response` is Node's (undici, a JS class): then a hit is a
 * `StoredResponse`, whose native body is empty and whose members read the
 * stored bytes — 17 µs less per hit on Node 20, and safe there, as nothing
 * in Node reads a `Response` but through its members. Elsewhere the
 * platform reads the native body itself (a Worker, `Deno.serve` or
 * `Bun.serve` returning `response.raw`, the Cache API, a service worker's
 * `respondWith`), so a hit is a plain `Response` (ADR 0006). Node 20 has no
 * `navigator`; Node 21+ says `Node.js/…`.
 */
const UNDICI = (() => {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent
  return agent === undefined ? typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string' : agent.startsWith('Node.js')
})()

/**
 * A hit's native response: a `StoredResponse` on Node, a plain `Response`
 * elsewhere — over a copy, as happy-dom keeps the bytes it is given (the
 * fetch standard copies them), so a caller could change the cache.
 */
export function storedResponse(bytes: Uint8Array | null, init: ResponseInit): Response {
  return UNDICI ? new StoredResponse(bytes, init) : new Response((bytes?.slice() ?? null) as BodyInit | null, init)
}
