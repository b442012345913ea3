/**
 * A cookie jar for server and edge runtimes, following the RFC 6265 storage
 * model (§5.3) and retrieval rules (§5.4). Browsers own their cookies: there
 * a session leaves its jar empty.
 */
import { defaultPath, domainMatch, isIpAddress, parseSetCookie, pathMatch } from './parse.js'

/**
 * A stored cookie. Times are epoch ms.
 *
 * @example
 * ```ts
 * for (const cookie of api.cookies.get('https://example.com/')) console.log(cookie.name, cookie.value, cookie.expires)
 * ```
 */
export interface Cookie {
  /** The cookie's name. */
  name: string
  /** The cookie's value, as the server sent it. */
  value: string
  /** Canonical host (host-only) or the `Domain` attribute without a leading dot. */
  domain: string
  /** `true` when set without `Domain`: sent to exactly this host, not to its subdomains. */
  hostOnly: boolean
  /** Sent for request paths under this one (the `Path` attribute, or the directory of the URL that set it). */
  path: string
  /** Sent only over https (and to loopback hosts). */
  secure: boolean
  /** Hidden from page scripts; surefetch sends it like any other. */
  httpOnly: boolean
  /** Stored, not enforced (a server-side client has no "site"). */
  sameSite?: 'Strict' | 'Lax' | 'None' | undefined
  /** `undefined` for a session cookie. */
  expires?: number | undefined
  /** When it was first stored; older cookies are sent first among equal paths. */
  created: number
}

/**
 * What `toJSON()` produces and `fromJSON()` reads.
 *
 * @example
 * ```ts
 * const saved: CookieJarJSON = api.cookies.toJSON()   // { version: 1, cookies: [...] }
 * ```
 */
export interface CookieJarJSON {
  /** The format's version. */
  version: 1
  /** Every stored cookie, session cookies included. */
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
 * An RFC 6265 cookie jar: what a `Session` keeps its cookies in
 * (`session.cookies`), and what `toJSON()` / `CookieJar.fromJSON()` save and
 * restore (an edge function keeps it in KV between invocations). No public
 * suffix list is bundled: a `Domain` that is a bare label (`com`) is refused,
 * a registrable-domain check (`co.uk`) is not done.
 *
 * @example
 * const jar = new CookieJar()
 * jar.set('session=abc; Path=/; HttpOnly', 'https://example.com/login')
 * jar.cookieHeader('https://example.com/account')   // 'session=abc'
 * await kv.put('jar', JSON.stringify(jar)); CookieJar.fromJSON(JSON.parse(await kv.get('jar')))
 */
export class CookieJar {
  readonly #cookies = new Map<string, Cookie>()

  /**
   * Number of cookies stored (expired ones included until next read).
   * @example if (api.cookies.size === 0) await api.post('/login', { form })
   */
  get size(): number {
    return this.#cookies.size
  }

  /**
   * Stores a `Set-Cookie` value received from `url` (§5.3). Returns the stored
   * cookie, or `undefined` when the cookie was rejected or deleted.
   * @example jar.set('theme=dark; Path=/; Max-Age=3600', 'https://example.com/')
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

  /**
   * The cookies to send to `url` (§5.4): longest path first, then oldest.
   * @example jar.get('https://example.com/account').map((c) => c.name)   // ['session']
   */
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

  /**
   * The `Cookie` header value for `url`, or `''` when no cookie applies.
   * @example jar.cookieHeader('https://example.com/')   // 'session=abc; theme=dark'
   */
  cookieHeader(url: string | URL, now = Date.now()): string {
    return this.get(url, now)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ')
  }

  /**
   * Removes every cookie (or those of one domain).
   * @example jar.clear('example.com')
   */
  clear(domain?: string): void {
    if (domain === undefined) return this.#cookies.clear()
    for (const [key, cookie] of this.#cookies) if (cookie.domain === domain) this.#cookies.delete(key)
  }

  /**
   * Persistent cookies (session cookies too: an edge function's "session" spans requests).
   * `JSON.stringify(jar)` calls it.
   * @example await env.KV.put('jar', JSON.stringify(jar))
   */
  toJSON(): CookieJarJSON {
    return { version: 1, cookies: [...this.#cookies.values()].map((cookie) => ({ ...cookie })) }
  }

  /**
   * Restores a jar saved with `toJSON()` (expired cookies are dropped).
   * @param json the saved object, or its JSON text
   * @example const api = new Session({ cookies: CookieJar.fromJSON(await env.KV.get('jar') ?? '{"version":1,"cookies":[]}') })
   */
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
