/**
 * The Digest machinery of RFC 7616 (and RFC 2617, which it keeps
 * compatible): reading and choosing challenges, and computing the
 * `Authorization` value (§3.4). Pure apart from hashing; the exchange (when
 * to answer, nonce counts, pre-emptive auth) lives in `digest.ts`, which
 * imports this module on first use, so that the parser and the hashes are a
 * separate chunk an app loads only when it meets Digest.
 */
import { type Challenge, parseAuthParams, parseChallenges } from './challenge.js'
import { type HashName, STRENGTH, canHash, hashHex, headerBytes, joinColon, toHex, utf8 } from './hash.js'

/** The quality of protection the client answers with (RFC 7616 §3.3). */
export type Qop = 'auth' | 'auth-int'

/** A Digest challenge this client understands (RFC 7616 §3.3). */
export interface DigestChallenge {
  readonly realm: string
  readonly nonce: string
  readonly opaque: string | undefined
  /** The `algorithm` token as the server wrote it, echoed back; `undefined` when absent (then MD5). */
  readonly algorithm: string | undefined
  readonly hash: HashName
  /** A `-sess` variant: H(A1) is keyed with the nonce and cnonce (RFC 7616 §3.4.2). */
  readonly sess: boolean
  /** `qop` values offered, lower-cased; empty for an RFC 2069 challenge without `qop`. */
  readonly qops: readonly string[]
  /** The server accepts a hashed user name (RFC 7616 §3.4.4). */
  readonly userhash: boolean
  /** The previous nonce was merely too old: answer again, it is not a failure (RFC 7616 §3.3). */
  readonly stale: boolean
  /** Space-separated URIs of the protection space (RFC 7616 §3.3), when given. */
  readonly domain: string | undefined
}

const ALGORITHM = /^(MD5|SHA-256|SHA-512-256|SHA-512)(-sess)?$/i

/** The Digest reading of a parsed challenge, or `undefined` when it is not Digest or names an unknown algorithm. */
export function toDigestChallenge(challenge: Challenge): DigestChallenge | undefined {
  if (challenge.scheme !== 'digest') return undefined
  const params = challenge.params
  const nonce = params.get('nonce')
  if (nonce === undefined) return undefined
  const algorithm = params.get('algorithm')
  const match = ALGORITHM.exec(algorithm ?? 'MD5')
  if (match === null) return undefined
  const qop = params.get('qop')
  return {
    realm: params.get('realm') ?? '',
    nonce,
    opaque: params.get('opaque'),
    algorithm,
    hash: (match[1] as string).toUpperCase() as HashName,
    sess: match[2] !== undefined,
    // "auth,auth-int", "auth, auth-int" and "auth-int, auth" are the same offer.
    qops: qop === undefined ? [] : qop.split(',').map((value) => value.trim().toLowerCase()).filter(Boolean),
    userhash: /^true$/i.test(params.get('userhash') ?? ''),
    stale: /^true$/i.test(params.get('stale') ?? ''),
    domain: params.get('domain'),
  }
}

/** A challenge to answer, with the `qop` to answer it with. */
export interface Chosen {
  readonly challenge: DigestChallenge
  readonly qop: Qop | undefined
}

/**
 * The Digest challenge to answer among all those of a `WWW-Authenticate`
 * value: the strongest algorithm this runtime can compute, the server's
 * order among equals. (RFC 7616 §3.7 lets the client take the first it
 * supports; taking the strongest means an MD5 challenge listed first cannot
 * downgrade the exchange.) `qop=auth` is preferred when offered: `auth-int`
 * needs the whole body in memory, so it is used only when it is the only
 * choice and the body can be sent again (`canReplay`).
 */
export function chooseChallenge(header: string | null, canReplay: boolean): Chosen | undefined {
  let best: Chosen | undefined
  for (const parsed of parseChallenges(header)) {
    const challenge = toDigestChallenge(parsed)
    if (challenge === undefined || !canHash(challenge.hash)) continue
    let qop: Qop | undefined
    if (challenge.qops.includes('auth')) qop = 'auth'
    else if (challenge.qops.includes('auth-int') && canReplay) qop = 'auth-int'
    else if (challenge.qops.length > 0) continue // only qop values we cannot answer
    if (best === undefined || STRENGTH[challenge.hash] > STRENGTH[best.challenge.hash]) best = { challenge, qop }
  }
  return best
}

/** `nextnonce` of an `Authentication-Info` value (RFC 7616 §3.5), if any. */
export function nextNonceOf(header: string | null): string | undefined {
  return parseAuthParams(header).get('nextnonce')
}

/** Everything one `Authorization: Digest` value depends on. */
export interface DigestInput {
  readonly challenge: DigestChallenge
  /** `undefined` answers an RFC 2069 challenge (no `qop`, no `nc`/`cnonce`). */
  readonly qop: Qop | undefined
  readonly username: string
  readonly password: string
  readonly method: string
  /** The request-target: path and query (RFC 7616 §3.4.6). */
  readonly uri: string
  /** Nonce count, from 1 (RFC 7616 §3.4). */
  readonly nc: number
  readonly cnonce: string
  /** The entity body, hashed into A2 for `auth-int` (RFC 7616 §3.4.3). */
  readonly entity?: Uint8Array | undefined
}

const EMPTY = new Uint8Array(0)

/** The `Authorization` header value answering `input.challenge` (RFC 7616 §3.4). */
export async function digestAuthorization(input: DigestInput): Promise<string> {
  const { challenge, qop, username, password, cnonce } = input
  const H = (data: Uint8Array): Promise<string> => hashHex(challenge.hash, data)
  const realm = headerBytes(challenge.realm)
  const nonce = headerBytes(challenge.nonce)
  const nc = input.nc.toString(16).padStart(8, '0')

  // §3.4.2: A1 = user:realm:password; for -sess, H(A1) is keyed with both nonces.
  // The user name and password are the caller's text: UTF-8 (§4).
  let ha1 = await H(joinColon([utf8(username), realm, utf8(password)]))
  if (challenge.sess) ha1 = await H(joinColon([headerBytes(ha1), nonce, headerBytes(cnonce)]))
  // §3.4.3: A2 = method:uri, plus H(entity-body) for auth-int.
  const a2 = [headerBytes(input.method), headerBytes(input.uri)]
  if (qop === 'auth-int') a2.push(headerBytes(await H(input.entity ?? EMPTY)))
  const ha2 = await H(joinColon(a2))
  // §3.4.1: response = KD(H(A1), nonce:nc:cnonce:qop:H(A2)); without qop,
  // RFC 2069's KD(H(A1), nonce:H(A2)).
  const data =
    qop === undefined
      ? [headerBytes(ha1), nonce, headerBytes(ha2)]
      : [headerBytes(ha1), nonce, headerBytes(nc), headerBytes(cnonce), headerBytes(qop), headerBytes(ha2)]
  const response = await H(joinColon(data))

  const fields: string[] = []
  if (challenge.userhash) {
    // §3.4.4: username = H(user:realm), and `userhash=true` below.
    fields.push(`username=${quote(await H(joinColon([utf8(username), realm])))}`)
  } else if (/^[\x20-\x7e]*$/.test(username)) {
    fields.push(`username=${quote(username)}`)
  } else {
    // §3.4.4: a name a quoted-string cannot carry goes as username* (RFC 8187).
    fields.push(`username*=UTF-8''${extValue(username)}`)
  }
  fields.push(`realm=${quote(challenge.realm)}`, `uri=${quote(input.uri)}`)
  if (challenge.algorithm !== undefined) fields.push(`algorithm=${challenge.algorithm}`)
  fields.push(`nonce=${quote(challenge.nonce)}`)
  if (qop !== undefined) fields.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`)
  fields.push(`response=${quote(response)}`)
  if (challenge.opaque !== undefined) fields.push(`opaque=${quote(challenge.opaque)}`)
  if (challenge.userhash) fields.push('userhash=true')
  return `Digest ${fields.join(', ')}`
}

/** A quoted-string (RFC 9110 §5.6.4). */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`
}

/** RFC 8187 §3.2 value-chars: attr-char as is, every other UTF-8 byte percent-encoded. */
function extValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A client nonce: 16 random bytes as hex (RFC 7616 §3.4: cnonce is opaque). */
export function newCnonce(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)))
}
