/// <reference types="node" />
// The project's MD5 and SHA-512/256 against Node's OpenSSL, at every length
// around the block and padding boundaries (55/56/64 bytes for MD5, 111/112/128
// for SHA-512/256) and beyond.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/auth/hash.js'
import { md5 } from '../../src/auth/md5.js'
import { sha512_256 } from '../../src/auth/sha512-256.js'

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 131 + length * 7) & 0xff)
}

describe('local hashes agree with node:crypto', () => {
  it('md5, for every length from 0 to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const data = bytes(length)
      expect(toHex(md5(data)), `length ${length}`).toBe(createHash('md5').update(data).digest('hex'))
    }
  })

  it('sha512_256, for every length from 0 to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const data = bytes(length)
      expect(toHex(sha512_256(data)), `length ${length}`).toBe(createHash('sha512-256').update(data).digest('hex'))
    }
  })

  it('both, for a 1 MiB input', () => {
    const data = bytes(1 << 20)
    expect(toHex(md5(data))).toBe(createHash('md5').update(data).digest('hex'))
    expect(toHex(sha512_256(data))).toBe(createHash('sha512-256').update(data).digest('hex'))
  })
})
