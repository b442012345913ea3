// The public shape of a cookie: the bottom of cookies/, so the jar, its store and its policy share it without importing each other.

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
  /** Sent only over https (and to loopback hosts); plain http can neither set nor overwrite it. */
  secure: boolean
  /** Hidden from page scripts; surefetch sends it like any other. */
  httpOnly: boolean
  /** Stored, not enforced (a server-side client has no "site"). */
  sameSite?: 'Strict' | 'Lax' | 'None' | undefined
  /** `undefined` for a session cookie. */
  expires?: number | undefined
  /** When it was first stored; older cookies are sent first among equal paths. */
  created: number
  /** When it was last stored or sent: a full jar evicts the least recently used first. */
  lastAccessed?: number | undefined
}
