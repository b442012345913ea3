/**
 * Reading a response body under the call's guards: the `read` timeout (the
 * longest wait for the next chunk) and the call's scope (user abort, session
 * close, `total` deadline). Used by the buffered helpers (`text()`, `json()`,
 * …) and by the `response.body` stream that iterators read.
 */
import { NetworkError, RequestError, TimeoutError } from './errors.js'
import type { DownloadProgress, PreparedRequest } from './request.js'
import type { Abortable, CallScope } from './util/scope.js'
import { ignore } from './util/discard.js'

/** What guards a body: the call's scope, the read timeout in ms, progress reporting, and how errors end. */
export interface BodyPolicy {
  readonly scope: CallScope | undefined
  readonly read: number | undefined
  readonly progress?: ((progress: DownloadProgress) => void) | undefined
  /** Gives a body-read `RequestError` the call's attempts and passes it through `beforeError`. */
  readonly settle?: ((error: RequestError) => Promise<RequestError>) | undefined
}

const EMPTY = new Uint8Array(0)
/** How a response with its body in memory hands it over (cache/stored-response.ts): a copy, once, unless the call was aborted. */
const STORED = Symbol.for('surefetch.stored')

/**
 * Holds a reader on the native body while it is read. While it lives, the
 * call's scope is linked (its parent signals watched, its total timer
 * armed) and the scope cancels this read on abort. The read timeout is one
 * timer of this body's own, armed by the first read and re-armed only when
 * it fires early (a read that waits `read` ms fails; time the consumer spends
 * holding a chunk does not count) — not a `setTimeout` per chunk. It is never
 * re-armed while no read is pending, so a body left half-read keeps no timer.
 */
class BodyGuard implements Abortable {
  failed = false
  failure: unknown
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #request: PreparedRequest
  readonly #scope: CallScope | undefined
  readonly #readMs: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  /** When the pending read started; `undefined` while the consumer holds a chunk. */
  #waitingSince: number | undefined
  #released = false
  readonly #progress: ((progress: DownloadProgress) => void) | undefined
  readonly #total: number | undefined
  #loaded = 0

  constructor(stream: ReadableStream<Uint8Array>, response: Response, request: PreparedRequest, policy: BodyPolicy) {
    this.#reader = stream.getReader()
    this.#request = request
    this.#readMs = policy.read
    this.#progress = policy.progress
    this.#total = policy.progress ? expectedLength(response.headers) : undefined
    const scope = policy.scope
    this.#scope = scope
    if (scope !== undefined) {
      scope.target = this
      if (scope.aborted) this.abort(scope.reason)
      else scope.link()
    }
  }

  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    if (this.failed) throw this.failure
    const ms = this.#readMs
    if (ms !== undefined) {
      this.#waitingSince = performance.now()
      this.#timer ??= setTimeout(readTimeout, ms, this)
    }
    let result: ReadableStreamReadResult<Uint8Array>
    try {
      result = await this.#reader.read()
    } catch (error) {
      // Ours (a timeout, the call's abort) or the runtime's: a reset, a body
      // cut short, corrupt gzip — a transport failure like any other.
      throw this.failed ? this.failure : new NetworkError(this.#request, error)
    } finally {
      this.#waitingSince = undefined
    }
    // A cancelled read resolves as `done`: report why it was cancelled.
    if (this.failed) throw this.failure
    if (this.#progress !== undefined && !result.done) {
      this.#loaded += result.value.byteLength
      const total = this.#total
      this.#progress(total === undefined ? { loaded: this.#loaded } : { loaded: this.#loaded, total, fraction: Math.min(1, this.#loaded / total) })
    }
    return result
  }

  /**
   * Called by the scope (abort, total deadline) or the read timer. Cancelling
   * the reader releases the connection; the attempt's signal is left alone
   * (aborting it after the headers makes undici reject a cancel of the locked
   * stream, unhandled).
   */
  abort(reason: unknown): void {
    if (this.failed) return
    this.failed = true
    this.failure = reason
    this.#reader.cancel(reason).catch(ignore)
  }

  /** The read timer fired: fail if the pending read has waited `read` ms, else wait for the rest. */
  idle(): void {
    this.#timer = undefined
    const since = this.#waitingSince
    if (this.failed || this.#released || since === undefined) return // re-armed by the next read
    const ms = this.#readMs as number
    const waited = performance.now() - since
    if (waited >= ms) this.abort(new TimeoutError(this.#request, 'read', ms))
    else this.#timer = setTimeout(readTimeout, ms - waited, this)
  }

  /**
   * Stops guarding: scope unlinked. After a complete read the reader keeps
   * its lock (the body is used up anyway, and releasing a lock makes the
   * runtime build an error for the reader's `closed` promise); after an
   * early exit or an error it is released.
   */
  release(complete = false): void {
    if (this.#released) return
    this.#released = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#scope?.unlink()
    if (complete) return
    try {
      this.#reader.releaseLock()
    } catch {
      // a pending read (cancelled) may still hold the lock on some runtimes
    }
  }

  /** Cancels the native body (which releases the connection), then stops guarding. */
  async cancel(reason: unknown): Promise<void> {
    try {
      await this.#reader.cancel(reason)
    } finally {
      this.release()
    }
  }
}

/**
 * The body's length when `content-length` tells it: not when the body is
 * content-encoded (the runtime decompresses, so the bytes read exceed it).
 */
function expectedLength(headers: Headers): number | undefined {
  const length = headers.get('content-length')
  const encoding = headers.get('content-encoding')
  if (length === null || (encoding !== null && encoding !== 'identity')) return undefined
  const total = Number(length)
  return Number.isSafeInteger(total) && total > 0 ? total : undefined
}

function readTimeout(guard: BodyGuard): void {
  guard.idle()
}

/** The native response, after checking its body was not read (the same TypeError on every runtime). */
export function checkUnused(raw: Response): Response {
  if (raw.bodyUsed) throw new TypeError('the response body was already read (a body can be read once; use clone() first)')
  return raw
}

/** The whole body as bytes, guarded when a policy is given. */
export async function readAll(raw: Response, request: PreparedRequest, policy: BodyPolicy | undefined): Promise<Uint8Array> {
  checkUnused(raw)
  // A body already in memory (a cached hit: cache/stored-response.ts) has no
  // read to time or guard: it hands its bytes over itself, checking the scope.
  const stored = (raw as { [STORED]?: (scope: CallScope | undefined) => Uint8Array })[STORED]
  if (stored) return stored.call(raw, policy?.scope)
  const stream = raw.body
  if (stream === null) return EMPTY
  if (policy === undefined) {
    try {
      return new Uint8Array(await raw.arrayBuffer())
    } catch (error) {
      throw new NetworkError(request, error)
    }
  }
  const guard = new BodyGuard(stream, raw, request, policy)
  const chunks: Uint8Array[] = []
  let size = 0
  let complete = false
  try {
    for (;;) {
      const { done, value } = await guard.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
    complete = true
  } finally {
    guard.release(complete)
  }
  return concat(chunks, size)
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * The body as a stream that applies the guards while it is read. Nothing is
 * read ahead (high-water mark 0), so the guards start with the first read.
 */
export function guardedStream(raw: Response, request: PreparedRequest, policy: BodyPolicy): ReadableStream<Uint8Array> {
  let guard: BodyGuard | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (guard === undefined) {
            checkUnused(raw)
            guard = new BodyGuard(raw.body as ReadableStream<Uint8Array>, raw, request, policy)
          }
          const { done, value } = await guard.read()
          if (done) {
            guard.release(true)
            controller.close()
          } else {
            controller.enqueue(value)
          }
        } catch (error) {
          guard?.release()
          controller.error(error instanceof RequestError && policy.settle ? await policy.settle(error) : error)
        }
      },
      cancel(reason) {
        return guard ? guard.cancel(reason) : raw.body?.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
