/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1, formerly RFC 7235 §4.1):
 *
 *   WWW-Authenticate = #challenge
 *   challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param       = token BWS "=" BWS ( token / quoted-string )
 *
 * Several challenges may share one header line (and `Headers.get` joins
 * repeated lines with ", "), so a comma ends either a parameter or a
 * challenge: a token that is not followed by `=` starts the next challenge.
 * The parser is lenient where real servers are sloppy (missing commas,
 * quoted tokens, stray characters) and never throws.
 */

/** One parsed challenge. */
export interface Challenge {
  /** The auth-scheme, lower-cased (`digest`, `basic`, `bearer`). */
  readonly scheme: string
  /** Parameters by lower-cased name, values unquoted; the first of a repeated name wins. */
  readonly params: ReadonlyMap<string, string>
  /** The token68 form (`Negotiate abc==`), when used instead of parameters. */
  readonly token68?: string
}

// Sticky (`y`) patterns: each matches exactly at `lastIndex`.
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*/y
const SPACES = /[ \t]*/y
const SEPARATORS = /[ \t,]*/y

class Scanner {
  pos = 0
  constructor(readonly text: string) {}

  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos
    const found = pattern.exec(this.text)?.[0]
    if (found !== undefined) this.pos = pattern.lastIndex
    return found
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length
  }

  /** The character at the cursor (a method, so that TypeScript does not narrow it across moves). */
  peek(): string | undefined {
    return this.text[this.pos]
  }

  /**
   * A quoted-string from the opening `"`; `\x` stands for `x` (RFC 9110
   * §5.6.4). An unterminated one runs to the end. Built from the runs between
   * escapes, never a character at a time (that was superlinear on a long value).
   */
  quoted(): string {
    const text = this.text
    let start = this.pos + 1
    let runs: string[] | undefined
    let end = text.length
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 0x22) {
        end = i
        break
      }
      if (code === 0x5c && i + 1 < text.length) {
        // The escaped character starts the next run (`\"` does not end the string).
        ;(runs ??= []).push(text.slice(start, i))
        start = i + 1
        i++
      }
    }
    this.pos = end < text.length ? end + 1 : end
    const last = text.slice(start, end)
    if (runs === undefined) return last
    runs.push(last)
    return runs.join('')
  }
}

interface MutableChallenge {
  scheme: string
  params: Map<string, string>
  token68?: string
}

/**
 * Every challenge of a `WWW-Authenticate` (or `Proxy-Authenticate`) value, in
 * the server's order.
 *
 * @example
 * parseChallenges('Basic realm="x", Digest realm="y", qop="auth,auth-int", nonce="n"')
 * // [{ scheme: 'basic', params: {realm: 'x'} }, { scheme: 'digest', params: {realm: 'y', qop: 'auth,auth-int', nonce: 'n'} }]
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = []
  if (!header) return challenges
  scan(header, (scheme) => {
    const challenge: MutableChallenge = { scheme, params: new Map() }
    challenges.push(challenge)
    return challenge
  })
  return challenges
}

/**
 * The parameters of a header that is a bare list of auth-params, such as
 * `Authentication-Info` (RFC 7615 §3) or a Digest `Authorization`'s tail.
 */
export function parseAuthParams(value: string | null | undefined): ReadonlyMap<string, string> {
  const params = new Map<string, string>()
  if (value) scan(value, undefined, { scheme: '', params })
  return params
}

function scan(text: string, start: ((scheme: string) => MutableChallenge) | undefined, initial?: MutableChallenge): void {
  const scanner = new Scanner(text)
  let current = initial
  while (true) {
    scanner.match(SEPARATORS)
    if (scanner.atEnd) return
    const name = scanner.match(TOKEN)
    if (name === undefined) {
      scanner.pos += 1 // a stray character: skip it rather than give up
      continue
    }
    scanner.match(SPACES)
    if (current !== undefined && scanner.peek() === '=') {
      scanner.pos += 1
      scanner.match(SPACES)
      const value = scanner.peek() === '"' ? scanner.quoted() : (scanner.match(TOKEN) ?? '')
      const key = name.toLowerCase()
      if (!current.params.has(key)) current.params.set(key, value)
      continue
    }
    if (start === undefined) continue // a bare list has no schemes: ignore the stray token
    current = start(name.toLowerCase())
    // token68 right after the scheme, alone up to the next comma (RFC 9110 §11.2).
    const before = scanner.pos
    const token68 = scanner.match(TOKEN68)
    if (token68 !== undefined) {
      scanner.match(SPACES)
      if (scanner.atEnd || scanner.peek() === ',') current.token68 = token68
      else scanner.pos = before
    }
  }
}
