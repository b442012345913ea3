/**
 * The hash functions Digest auth names (RFC 7616 §3.2 and §6.1), hex-encoded
 * as RFC 7616 §3.4 requires. SHA-256 and SHA-512 come from Web Crypto where
 * the runtime has it (`crypto.subtle` is missing in insecure browser
 * contexts); MD5 and SHA-512/256 are small local implementations because Web
 * Crypto offers neither.
 */
import { md5 } from './md5.js'
import { sha512_256 } from './sha512-256.js'

/** A hash a Digest `algorithm` token names (without `-sess`). */
export type HashName = 'MD5' | 'SHA-256' | 'SHA-512-256' | 'SHA-512'

/**
 * How strong each hash is, to choose among several Digest challenges.
 * `SHA-512` is not in the RFC 7616 registry but httpbin (and a few servers)
 * send it; it ranks with SHA-512/256.
 */
export const STRENGTH: Readonly<Record<HashName, number>> = { MD5: 1, 'SHA-256': 2, 'SHA-512-256': 3, 'SHA-512': 3 }

function subtle(): SubtleCrypto | undefined {
  return (globalThis.crypto as Crypto | undefined)?.subtle
}

/** Whether this runtime can compute `name`. */
export function canHash(name: HashName): boolean {
  return name === 'MD5' || name === 'SHA-512-256' || typeof subtle()?.digest === 'function'
}

/** The lower-case hex digest of `data`. */
export async function hashHex(name: HashName, data: Uint8Array): Promise<string> {
  let digest: Uint8Array
  if (name === 'MD5') digest = md5(data)
  else if (name === 'SHA-512-256') digest = sha512_256(data)
  else {
    const crypto = subtle()
    if (crypto === undefined) throw new TypeError(`${name} is not available in this runtime (no crypto.subtle)`)
    digest = new Uint8Array(await crypto.digest(name, data as Uint8Array<ArrayBuffer>))
  }
  return toHex(digest)
}

export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

const encoder = new TextEncoder()

/** A string the caller wrote (user name, password): its UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/**
 * A string read from a header: `Headers` gives each byte as one character
 * (the Fetch standard's isomorphic decoding), so the original bytes are the
 * char codes. A realm sent as UTF-8 thus hashes as the server hashed it.
 */
export function headerBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff
  return bytes
}

/** `parts` joined with `:` (the separator of every Digest input, RFC 7616 §3.4). */
export function joinColon(parts: readonly Uint8Array[]): Uint8Array {
  let length = parts.length - 1
  for (const part of parts) length += part.length
  const out = new Uint8Array(Math.max(length, 0))
  let offset = 0
  parts.forEach((part, index) => {
    if (index > 0) out[offset++] = 0x3a
    out.set(part, offset)
    offset += part.length
  })
  return out
}
