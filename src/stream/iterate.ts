/**
 * Async iterators over a body stream (`chunks()`, `lines()`, `ndjson()`, `sse()`),
 * written by hand instead of as `async function*`: a generator resumes, and
 * settles a fresh promise through its queue, for every item, which costs
 * more than splitting the line. Here `next()` hands out buffered items as
 * already-resolved results and reads the stream only when the buffer is
 * empty. The protocol is an async generator's: `next`/`return`/`throw`
 * queued one after another, `for await`, `await using`.
 *
 * Loaded on the first `next()` (see stream/lazy.ts): import only types from
 * here statically, or the module lands in every bundle.
 */
import { chunkParser, ignore } from './chunks.js'
import { lineParser } from './lines.js'
import { type ServerSentEvent, type SseOptions, sseParser } from './sse.js'
import type { BodyGenerator, ChunkParser, Fail, LinesOptions, NdjsonOptions } from './types.js'

export type { ChunkParser, Fail, LinesOptions, NdjsonOptions } from './types.js'

/**
 * Maps each item when it is handed out; may throw (the iterator then
 * cancels the body and rejects). `undefined` leaves the item out (a blank
 * NDJSON line: `JSON.parse` never returns `undefined`).
 */
export type ItemMapper<T, U> = (item: T) => U | undefined

/** What `BodyIterator` needs: all of it used on the first `next()` only. */
export interface BodySource<T, U> {
  /** The body stream (may throw: a body already read). */
  readonly open: () => ReadableStream<Uint8Array>
  /** The parser (may throw: bad options). */
  readonly parser: () => ChunkParser<T>
  readonly map?: ItemMapper<T, U> | undefined
}

/** `response.chunks(size)`. */
export function iterateChunks(stream: ReadableStream<Uint8Array>, size: number | undefined): BodyGenerator<Uint8Array> {
  return new BodyIterator({ open: () => stream, parser: () => chunkParser(size) })
}

/** `response.lines(options)`. */
export function iterateLines(
  stream: ReadableStream<Uint8Array>,
  encoding: string,
  options: LinesOptions | undefined,
  fail: Fail,
): BodyGenerator<string> {
  return new BodyIterator({ open: () => stream, parser: () => lineParser(encoding, options, fail) })
}

/**
 * `response.ndjson()`: one parsed value per non-blank line; a line that is
 * not JSON rejects with `ParseError` naming its number (blank lines count).
 * The body is taken (`open`) on the first `next()`.
 */
export function iterateNdjson<T>(
  open: () => ReadableStream<Uint8Array>,
  encoding: string,
  options: NdjsonOptions | undefined,
  fail: Fail,
): BodyGenerator<T> {
  let number = 0
  // `undefined` skips the line (JSON.parse never returns it).
  const parse = (line: string): T | undefined => {
    number++
    if (line.trim() === '') return undefined
    try {
      return JSON.parse(line) as T
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      throw fail(`invalid JSON on line ${number}: ${error.message}`, line, error)
    }
  }
  const lines: LinesOptions = { maxLineLength: options?.maxLineLength }
  return new BodyIterator<string, T>({ open, parser: () => lineParser(encoding, lines, fail), map: parse })
}

/**
 * `response.sse(options)`; the body is taken (`open`) on the first `next()`.
 * Here, not in sse.ts: one lazy chunk holds every iterator (a chunk of its
 * own for SSE, plus the re-export chunk esbuild then needs for this module,
 * cost more gzip bytes than the parser they kept apart).
 */
export function iterateEvents(
  open: () => ReadableStream<Uint8Array>,
  options: SseOptions | undefined,
  fail: Fail,
): BodyGenerator<ServerSentEvent> {
  return new BodyIterator({ open, parser: () => sseParser(options, fail) })
}

/** Not started / reading the body / body ended, buffered items left / finished. */
const START = 0
const READING = 1
const ENDED = 2
const CLOSED = 3

/**
 * An async generator over a body stream, parsed into items. Leaving early
 * (`break`, `return()`, `throw()`) or failing (a read error, an item that
 * does not map) cancels the body, which releases the connection; after it
 * was read to the end, the reader's lock is released.
 */
class BodyIterator<T, U = T> implements BodyGenerator<U> {
  readonly #source: BodySource<T, U>
  readonly #map: ItemMapper<T, U> | undefined
  #state = START
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  #parser: ChunkParser<T> | undefined
  readonly #items: T[] = []
  #index = 0
  /** The parser's error, thrown once the items before it are handed out (boxed: anything can be thrown). */
  #failure: { readonly error: unknown } | undefined
  /** Calls waiting for the one in progress (a generator runs them one at a time). */
  #pending = 0
  #tail: Promise<unknown> | undefined

  constructor(source: BodySource<T, U>) {
    this.#source = source
    this.#map = source.map
  }

  next(): Promise<IteratorResult<U, void>> {
    // Fast path: a buffered item, nothing in progress.
    if (this.#pending === 0 && this.#index < this.#items.length) {
      try {
        const result = this.#take()
        if (result !== undefined) return Promise.resolve(result)
      } catch (error) {
        return this.#enqueue(() => this.#fail(error))
      }
    }
    return this.#enqueue(() => this.#read())
  }

  return(): Promise<IteratorResult<U, void>> {
    return this.#enqueue(async () => {
      await this.#close()
      return { value: undefined, done: true }
    })
  }

  throw(error: unknown): Promise<IteratorResult<U, void>> {
    return this.#enqueue(() => this.#fail(error))
  }

  /** Runs `op` once the calls before it are done, as a generator queues them. */
  #enqueue<R>(op: () => Promise<R>): Promise<R> {
    this.#pending++
    const run = this.#queued(op, this.#tail)
    this.#tail = run
    return run
  }

  async #queued<R>(op: () => Promise<R>, previous: Promise<unknown> | undefined): Promise<R> {
    try {
      if (previous !== undefined) await previous.then(ignore, ignore)
      return await op()
    } finally {
      if (--this.#pending === 0) this.#tail = undefined
    }
  }

  /** The next buffered item that maps, or `undefined` when the buffer is used up. */
  #take(): IteratorResult<U, void> | undefined {
    const items = this.#items
    const map = this.#map
    while (this.#index < items.length) {
      const item = items[this.#index++] as T
      if (map === undefined) return { value: item as unknown as U, done: false }
      const value = map(item)
      if (value !== undefined) return { value, done: false }
    }
    return undefined
  }

  /** The slow path: start, read chunks until one completes an item, or finish. */
  async #read(): Promise<IteratorResult<U, void>> {
    try {
      for (;;) {
        const result = this.#take()
        if (result !== undefined) return result
        if (this.#failure !== undefined) throw this.#failure.error
        if (this.#state === START) this.#start()
        else if (this.#state === READING) await this.#fill()
        else {
          this.#state = CLOSED
          return { value: undefined, done: true }
        }
      }
    } catch (error) {
      return this.#fail(error)
    }
  }

  #start(): void {
    // Nothing is held until both succeed: a bad option leaves the body untouched.
    this.#state = CLOSED
    const parser = this.#source.parser()
    this.#reader = this.#source.open().getReader()
    this.#parser = parser
    this.#state = READING
  }

  /** Reads one chunk into the (used-up) buffer. */
  async #fill(): Promise<void> {
    const reader = this.#reader as ReadableStreamDefaultReader<Uint8Array>
    const parser = this.#parser as ChunkParser<T>
    const items = this.#items
    items.length = 0
    this.#index = 0
    const result = await reader.read()
    try {
      if (result.done) parser.end(items)
      else parser.push(result.value, items)
    } catch (error) {
      // The items the chunk completed before the failure are still handed out; the error follows them.
      this.#failure = { error }
      return
    }
    if (result.done) {
      this.#state = ENDED
      reader.releaseLock()
    }
  }

  /** Cleans up (cancelling the body when it was being read), then rejects with `error`. */
  async #fail(error: unknown): Promise<never> {
    await this.#close()
    throw error
  }

  /** Finishes the iterator; cancels the body first when it was being read (not when it ended). */
  async #close(): Promise<void> {
    const reader = this.#reader
    const reading = this.#state === READING
    this.#state = CLOSED
    this.#items.length = 0
    this.#index = 0
    if (reader === undefined || !reading) return
    this.#reader = undefined
    await reader.cancel().catch(ignore)
    reader.releaseLock()
  }
}
