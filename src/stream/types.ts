/**
 * Types the body iterators share (iterate.ts, lines.ts, chunks.ts, sse.ts,
 * and response.ts for the options): the bottom of stream/, it imports nothing.
 */

/**
 * Builds the `ParseError` of the response being iterated, from what was
 * wrong, the text it is about and the underlying error. The response makes
 * it, so the parsers never import the response module.
 */
export type Fail = (reason: string, snippet: string, cause?: unknown) => Error

/**
 * Turns body chunks into items: `push` appends the items a chunk completes,
 * `end` those left when the body ends.
 */
export interface ChunkParser<T> {
  push(chunk: Uint8Array, out: T[]): void
  end(out: T[]): void
}

/**
 * Options of `response.lines()`.
 * @inline
 */
export interface LinesOptions {
  /** Split on this string instead of `\n`, `\r\n` and `\r`. */
  delimiter?: string | undefined
  /** Keep each line's terminator. @default false */
  keepEnds?: boolean | undefined
  /**
   * The longest line accepted, in characters (UTF-16 code units of the
   * decoded text, the terminator not counted). A longer line rejects with
   * `ParseError` and cancels the body, before the rest of it is buffered.
   * `Infinity` accepts any length.
   * @default 1_048_576
   * @example for await (const line of response.lines({ maxLineLength: 64 * 1024 })) handle(line)
   */
  maxLineLength?: number | undefined
}

/**
 * Options of `response.ndjson()`.
 * @inline
 */
export interface NdjsonOptions {
  /**
   * The longest line accepted, in characters (UTF-16 code units of the
   * decoded text, the terminator not counted). A longer line rejects with
   * `ParseError` and cancels the body, before the rest of it is buffered.
   * `Infinity` accepts any length.
   * @default 1_048_576
   * @example for await (const row of response.ndjson({ maxLineLength: 16 * 1024 * 1024 })) handle(row)
   */
  maxLineLength?: number | undefined
}

/**
 * What a body iterator (stream/iterate.ts) is to the `LazyIterator` that
 * hands it every call: the protocol methods only. Users see the
 * `LazyIterator`, which has the rest of an async generator's shape.
 */
export type BodyGenerator<T> = Pick<AsyncGenerator<T, void, undefined>, 'next' | 'return' | 'throw'>
