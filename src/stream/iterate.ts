/** Async iterators over a body stream: raw chunks, fixed-size chunks, lines. */
import { LineSplitter } from './lines.js'

const STREAM = { stream: true }

/**
 * The body's chunks as they arrive or, with `size`, re-chunked to exactly
 * `size` bytes (the last one may be shorter). Leaving the loop early cancels
 * the stream, which releases the connection.
 */
export async function* iterateChunks(
  stream: ReadableStream<Uint8Array>,
  size: number | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (size !== undefined && (!Number.isInteger(size) || size <= 0)) {
    throw new RangeError(`chunks() size must be a positive integer, got ${String(size)}`)
  }
  const reader = stream.getReader()
  let done = false
  try {
    if (size === undefined) {
      for (;;) {
        const result = await reader.read()
        if (result.done) break
        yield result.value
      }
      done = true
      return
    }
    let pending = new Uint8Array(size)
    let filled = 0
    for (;;) {
      const result = await reader.read()
      if (result.done) break
      let chunk = result.value
      while (chunk.byteLength > 0) {
        if (filled === 0 && chunk.byteLength >= size) {
          yield chunk.subarray(0, size)
          chunk = chunk.subarray(size)
          continue
        }
        const take = Math.min(size - filled, chunk.byteLength)
        pending.set(chunk.subarray(0, take), filled)
        filled += take
        chunk = chunk.subarray(take)
        if (filled === size) {
          yield pending
          pending = new Uint8Array(size)
          filled = 0
        }
      }
    }
    done = true
    if (filled > 0) yield pending.subarray(0, filled)
  } finally {
    if (!done) await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
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
}

/** The body's lines, decoded with a streaming decoder (multi-byte characters may straddle chunks). */
export async function* iterateLines(
  stream: ReadableStream<Uint8Array>,
  encoding: string,
  options: LinesOptions | undefined,
): AsyncGenerator<string, void, undefined> {
  const splitter = new LineSplitter(options?.delimiter, options?.keepEnds ?? false)
  const reader = stream.getReader()
  const decoder = new TextDecoder(encoding)
  const lines: string[] = []
  let done = false
  try {
    for (;;) {
      const result = await reader.read()
      if (result.done) break
      splitter.push(decoder.decode(result.value, STREAM), lines)
      for (let i = 0; i < lines.length; i++) yield lines[i] as string
      lines.length = 0
    }
    done = true
    splitter.push(decoder.decode(), lines)
    splitter.end(lines)
    for (const line of lines) yield line
  } finally {
    if (!done) await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
}
