import { describe, expect, it } from 'vitest'
import { canHash, hashHex, headerBytes, joinColon, toHex, utf8 } from '../../src/auth/hash.js'
import { md5 } from '../../src/auth/md5.js'
import { sha512_256 } from '../../src/auth/sha512-256.js'

const text = (value: string): Uint8Array => new TextEncoder().encode(value)

describe('md5', () => {
  // RFC 1321 §A.5 test suite.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('hashes %j as RFC 1321 says', (input, expected) => {
    expect(toHex(md5(text(input)))).toBe(expected)
  })

  it('hashes bytes that are not UTF-8 text', () => {
    expect(toHex(md5(new Uint8Array([0xff, 0x00, 0x80])))).toHaveLength(32)
    expect(toHex(md5(new Uint8Array([0xff, 0x00, 0x80])))).not.toBe(toHex(md5(new Uint8Array([0xff, 0x00, 0x81]))))
  })
})

describe('sha512_256', () => {
  // FIPS 180-4 / NIST CSRC examples for SHA-512/256.
  it.each([
    ['', 'c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a'],
    ['abc', '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23'],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      '3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a',
    ],
  ])('hashes %j as FIPS 180-4 says', (input, expected) => {
    expect(toHex(sha512_256(text(input)))).toBe(expected)
  })
})

describe('hashHex', () => {
  it.each([
    ['MD5', '900150983cd24fb0d6963f7d28e17f72'],
    ['SHA-256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['SHA-512-256', '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23'],
    [
      'SHA-512',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ] as const)('computes %s of "abc" in this runtime', async (name, expected) => {
    expect(canHash(name)).toBe(true)
    expect(await hashHex(name, text('abc'))).toBe(expected)
  })

  it('keeps header text as its bytes and caller text as UTF-8', () => {
    expect([...headerBytes('r\u00c3\u00a9')]).toEqual([0x72, 0xc3, 0xa9]) // "ré" as a server sent it in UTF-8
    expect([...utf8('ré')]).toEqual([0x72, 0xc3, 0xa9])
    expect([...joinColon([utf8('a'), utf8(''), utf8('b')])]).toEqual([0x61, 0x3a, 0x3a, 0x62])
  })
})
