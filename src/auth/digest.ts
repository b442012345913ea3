/**
 * HTTP Digest auth (RFC 7616) as an auth exchange: send, read the `401`
 * challenge, answer it once, and answer later requests to the same
 * protection space pre-emptively with the next nonce count. The parser and
 * the hashes (`digest-response.ts`) are imported when first needed: an app
 * that imports all of surefetch but never meets Digest does not load them.
 */
import type { Next, PreparedRequest, RequestBody } from '../request.js'
import type { AuthExchange } from '../types.js'
import type { DigestChallenge, Qop } from './digest-response.js'
import { recordChallenge, replayable, resend, serialize } from './replay.js'

type Engine = typeof import('./digest-response.js')

let engine: Promise<Engine> | undefined

function loadEngine(): Promise<Engine> {
  if (engine === undefined) {
    const pending = import('./digest-response.js')
    engine = pending
    // A failed load (a browser that lost the network before fetching the chunk) is tried again next time.
    pending.catch(() => {
      if (engine === pending) engine = undefined
    })
  }
  return engine
}

/** A protection space an instance has been challenged for, with its nonce count. */
interface Space {
  challenge: DigestChallenge
  readonly qop: Qop | undefined
  /** Nonce count of `challenge.nonce`: the last value sent (RFC 7616 §3.4). */
  nc: number
  /** Path prefixes from `domain`, or `undefined` for the whole origin (RFC 7616 §3.3). */
  readonly prefixes: readonly string[] | undefined
}

/** How many protection spaces are kept per origin, and how many origins. */
const MAX_SPACES = 8
const MAX_ORIGINS = 64

/**
 * HTTP Digest auth (RFC 7616): MD5, SHA-256 and SHA-512/256 and their
 * `-sess` variants (plus httpbin's SHA-512), `qop=auth` and `auth-int`.
 * Several challenges: the strongest algorithm the runtime can compute wins.
 * After one challenge, later requests to the same origin and realm (per
 * instance — share it through a `Session`) authenticate pre-emptively, and
 * `stale=true` is answered with the new nonce. The answered `401` is kept in
 * `response.history`.
 *
 * @example
 * const api = new Session({ baseUrl: 'https://camera.local', auth: digestAuth('admin', 'secret') })
 * await api.get('/snapshot.jpg')   // 401 challenge answered; the next call sends credentials at once
 */
export function digestAuth(user: string, password: string): AuthExchange {
  if (typeof user !== 'string' || typeof password !== 'string') {
    throw new TypeError('digestAuth(user, password) takes two strings')
  }
  const spaces = new Map<string, Space[]>()

  /** The space that covers `url`, most recently challenged first. */
  function find(url: URL): Space | undefined {
    return spaces.get(url.origin)?.find((space) => space.prefixes === undefined || space.prefixes.some((prefix) => url.pathname.startsWith(prefix)))
  }

  function remember(url: URL, challenge: DigestChallenge, qop: Qop | undefined): Space {
    const space: Space = { challenge, qop, nc: 0, prefixes: prefixesOf(challenge.domain, url) }
    const list = (spaces.get(url.origin) ?? []).filter((other) => other.challenge.realm !== challenge.realm)
    list.unshift(space)
    if (list.length > MAX_SPACES) list.pop()
    spaces.delete(url.origin) // re-insert: the Map's order is least recently challenged first
    spaces.set(url.origin, list)
    if (spaces.size > MAX_ORIGINS) spaces.delete(spaces.keys().next().value as string)
    return space
  }

  function forget(url: URL, space: Space): void {
    const list = spaces.get(url.origin)
    const index = list?.indexOf(space) ?? -1
    if (list !== undefined && index >= 0) list.splice(index, 1)
  }

  /** `request` with `Authorization` for `space` and the body to send (`auth-int` sends the bytes it hashed). */
  async function authorize(request: PreparedRequest, space: Space, body: RequestBody, url: URL): Promise<PreparedRequest> {
    // Counted before any await, so concurrent requests never share a count.
    space.nc += 1
    const nc = space.nc
    const { digestAuthorization, newCnonce } = await loadEngine()
    const sent = resend(request, body)
    let entity: Uint8Array | undefined
    if (space.qop === 'auth-int') {
      const serialized = await serialize(body)
      entity = serialized.bytes
      // A GET stays without a body: browsers refuse even an empty one.
      if (body !== null) sent.body = serialized.bytes as Uint8Array<ArrayBuffer>
      if (serialized.contentType !== null && !sent.headers.has('content-type')) sent.headers.set('content-type', serialized.contentType)
    }
    const value = await digestAuthorization({
      challenge: space.challenge,
      qop: space.qop,
      username: user,
      password,
      method: request.method,
      uri: url.pathname + url.search,
      nc,
      cnonce: newCnonce(),
      entity,
    })
    sent.headers.set('authorization', value)
    return sent
  }

  async function exchange(request: PreparedRequest, next: Next): Promise<Response> {
    const url = new URL(request.url)
    const replay = replayable(request)
    let space = find(url)
    // Pre-emptive: `auth-int` must hash the body, which a one-shot stream cannot spare.
    if (space !== undefined && space.qop === 'auth-int' && replay === undefined) space = undefined
    let sent = space === undefined ? request : await authorize(request, space, request.body, url)
    let response = await next(sent)
    let answered = false
    // At most two answers: the challenge, then once more if that nonce went stale meanwhile.
    for (let round = 0; round < 2 && response.status === 401 && replay !== undefined; round++) {
      const header = response.headers.get('www-authenticate')
      // A Basic or Bearer 401 does not need the parser loaded to be passed on.
      if (header === null || !/digest/i.test(header)) break
      const chosen = (await loadEngine()).chooseChallenge(header, true)
      if (chosen === undefined) break
      // A fresh challenge right after our answer means the credentials were
      // wrong; `stale=true` means only the nonce was old (RFC 7616 §3.3).
      if (answered && !chosen.challenge.stale) {
        if (space !== undefined) forget(url, space)
        break
      }
      recordChallenge(sent, response)
      space = remember(url, chosen.challenge, chosen.qop)
      answered = true
      sent = await authorize(request, space, replay(), url)
      response = await next(sent)
    }
    if (space !== undefined && response.status !== 401 && response.headers.has('authentication-info')) {
      nextNonce(space, (await loadEngine()).nextNonceOf(response.headers.get('authentication-info')))
    }
    return response
  }

  return { exchange }
}

/** `domain` as path prefixes on this origin; `undefined` (whole origin) when absent (RFC 7616 §3.3). */
function prefixesOf(domain: string | undefined, url: URL): string[] | undefined {
  if (domain === undefined) return undefined
  const prefixes: string[] = []
  for (const uri of domain.split(/\s+/)) {
    if (uri === '') continue
    try {
      const resolved = new URL(uri, url)
      if (resolved.origin === url.origin) prefixes.push(resolved.pathname)
    } catch {
      // an unparsable URI names no space we could match
    }
  }
  return prefixes
}

/** `Authentication-Info: nextnonce` (RFC 7616 §3.5): the next request uses it, counting from 1 again. */
function nextNonce(space: Space, next: string | undefined): void {
  if (next !== undefined && next !== space.challenge.nonce) {
    space.challenge = { ...space.challenge, nonce: next }
    space.nc = 0
  }
}
