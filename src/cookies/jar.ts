/**
 * A cookie jar for server and edge runtimes, following the RFC 6265 storage
 * model (§5.3) and retrieval rules (§5.4) as RFC 6265bis (draft-ietf-httpbis-
 * rfc6265bis) hardens them: §5.7 for storing, §5.8.3 for sending. Browsers
 * own their cookies: there a session leaves its jar empty.
 */
import type { Cookie } from './cookie.js'
import { defaultPath, domainMatch, isIpAddress, parseSetCookie, pathMatch, type SetCookie } from './parse.js'
import { isTrustworthy, overlaysSecure, prefixAllows } from './policy.js'
import { isPublicSuffix, loadPublicSuffixes, publicSuffixesLoaded } from './public-suffix.js'
import { type CookieJarOptions, CookieStore, type Entry, type Limits, readCookie, toLimits } from './store.js'

export type { Cookie } from './cookie.js'
export type { CookieJarOptions } from './store.js'

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
 * An RFC 6265 cookie jar: what a `Session` keeps its cookies in
 * (`session.cookies`), and what `toJSON()` / `CookieJar.fromJSON()` save and
 * restore (an edge function keeps it in KV between invocations).
 *
 * It refuses what browsers refuse: a `Domain` that is a public suffix
 * (`co.uk`, `github.io`: the Public Suffix List, loaded on the first
 * `Set-Cookie` with a `Domain`), a `Secure` cookie from plain http or a
 * plain-http cookie that would overwrite, delete or shadow a `Secure` one,
 * and `__Secure-` / `__Host-` cookies without their attributes. It keeps at
 * most 180 cookies per domain and 3000 in all, of 4096 characters at most,
 * evicting the least recently used (see `CookieJarOptions`).
 *
 * @example
 * const jar = new CookieJar()
 * jar.set('session=abc; Path=/; HttpOnly', 'https://example.com/login')
 * jar.cookieHeader('https://example.com/account')   // 'session=abc'
 * await kv.put('jar', JSON.stringify(jar)); CookieJar.fromJSON(JSON.parse(await kv.get('jar')))
 */
export class CookieJar {
  readonly #limits: Limits
  readonly #store: CookieStore

  /**
   * @param options the jar's bounds; a bad value throws a `RangeError` here.
   */
  constructor(options: CookieJarOptions = {}) {
    this.#limits = toLimits(options)
    this.#store = new CookieStore(this.#limits)
  }

  /**
   * Number of cookies stored (expired ones included until they are read or evicted).
   * @example if (api.cookies.size === 0) await api.post('/login', { form })
   */
  get size(): number {
    return this.#store.size
  }

  /**
   * Loads the Public Suffix List now rather than on the first `Set-Cookie`
   * with a `Domain` attribute, so that `set()` can take such cookies
   * synchronously. Loaded once for all jars.
   * @example await CookieJar.loadPublicSuffixList(); jar.set('a=1; Domain=example.com', 'https://www.example.com/')
   */
  static async loadPublicSuffixList(): Promise<void> {
    await loadPublicSuffixes()
  }

  /**
   * Stores a `Set-Cookie` value received from `url` (RFC 6265bis §5.7), first
   * loading the Public Suffix List if the cookie has a `Domain` attribute.
   * Resolves to the stored cookie, or `undefined` when it was refused or deleted.
   * @example await jar.store('theme=dark; Domain=example.com; Max-Age=3600', 'https://www.example.com/')
   */
  async store(setCookie: string, url: string | URL, now = Date.now()): Promise<Cookie | undefined> {
    const origin = toUrl(url)
    const parsed = parseSetCookie(setCookie, now)
    if (parsed === undefined) return undefined
    if (needsSuffixes(parsed, origin)) await loadPublicSuffixes()
    return this.#receive(parsed, origin, now)
  }

  /**
   * Stores a `Set-Cookie` value received from `url`, synchronously: returns
   * the stored cookie, or `undefined` when it was refused or deleted. A cookie
   * with a `Domain` attribute needs the Public Suffix List: use `store()`,
   * or `await CookieJar.loadPublicSuffixList()` once before, else this throws.
   * @example jar.set('theme=dark; Path=/; Max-Age=3600', 'https://example.com/')
   */
  set(setCookie: string, url: string | URL, now = Date.now()): Cookie | undefined {
    const origin = toUrl(url)
    const parsed = parseSetCookie(setCookie, now)
    if (parsed === undefined) return undefined
    if (needsSuffixes(parsed, origin) && !publicSuffixesLoaded()) {
      throw new Error('CookieJar.set: a Domain cookie needs the public suffix list: use `await jar.store(…)`, or `await CookieJar.loadPublicSuffixList()` first')
    }
    return this.#receive(parsed, origin, now)
  }

  /** The storage model, RFC 6265bis §5.7, from step 4 (the parser did 2–3). */
  #receive(parsed: SetCookie, origin: URL, now: number): Cookie | undefined {
    if (parsed.name.length + parsed.value.length > this.#limits.maxCookieSize) return undefined
    const host = origin.hostname.toLowerCase()
    const secureOrigin = isTrustworthy(origin)
    let domain = host
    let hostOnly = true
    if (parsed.domain !== undefined) {
      // Step 8: a URL's host is ASCII (punycode); a non-ASCII Domain is refused.
      if (!/^[\x21-\x7e]*$/.test(parsed.domain)) return undefined
      if (isIpAddress(host) || isPublicSuffix(parsed.domain)) {
        // Step 9: a public suffix (or an IP address) is allowed only as the
        // host itself, which makes the cookie host-only.
        if (parsed.domain !== host) return undefined
      } else {
        // Step 10: the host must be the domain or one of its subdomains.
        if (!domainMatch(host, parsed.domain)) return undefined
        domain = parsed.domain
        hostOnly = false
      }
    }
    // Step 13: an insecure origin cannot set a Secure cookie.
    if (parsed.secure && !secureOrigin) return undefined
    const cookie: Cookie = {
      name: parsed.name,
      value: parsed.value,
      domain,
      hostOnly,
      path: parsed.path ?? defaultPath(origin.pathname),
      secure: parsed.secure,
      httpOnly: parsed.httpOnly,
      sameSite: parsed.sameSite,
      expires: parsed.expires,
      created: now,
      lastAccessed: now,
    }
    // Step 16: ... nor overwrite, delete or shadow one.
    if (!secureOrigin && overlaysSecure(cookie, this.#store.secureNamed(cookie.name), now)) return undefined
    if (!prefixAllows(cookie, parsed.path !== undefined)) return undefined
    // Step 23: a replacement keeps the creation time; an expiry in the past deletes.
    const existing = this.#store.find(cookie)
    if (existing !== undefined) cookie.created = existing.cookie.created
    if (cookie.expires !== undefined && cookie.expires <= now) {
      if (existing !== undefined) this.#store.remove(existing)
      return undefined
    }
    return this.#store.put(cookie, now) ? { ...cookie } : undefined
  }

  /**
   * The cookies to send to `url` (§5.8.3): longest path first, then oldest.
   * Only the buckets of the host and its parent domains are visited.
   * @example jar.get('https://example.com/account').map((c) => c.name)   // ['session']
   */
  get(url: string | URL, now = Date.now()): Cookie[] {
    const target = toUrl(url)
    const host = target.hostname.toLowerCase()
    const secure = isTrustworthy(target)
    const matches: Entry[] = []
    for (const [domain, entries] of this.#store.around(host)) {
      for (const entry of entries) {
        const { cookie } = entry
        if (cookie.expires !== undefined && cookie.expires <= now) {
          this.#store.remove(entry)
          continue
        }
        if (cookie.hostOnly && domain !== host) continue
        if (!pathMatch(target.pathname, cookie.path)) continue
        if (cookie.secure && !secure) continue
        matches.push(entry)
      }
    }
    matches.sort((a, b) => b.cookie.path.length - a.cookie.path.length || a.cookie.created - b.cookie.created || a.seq - b.seq)
    // Step 3: sending is a use; the copies keep callers away from the index's keys.
    for (const entry of matches) {
      entry.cookie.lastAccessed = now
      this.#store.touch(entry)
    }
    return matches.map((entry) => ({ ...entry.cookie }))
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
    this.#store.clear(domain)
  }

  /**
   * Persistent cookies (session cookies too: an edge function's "session" spans
   * requests), oldest first. `JSON.stringify(jar)` calls it.
   * @example await env.KV.put('jar', JSON.stringify(jar))
   */
  toJSON(): CookieJarJSON {
    return { version: 1, cookies: this.#store.entries().map((entry) => ({ ...entry.cookie })) }
  }

  /**
   * Restores a jar saved with `toJSON()` (expired cookies are dropped; the
   * limits apply, least recently used first).
   * @param json the saved object, or its JSON text
   * @param options the restored jar's bounds
   * @example const api = new Session({ cookies: CookieJar.fromJSON(await env.KV.get('jar') ?? '{"version":1,"cookies":[]}') })
   */
  static fromJSON(json: CookieJarJSON | string, now = Date.now(), options: CookieJarOptions = {}): CookieJar {
    const data: unknown = typeof json === 'string' ? JSON.parse(json) : json
    const list: unknown = typeof data === 'object' && data !== null ? (data as { cookies?: unknown }).cookies : undefined
    if (!Array.isArray(list)) throw new TypeError('CookieJar.fromJSON expects the object produced by jar.toJSON()')
    const jar = new CookieJar(options)
    const restored: Cookie[] = []
    for (const item of list) {
      const cookie = readCookie(item)
      if (cookie.expires !== undefined && cookie.expires <= now) continue
      if (jar.#store.put(cookie, now)) restored.push(cookie)
    }
    // Use order as saved: least recently accessed first (a stable sort keeps ties in creation order).
    restored.sort((a, b) => (a.lastAccessed ?? a.created) - (b.lastAccessed ?? b.created))
    for (const cookie of restored) {
      const entry = jar.#store.find(cookie)
      if (entry !== undefined) jar.#store.touch(entry)
    }
    return jar
  }
}

/** Whether storing needs the Public Suffix List: a `Domain` attribute, from a host that is not an IP address. */
function needsSuffixes(parsed: SetCookie, origin: URL): boolean {
  return parsed.domain !== undefined && !isIpAddress(origin.hostname)
}

function toUrl(url: string | URL): URL {
  try {
    return typeof url === 'string' ? new URL(url) : url
  } catch {
    throw new TypeError(`CookieJar needs an absolute URL, got ${JSON.stringify(String(url))}`)
  }
}
