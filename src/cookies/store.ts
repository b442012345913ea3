/**
 * The jar's storage: cookies indexed by domain, bounded the way browsers bound
 * theirs, evicting as RFC 6265bis §5.7 (after step 23) orders it: expired
 * cookies first, then the least recently used, non-secure before secure in a
 * domain that is over its quota.
 */
import type { Cookie } from './cookie.js'
import { isIpAddress } from './parse.js'

/**
 * The jar's bounds (RFC 6265bis §6.1 asks for at least 4096 bytes per cookie,
 * 50 per domain and 3000 in all; browsers keep 180 per domain).
 *
 * @example
 * ```ts
 * const jar = new CookieJar({ maxCookies: 500 })   // a crawler's jar: 500 cookies at most
 * ```
 */
export interface CookieJarOptions {
  /**
   * Cookies kept in all; beyond it the least recently used go (expired first).
   * @default 3000
   */
  maxCookies?: number | undefined
  /**
   * Cookies kept per `domain` field; beyond it the domain's expired, then
   * least recently used non-secure, then least recently used cookies go.
   * @default 180
   */
  maxPerDomain?: number | undefined
  /**
   * Longest name plus value, in characters (the octets of the header); a
   * longer cookie is refused (RFC 6265bis §5.7 step 4).
   * @default 4096
   */
  maxCookieSize?: number | undefined
}

/** The jar's bounds, all set. */
export interface Limits {
  maxCookies: number
  maxPerDomain: number
  maxCookieSize: number
}

/** The defaults of `CookieJarOptions`: Chrome's and Firefox's limits. */
export const COOKIE_LIMITS: Readonly<Limits> = /* @__PURE__ */ Object.freeze({ maxCookies: 3000, maxPerDomain: 180, maxCookieSize: 4096 })

/** Validates the options once, naming the bad one. */
export function toLimits(options: CookieJarOptions): Limits {
  const limits: Limits = { ...COOKIE_LIMITS }
  for (const name of Object.keys(COOKIE_LIMITS) as Array<keyof Limits>) {
    const value: unknown = options[name]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new RangeError(`CookieJar: ${name} must be a positive integer, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
    }
    limits[name] = value
  }
  return limits
}

/** A stored cookie with its place in creation and use order. */
export interface Entry {
  cookie: Cookie
  /** Creation order: breaks ties between equal creation times (§5.8.3 step 2). */
  readonly seq: number
  /** Use order: the entry least recently stored or sent has the lowest. */
  used: number
}

function expired(cookie: Cookie, now: number): boolean {
  return cookie.expires !== undefined && cookie.expires <= now
}

/** One key per (name, domain, host-only flag, path) — §5.7 step 23's identity. Only `path` may hold `;`. */
function keyOf(cookie: Cookie): string {
  return `${cookie.hostOnly ? 'h' : 'd'}${cookie.name};${cookie.path}`
}

export class CookieStore {
  /** domain → key → entry, in creation order. */
  readonly #domains = new Map<string, Map<string, Entry>>()
  /** Every entry, least recently used first. */
  readonly #byUse = new Set<Entry>()
  /** Secure cookies by name, for §5.7 step 16 without a scan. */
  readonly #secure = new Map<string, Set<Entry>>()
  readonly #limits: Limits
  #seq = 0
  #clock = 0
  /** No stored cookie expires before this: a sweep for expired cookies is skipped until then. */
  #nextExpiry = Infinity

  constructor(limits: Limits) {
    this.#limits = limits
  }

  get size(): number {
    return this.#byUse.size
  }

  /** Every entry, oldest first (creation order). */
  entries(): Entry[] {
    const all: Entry[] = []
    for (const bucket of this.#domains.values()) all.push(...bucket.values())
    return all.sort((a, b) => a.seq - b.seq)
  }

  /**
   * The buckets of `host` and of each parent domain (`a.b.c`, `b.c`, `c`):
   * the only domains whose cookies can match it (§5.1.3), so a lookup never
   * visits unrelated sites' cookies.
   */
  around(host: string): Array<[domain: string, entries: Iterable<Entry>]> {
    const found: Array<[string, Iterable<Entry>]> = []
    for (let at = 0; ; ) {
      const domain = host.slice(at)
      const bucket = this.#domains.get(domain)
      if (bucket !== undefined) found.push([domain, bucket.values()])
      const dot = host.indexOf('.', at)
      if (dot < 0 || isIpAddress(host)) return found
      at = dot + 1
    }
  }

  /** Secure cookies called `name`. */
  secureNamed(name: string): Iterable<Entry> {
    return this.#secure.get(name) ?? []
  }

  /** The stored cookie with the same identity as `cookie`. */
  find(cookie: Cookie): Entry | undefined {
    return this.#domains.get(cookie.domain)?.get(keyOf(cookie))
  }

  /**
   * Stores `cookie`, replacing the one with its identity (keeping that one's
   * place), then evicts past the limits. Returns `false` when the cookie
   * itself was the one evicted (a full domain of secure cookies refuses a
   * non-secure one).
   */
  put(cookie: Cookie, now: number): boolean {
    let bucket = this.#domains.get(cookie.domain)
    if (bucket === undefined) this.#domains.set(cookie.domain, (bucket = new Map()))
    const key = keyOf(cookie)
    let entry = bucket.get(key)
    if (entry === undefined) {
      entry = { cookie, seq: this.#seq++, used: 0 }
      bucket.set(key, entry)
    } else {
      this.#secure.get(entry.cookie.name)?.delete(entry)
      entry.cookie = cookie
    }
    if (cookie.secure) {
      let named = this.#secure.get(cookie.name)
      if (named === undefined) this.#secure.set(cookie.name, (named = new Set()))
      named.add(entry)
    }
    this.touch(entry)
    if (cookie.expires !== undefined) this.#nextExpiry = Math.min(this.#nextExpiry, cookie.expires)
    if (bucket.size > this.#limits.maxPerDomain) this.remove(this.#domainVictim(bucket.values(), now))
    if (this.#byUse.size > this.#limits.maxCookies) this.#evict(now)
    return this.#byUse.has(entry)
  }

  /** Marks `entry` as just used (stored, or sent: §5.8.3 step 3). */
  touch(entry: Entry): void {
    this.#byUse.delete(entry)
    this.#byUse.add(entry)
    entry.used = ++this.#clock
  }

  remove(entry: Entry): void {
    const { cookie } = entry
    const bucket = this.#domains.get(cookie.domain)
    if (bucket?.get(keyOf(cookie)) !== entry) return
    bucket.delete(keyOf(cookie))
    if (bucket.size === 0) this.#domains.delete(cookie.domain)
    this.#byUse.delete(entry)
    const named = this.#secure.get(cookie.name)
    named?.delete(entry)
    if (named?.size === 0) this.#secure.delete(cookie.name)
  }

  /** Removes every entry, or those of one domain. */
  clear(domain?: string): void {
    if (domain === undefined) {
      this.#domains.clear()
      this.#byUse.clear()
      this.#secure.clear()
      return
    }
    for (const entry of [...(this.#domains.get(domain)?.values() ?? [])]) this.remove(entry)
  }

  /** A full domain's victim: an expired cookie, else the least recently used non-secure one, else the least recently used. */
  #domainVictim(entries: Iterable<Entry>, now: number): Entry {
    let oldest: Entry | undefined
    let oldestInsecure: Entry | undefined
    for (const entry of entries) {
      if (expired(entry.cookie, now)) return entry
      if (!entry.cookie.secure && (oldestInsecure === undefined || entry.used < oldestInsecure.used)) oldestInsecure = entry
      if (oldest === undefined || entry.used < oldest.used) oldest = entry
    }
    // The bucket is over its limit (≥ 2 entries), so `oldest` is set.
    return (oldestInsecure ?? oldest) as Entry
  }

  /** A full jar drops its expired cookies, then its least recently used ones. */
  #evict(now: number): void {
    if (now >= this.#nextExpiry) {
      let next = Infinity
      for (const entry of [...this.#byUse]) {
        const { expires } = entry.cookie
        if (expires !== undefined && expires <= now) this.remove(entry)
        else if (expires !== undefined) next = Math.min(next, expires)
      }
      this.#nextExpiry = next
    }
    for (const entry of this.#byUse) {
      if (this.#byUse.size <= this.#limits.maxCookies) return
      this.remove(entry)
    }
  }
}

/**
 * One saved cookie, checked field by field and rebuilt (never spread: a
 * `__proto__` key in edited JSON stays out of the jar).
 */
export function readCookie(item: unknown): Cookie {
  const fields = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
  const text = (key: string): string | undefined => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined)
  const time = (key: string): number | undefined => {
    const value = fields[key]
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined
  }
  const name = text('name')
  const value = text('value') ?? ''
  const domain = text('domain')
  const path = text('path')
  if (name === undefined || domain === undefined || path === undefined) {
    throw new TypeError(`CookieJar.fromJSON: not a cookie: ${String(JSON.stringify(item)).slice(0, 80)}`)
  }
  const sameSite = text('sameSite')
  const created = time('created') ?? 0
  return {
    name,
    value,
    domain,
    hostOnly: fields.hostOnly !== false,
    path,
    secure: fields.secure === true,
    httpOnly: fields.httpOnly === true,
    sameSite: sameSite === 'Strict' || sameSite === 'Lax' || sameSite === 'None' ? sameSite : undefined,
    // `null` (how JSON writes an infinite expiry an older jar kept) means no expiry.
    expires: time('expires'),
    created,
    lastAccessed: time('lastAccessed') ?? created,
  }
}
