/**
 * SHA-512/256 (FIPS 180-4 §6.7): SHA-512 with its own initial value,
 * truncated to 256 bits. RFC 7616 §3.2 names it `SHA-512-256`; Web Crypto
 * has no such digest, so Digest auth carries this small implementation.
 * 64-bit words are kept as (high, low) pairs of 32-bit integers.
 */

/** SHA-512 round constants (FIPS 180-4 §4.2.3), as high/low 32-bit halves. */
const K = /* @__PURE__ */ Int32Array.of(
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
)

/** Initial hash value of SHA-512/256 (FIPS 180-4 §5.3.6.2), high/low halves. */
const IV = /* @__PURE__ */ Int32Array.of(
  0x22312194, 0xfc2bf72c, 0x9f555fa3, 0xc84c64c2, 0x2393b86b, 0x6f53b151, 0x96387719, 0x5940eabd,
  0x96283ee2, 0xa88effe3, 0xbe5e1e25, 0x53863992, 0x2b0199fc, 0x2c85b8aa, 0x0eb72ddc, 0x81c52ca2,
)

// Rotations and shifts of the 64-bit word (hi, lo) by 0 < n < 32, or by
// n − 32 after swapping the halves (FIPS 180-4 §3.2).
const rotrHi = (hi: number, lo: number, n: number): number => (hi >>> n) | (lo << (32 - n))
const rotrLo = (hi: number, lo: number, n: number): number => (lo >>> n) | (hi << (32 - n))
const shrLo = rotrLo
const shrHi = (hi: number, n: number): number => hi >>> n

/** The 32-byte SHA-512/256 digest of `data`. */
export function sha512_256(data: Uint8Array): Uint8Array {
  // Padding (FIPS 180-4 §5.1.2): 0x80, zeros to 112 mod 128, then the bit
  // length as a 128-bit big-endian integer.
  const length = data.length
  const padded = new Uint8Array((((length + 16) >>> 7) + 1) * 128)
  padded.set(data)
  padded[length] = 0x80
  const view = new DataView(padded.buffer)
  const bits = length * 8
  view.setUint32(padded.length - 8, Math.floor(bits / 0x1_0000_0000))
  view.setUint32(padded.length - 4, bits >>> 0)

  const h = Int32Array.from(IV)
  const w = new Int32Array(160)
  const v = new Int32Array(16)
  for (let offset = 0; offset < padded.length; offset += 128) {
    // Message schedule (FIPS 180-4 §6.4.2 step 1).
    for (let t = 0; t < 32; t++) w[t] = view.getInt32(offset + t * 4)
    for (let t = 16; t < 80; t++) {
      const xh = w[(t - 15) * 2] as number
      const xl = w[(t - 15) * 2 + 1] as number
      const yh = w[(t - 2) * 2] as number
      const yl = w[(t - 2) * 2 + 1] as number
      // σ0 = ROTR1 ^ ROTR8 ^ SHR7, σ1 = ROTR19 ^ ROTR61 ^ SHR6
      const s0h = rotrHi(xh, xl, 1) ^ rotrHi(xh, xl, 8) ^ shrHi(xh, 7)
      const s0l = rotrLo(xh, xl, 1) ^ rotrLo(xh, xl, 8) ^ shrLo(xh, xl, 7)
      const s1h = rotrHi(yh, yl, 19) ^ rotrHi(yl, yh, 29) ^ shrHi(yh, 6)
      const s1l = rotrLo(yh, yl, 19) ^ rotrLo(yl, yh, 29) ^ shrLo(yh, yl, 6)
      const lo = (s0l >>> 0) + (s1l >>> 0) + ((w[(t - 7) * 2 + 1] as number) >>> 0) + ((w[(t - 16) * 2 + 1] as number) >>> 0)
      w[t * 2 + 1] = lo
      w[t * 2] = s0h + s1h + (w[(t - 7) * 2] as number) + (w[(t - 16) * 2] as number) + Math.floor(lo / 0x1_0000_0000)
    }
    v.set(h)
    for (let t = 0; t < 80; t++) {
      const ah = v[0] as number, al = v[1] as number, bh = v[2] as number, bl = v[3] as number
      const ch = v[4] as number, cl = v[5] as number
      const eh = v[8] as number, el = v[9] as number, fh = v[10] as number, fl = v[11] as number
      const gh = v[12] as number, gl = v[13] as number
      // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t], with Σ1 = ROTR14 ^ ROTR18 ^ ROTR41
      const S1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(el, eh, 9)
      const S1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(el, eh, 9)
      const chh = (eh & fh) ^ (~eh & gh)
      const chl = (el & fl) ^ (~el & gl)
      const t1l = ((v[15] as number) >>> 0) + (S1l >>> 0) + (chl >>> 0) + ((K[t * 2 + 1] as number) >>> 0) + ((w[t * 2 + 1] as number) >>> 0)
      const t1h = (v[14] as number) + S1h + chh + (K[t * 2] as number) + (w[t * 2] as number) + Math.floor(t1l / 0x1_0000_0000)
      // T2 = Σ0(a) + Maj(a, b, c), with Σ0 = ROTR28 ^ ROTR34 ^ ROTR39
      const S0h = rotrHi(ah, al, 28) ^ rotrHi(al, ah, 2) ^ rotrHi(al, ah, 7)
      const S0l = rotrLo(ah, al, 28) ^ rotrLo(al, ah, 2) ^ rotrLo(al, ah, 7)
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch)
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl)
      const t2l = (S0l >>> 0) + (majl >>> 0)
      const t2h = S0h + majh + Math.floor(t2l / 0x1_0000_0000)
      // h = g, g = f, f = e, e = d + T1, d = c, c = b, b = a, a = T1 + T2
      v.copyWithin(2, 0, 14) // the old d is now at 8–9
      const el2 = ((v[9] as number) >>> 0) + (t1l >>> 0)
      v[9] = el2
      v[8] = (v[8] as number) + t1h + Math.floor(el2 / 0x1_0000_0000)
      const al2 = (t1l >>> 0) + (t2l >>> 0)
      v[1] = al2
      v[0] = t1h + t2h + Math.floor(al2 / 0x1_0000_0000)
    }
    for (let i = 0; i < 16; i += 2) {
      const lo = ((h[i + 1] as number) >>> 0) + ((v[i + 1] as number) >>> 0)
      h[i + 1] = lo
      h[i] = (h[i] as number) + (v[i] as number) + Math.floor(lo / 0x1_0000_0000)
    }
  }
  // Truncate to the first 256 bits (FIPS 180-4 §6.7), big-endian.
  const out = new Uint8Array(32)
  const outView = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) outView.setInt32(i * 4, h[i] as number)
  return out
}
