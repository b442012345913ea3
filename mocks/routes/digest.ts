/**
 * httpbin's Digest routes, verifying the client's answer for real:
 *
 *   /digest-auth/:qop/:user/:passwd                          MD5
 *   /digest-auth/:qop/:user/:passwd/:algorithm
 *   /digest-auth/:qop/:user/:passwd/:algorithm/:stale_after
 *
 * As httpbin: `qop` is `auth` or `auth-int`, anything else offers both
 * (`qop="auth, auth-int"`); an unknown algorithm falls back to MD5; a wrong
 * answer gets a fresh challenge; success is `{ authenticated, user }`.
 *
 * Beyond httpbin (which accepts SHA-256 and SHA-512 only, answers GET only
 * and checks neither nonce nor nonce count): the RFC 7616 algorithms
 * MD5-sess, SHA-256-sess, SHA-512-256 and SHA-512-256-sess are accepted too;
 * every method is, so `auth-int` can hash a real body; a nonce must be one
 * this mock issued and a nonce count may not be used twice; `username*`
 * (RFC 8187) is understood. `stale_after` is the number of requests a nonce
 * authenticates before the next one is answered with `stale=TRUE` and a new
 * nonce (httpbin counts with cookies instead). Hashes: the project's MD5 and
 * SHA-512/256, Web Crypto for the rest.
 */

import { md5 } from '../../src/auth/md5.js'
import { sha512_256 } from '../../src/auth/sha512-256.js'
import { ANY, type Route, route } from '../router.js'
import { emptyResponse, jsonResponse } from '../util.js'

export const DIGEST_REALM = 'me@kennethreitz.com'

const ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512', 'SHA-512-256', 'SHA-512-256-sess']
/** Issued nonces kept per mock instance; the oldest are forgotten beyond this. */
const MAX_NONCES = 10_000

const encoder = new TextEncoder()

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function randomHex(bytes: number): string {
  return hex(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** The hex digest of `data` with the hash an algorithm token names (without `-sess`). */
export async function digestHash(algorithm: string, data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  const name = algorithm.replace(/-sess$/i, '').toUpperCase()
  if (name === 'SHA-256' || name === 'SHA-512') {
    return hex(new Uint8Array(await crypto.subtle.digest(name, bytes as Uint8Array<ArrayBuffer>)))
  }
  return hex(name === 'SHA-512-256' ? sha512_256(bytes) : md5(bytes))
}

/** The parameters of an `Authorization: Digest …` value, names lower-cased, or `null`. */
export function parseDigestAuthorization(header: string | null): Map<string, string> | null {
  if (header === null || !/^digest\s/i.test(header)) return null
  const params = new Map<string, string>()
  for (const [, name, quoted, token] of header.slice(6).matchAll(/([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    const value = quoted === undefined ? (token ?? '') : quoted.replace(/\\(.)/g, '$1')
    params.set((name as string).toLowerCase(), value)
  }
  return params
}

/** `username`, or `username*=UTF-8''…` decoded (RFC 8187). */
export function digestUsername(credentials: ReadonlyMap<string, string>): string | undefined {
  const extended = credentials.get('username*')
  if (extended === undefined) return credentials.get('username')
  const match = /^utf-8''(.*)$/i.exec(extended)
  try {
    return match ? decodeURIComponent(match[1] as string) : undefined
  } catch {
    return undefined
  }
}

/**
 * The `response` the client should have sent (RFC 7616 §3.4.1, with RFC
 * 2069's form when there is no `qop`), computed from its own parameters.
 */
export async function expectedDigestResponse(
  credentials: ReadonlyMap<string, string>,
  password: string,
  request: { method: string; uri: string; body: Uint8Array },
): Promise<string> {
  const get = (name: string): string => credentials.get(name) ?? ''
  const algorithm = credentials.get('algorithm') ?? 'MD5'
  const H = (data: Uint8Array | string): Promise<string> => digestHash(algorithm, data)
  let ha1 = await H(`${digestUsername(credentials) ?? ''}:${get('realm')}:${password}`)
  if (/-sess$/i.test(algorithm)) ha1 = await H(`${ha1}:${get('nonce')}:${get('cnonce')}`)
  const qop = credentials.get('qop')
  const a2 = qop === 'auth-int' ? `${request.method}:${request.uri}:${await H(request.body)}` : `${request.method}:${request.uri}`
  const ha2 = await H(a2)
  if (qop === undefined) return H(`${ha1}:${get('nonce')}:${ha2}`)
  return H(`${ha1}:${get('nonce')}:${get('nc')}:${get('cnonce')}:${qop}:${ha2}`)
}

interface NonceState {
  readonly opaque: string
  /** Requests this nonce authenticated. */
  uses: number
  /** Nonce counts already used. */
  readonly counts: Set<string>
}

function digestRoute(path: string, nonces: Map<string, NonceState>): Route {
  return route(path, ANY, async ({ request, params, url }) => {
    const qop = params.qop === 'auth' || params.qop === 'auth-int' ? params.qop : undefined
    // Matched as written, like httpbin: `/sha-256` falls back to MD5.
    const algorithm = ALGORITHMS.find((name) => name === params.algorithm) ?? 'MD5'
    const staleAfter = /^\d{1,9}$/.test(params.stale_after ?? '') ? Number(params.stale_after) : undefined

    const challenge = (stale: boolean): Response => {
      const nonce = randomHex(16)
      const opaque = randomHex(16)
      nonces.set(nonce, { opaque, uses: 0, counts: new Set() })
      if (nonces.size > MAX_NONCES) nonces.delete(nonces.keys().next().value as string)
      const offered = qop ?? 'auth, auth-int'
      const value = `Digest realm="${DIGEST_REALM}", nonce="${nonce}", qop="${offered}", opaque="${opaque}", algorithm=${algorithm}, stale=${stale ? 'TRUE' : 'FALSE'}`
      return emptyResponse(401, { 'www-authenticate': value })
    }

    const credentials = parseDigestAuthorization(request.headers.get('authorization'))
    if (credentials === null) return challenge(false)
    const answeredQop = credentials.get('qop')
    const offered = qop === undefined ? ['auth', 'auth-int'] : [qop]
    const valid =
      digestUsername(credentials) === params.user &&
      credentials.get('realm') === DIGEST_REALM &&
      credentials.get('uri') === url.pathname + url.search &&
      (credentials.get('algorithm') ?? 'MD5').toLowerCase() === algorithm.toLowerCase() &&
      answeredQop !== undefined &&
      offered.includes(answeredQop) &&
      /^[0-9a-f]{8}$/i.test(credentials.get('nc') ?? '') &&
      (credentials.get('cnonce') ?? '') !== '' &&
      credentials.get('response') ===
        (await expectedDigestResponse(credentials, params.passwd ?? '', {
          method: request.method,
          uri: url.pathname + url.search,
          body: new Uint8Array(await request.arrayBuffer()),
        }))
    if (!valid) return challenge(false)

    const state = nonces.get(credentials.get('nonce') ?? '')
    // A correct answer to a nonce we no longer know is merely stale (RFC 7616 §3.3).
    if (state === undefined || (staleAfter !== undefined && state.uses >= staleAfter)) return challenge(true)
    const nc = (credentials.get('nc') as string).toLowerCase()
    if (credentials.get('opaque') !== state.opaque || state.counts.has(nc)) return challenge(false)
    state.counts.add(nc)
    state.uses += 1
    return jsonResponse({ authenticated: true, user: params.user ?? '' })
  })
}

/** The Digest routes, sharing one nonce store (one per `createHttpbin()`). */
export function digestRoutes(): Route[] {
  const nonces = new Map<string, NonceState>()
  return [
    digestRoute('/digest-auth/:qop/:user/:passwd', nonces),
    digestRoute('/digest-auth/:qop/:user/:passwd/:algorithm', nonces),
    digestRoute('/digest-auth/:qop/:user/:passwd/:algorithm/:stale_after', nonces),
  ]
}
