/**
 * Python's `random` (MT19937, seeded as CPython seeds it from an int), just
 * enough for `/bytes/:n?seed=`: httpbin answers with
 * `random.seed(seed); bytearray(random.randint(0, 255) for i in range(n))`,
 * and so does the mock, byte for byte.
 */

const N = 624
const M = 397

class MersenneTwister {
  readonly #state = new Uint32Array(N)
  #index = N

  /** CPython's `random.seed(int)`: `init_by_array` over the 32-bit words of `abs(seed)`. */
  constructor(seed: bigint) {
    let rest = seed < 0n ? -seed : seed
    const key: number[] = []
    do {
      key.push(Number(rest & 0xffffffffn))
      rest >>= 32n
    } while (rest > 0n)
    this.#initByArray(key)
  }

  #initGenrand(seed: number): void {
    const mt = this.#state
    mt[0] = seed >>> 0
    for (let i = 1; i < N; i += 1) {
      const prev = mt[i - 1] as number
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0
    }
  }

  #initByArray(key: readonly number[]): void {
    const mt = this.#state
    this.#initGenrand(19650218)
    let i = 1
    let j = 0
    for (let k = Math.max(N, key.length); k > 0; k -= 1) {
      const prev = mt[i - 1] as number
      mt[i] = (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j) >>> 0
      i += 1
      j += 1
      if (i >= N) {
        mt[0] = mt[N - 1] as number
        i = 1
      }
      if (j >= key.length) j = 0
    }
    for (let k = N - 1; k > 0; k -= 1) {
      const prev = mt[i - 1] as number
      mt[i] = (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0
      i += 1
      if (i >= N) {
        mt[0] = mt[N - 1] as number
        i = 1
      }
    }
    mt[0] = 0x80000000
  }

  #twist(): void {
    const mt = this.#state
    for (let i = 0; i < N; i += 1) {
      const y = ((mt[i] as number) & 0x80000000) | ((mt[(i + 1) % N] as number) & 0x7fffffff)
      mt[i] = ((mt[(i + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0
    }
    this.#index = 0
  }

  /** `genrand_uint32()`. */
  next(): number {
    if (this.#index >= N) this.#twist()
    let y = this.#state[this.#index] as number
    this.#index += 1
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }
}

/** `n` bytes of `random.seed(seed)` followed by `random.randint(0, 255)` calls. */
export function pythonRandomBytes(length: number, seed: bigint): Uint8Array<ArrayBuffer> {
  const generator = new MersenneTwister(seed)
  const bytes = new Uint8Array(length)
  for (let index = 0; index < length; index += 1) {
    // randint(0, 255) is _randbelow(256): 9 random bits, retried until below 256.
    let value = generator.next() >>> 23
    while (value >= 256) value = generator.next() >>> 23
    bytes[index] = value
  }
  return bytes
}
