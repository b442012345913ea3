/**
 * A cookie jar for server and edge runtimes, following the RFC 6265 storage
 * model (§5.3) and retrieval rules (§5.4). Browsers own their cookies: there
 * a session leaves its jar empty.
 */
import { defaultPath, domainMatch, isIpAddress, parseSetCookie, pathMatch } from './parse.js'

/** A stored cookie. Times are epoch ms. */
export interface Cookie {
  name: string
  value: string
  /** Canonical host (host-only) or the `Domain` attribute without a leading dot. */
  domain: string
  /** `true` when set without `Domain`: sent to exactly this host, not to its subdomains. */
  hostOnly: boolean
  path: string
  secure: boolean
  httpOnly: boolean
  sameSite?: 'Strict' | 'Lax' | 'None' | undefined
  /** `undefined` for a session cookie. */
  expires?: number | undefined
  created: number
}

/** What `toJSON()` produces and `fromJSON()` reads. */
export interface CookieJarJSON {
  version: 1
  cookies: Cookie[]
}

/**
 * Hosts that count as secure even over http (as browsers treat them): a
 * `Secure` cookie may be set and sent there, which local development needs.
 */
function isTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true
  const host = url.hostname
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]'
}

/**
 * @example
 * const jar = new CookieJar()
 * jar.set('session=abc; Path=/; HttpOnly', 'https://example.com/login')
 * jar.cookieHeader('https://example.com/account')   // 'session=abc'
 * await kv.put('jar', JSON.stringify(jar)); CookieJar.fromJSON(JSON.parse(await kv.get('jar')))
 */
export class CookieJar {
  readonly #cookies = new Map<string, Cookie>()

  /** Number of cookies stored (expired ones included until next read). */
  get size(): number {
    return this.#cookies.size
  }

  /**
   * Stores a `Set-Cookie` value received from `url` (§5.3). Returns the stored
   * cookie, or `undefined` when the cookie was rejected or deleted.
   */
  set(setCookie: string, url: string | URL, now = Date.now()): Cookie | undefined {
    const origin = toUrl(url)
    const parsed = parseSetCookie(setCookie, now)
    if (parsed === undefined) return undefined
    const host = origin.hostname.toLowerCase()
    let domain = host
    let hostOnly = true
    if (parsed.domain !== undefined) {
      // §5.3 step 5–6: no public suffix list is bundled; a bare label (`com`)
      // is refused as a Domain unless it is the host itself.
      const own = parsed.domain === host
      if (!own && (!parsed.domain.includes('.') || !domainMatch(host, parsed.domain))) return undefined
      domain = parsed.domain
      hostOnly = own && isIpAddress(host)
    }
    // RFC 6265bis §5.6 step 8: an insecure origin cannot set a Secure cookie.
    if (parsed.secure && !isTrustworthy(origin)) return undefined
    const path = parsed.path ?? defaultPath(origin.pathname)
    const key = `${domain};${path};${parsed.name}`
    const existing = this.#cookies.get(key)
    if (parsed.expires !== undefined && parsed.expires <= now) {
      // An expiry in the past deletes the cookie.
      this.#cookies.delete(key)
      return undefined
    }
    const cookie: Cookie = {
      name: parsed.name,
      value: parsed.value,
      domain,
      hostOnly,
      path,
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
      sameSite: parsed.sameSite,
      expires: parsed.expires,
      created: existing?.created ?? now,
    }
    this.#cookies.set(key, cookie)
    return cookie
  }

  /** The cookies to send to `url` (§5.4): longest path first, then oldest. */
  get(url: string | URL, now = Date.now()): Cookie[] {
    const target = toUrl(url)
    const host = target.hostname.toLowerCase()
    const secure = isTrustworthy(target)
    const matches: Cookie[] = []
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expires !== undefined && cookie.expires <= now) {
        this.#cookies.delete(key)
        continue
      }
      if (cookie.hostOnly ? host !== cookie.domain : !domainMatch(host, cookie.domain)) continue
      if (!pathMatch(target.pathname, cookie.path)) continue
      if (cookie.secure && !secure) continue
      matches.push(cookie)
    }
    return matches.sort((a, b) => b.path.length - a.path.length || a.created - b.created)
  }

  /** The `Cookie` header value for `url`, or `''` when no cookie applies. */
  cookieHeader(url: string | URL, now = Date.now()): string {
    return this.get(url, now)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ')
  }

  /** Removes every cookie (or those of one domain). */
  clear(domain?: string): void {
    if (domain === undefined) return this.#cookies.clear()
    for (const [key, cookie] of this.#cookies) if (cookie.domain === domain) this.#cookies.delete(key)
  }

  /** Persistent cookies (session cookies too: an edge function's "session" spans requests). */
  toJSON(): CookieJarJSON {
    return { version: 1, cookies: [...this.#cookies.values()].map((cookie) => ({ ...cookie })) }
  }

  /** Restores a jar saved with `toJSON()` (expired cookies are dropped). */
  static fromJSON(json: CookieJarJSON | string, now = Date.now()): CookieJar {
    const data: unknown = typeof json === 'string' ? JSON.parse(json) : json
    if (typeof data !== 'object' || data === null || !Array.isArray((data as CookieJarJSON).cookies)) {
      throw new TypeError('CookieJar.fromJSON expects the object produced by jar.toJSON()')
    }
    const jar = new CookieJar()
    for (const cookie of (data as CookieJarJSON).cookies) {
      if (typeof cookie?.name !== 'string' || typeof cookie.domain !== 'string' || typeof cookie.path !== 'string') {
        throw new TypeError(`CookieJar.fromJSON: not a cookie: ${JSON.stringify(cookie).slice(0, 80)}`)
      }
      if (cookie.expires !== undefined && cookie.expires !== null && cookie.expires <= now) continue
      jar.#cookies.set(`${cookie.domain};${cookie.path};${cookie.name}`, { ...cookie })
    }
    return jar
  }
}

function toUrl(url: string | URL): URL {
  try {
    return typeof url === 'string' ? new URL(url) : url
  } catch {
    throw new TypeError(`CookieJar needs an absolute URL, got ${JSON.stringify(String(url))}`)
  }
}
