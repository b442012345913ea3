// Helpers for splitting-invariance tests: the same bytes, cut at every
// boundary (and at random multi-way cuts), must parse exactly like one chunk.
import { SureResponse } from '../../src/response.js'
import { fakeRequest } from '../support/request.js'

const request = fakeRequest('https://stream.example/')

/** A response whose body arrives in exactly these chunks. */
export function responseOf(chunks: readonly Uint8Array[], headers: HeadersInit = {}): SureResponse {
  let index = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++]
      if (chunk === undefined) controller.close()
      else controller.enqueue(chunk)
    },
  })
  return new SureResponse(new Response(stream, { headers }), request)
}

/** Every two-way cut of `bytes`, plus `extra` deterministic random multi-way cuts. */
export function* splits(bytes: Uint8Array, extra = 20): Generator<Uint8Array[]> {
  yield [bytes]
  for (let cut = 0; cut <= bytes.length; cut++) yield [bytes.subarray(0, cut), bytes.subarray(cut)]
  let seed = 42
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  for (let n = 0; n < extra; n++) {
    const pieces: Uint8Array[] = []
    let at = 0
    while (at < bytes.length) {
      const size = 1 + Math.floor(random() * 4)
      pieces.push(bytes.subarray(at, at + size))
      at += size
    }
    yield pieces
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

export const utf8 = (text: string) => new TextEncoder().encode(text)
