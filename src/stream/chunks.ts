// `chunks()`'s parser, apart from the line-based ones: it never decodes.
import type { ChunkParser } from './types.js'

/** A no-op (also iterate.ts's, for promises whose outcome does not matter). */
export function ignore(): void {}

/**
 * The body's chunks as they arrive or, with `size`, re-chunked to exactly
 * `size` bytes (the last one may be shorter).
 */
export function chunkParser(size: number | undefined): ChunkParser<Uint8Array> {
  if (size === undefined) return { push: (chunk, out) => void out.push(chunk), end: ignore }
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`chunks() size must be a positive integer, got ${String(size)}`)
  }
  return new Rechunker(size)
}

/** Fixed-size chunks: whole `size` slices of a chunk are handed out as views, the rest is copied. */
class Rechunker implements ChunkParser<Uint8Array> {
  readonly #size: number
  #pending: Uint8Array
  #filled = 0

  constructor(size: number) {
    this.#size = size
    this.#pending = new Uint8Array(size)
  }

  push(input: Uint8Array, out: Uint8Array[]): void {
    const size = this.#size
    let chunk = input
    while (chunk.byteLength > 0) {
      if (this.#filled === 0 && chunk.byteLength >= size) {
        out.push(chunk.subarray(0, size))
        chunk = chunk.subarray(size)
        continue
      }
      const take = Math.min(size - this.#filled, chunk.byteLength)
      this.#pending.set(chunk.subarray(0, take), this.#filled)
      this.#filled += take
      chunk = chunk.subarray(take)
      if (this.#filled === size) {
        out.push(this.#pending)
        this.#pending = new Uint8Array(size)
        this.#filled = 0
      }
    }
  }

  end(out: Uint8Array[]): void {
    if (this.#filled > 0) out.push(this.#pending.subarray(0, this.#filled))
  }
}
