/**
 * The rules of RFC 6265bis (draft-ietf-httpbis-rfc6265bis) that keep a
 * network attacker on plain http, or a sibling site, from tampering with
 * secure cookies: secure origins, "leave secure cookies alone" (§5.7 step
 * 16) and the `__Secure-` / `__Host-` name prefixes (§4.1.3, §5.7 steps 20–22).
 */
import type { Cookie } from './cookie.js'
import { domainMatch, pathMatch } from './parse.js'
import type { Entry } from './store.js'

/**
 * Hosts that count as secure even over http (as browsers treat them): a
 * `Secure` cookie may be set and sent there, which local development needs.
 */
export function isTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true
  const host = url.hostname
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]'
}

/** Case-insensitive, as the current draft has it (browsers followed in 2024). */
function startsWithPrefix(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix
}

/**
 * §5.7 steps 20–22: `__Secure-` cookies must be `Secure` (and so come from a
 * secure origin, step 13); `__Host-` cookies must also be host-only and carry
 * `Path=/`; and a nameless cookie, which is sent as its bare value, may not
 * pose as either.
 */
export function prefixAllows(cookie: Cookie, hasPathAttribute: boolean): boolean {
  const { name, value } = cookie
  if (startsWithPrefix(name, '__secure-') && !cookie.secure) return false
  if (startsWithPrefix(name, '__host-') && !(cookie.secure && cookie.hostOnly && hasPathAttribute && cookie.path === '/')) {
    return false
  }
  return !(name === '' && (startsWithPrefix(value, '__secure-') || startsWithPrefix(value, '__host-')))
}

/**
 * §5.7 step 16 ("leave secure cookies alone"): whether a non-secure cookie
 * from a non-secure origin would overwrite, delete or shadow a live `Secure`
 * cookie of the same name — one whose domain domain-matches the new cookie's
 * (or the other way round) and whose path the new cookie's path falls under.
 */
export function overlaysSecure(cookie: Cookie, secureNamed: Iterable<Entry>, now: number): boolean {
  for (const { cookie: existing } of secureNamed) {
    if (existing.expires !== undefined && existing.expires <= now) continue
    const related = domainMatch(cookie.domain, existing.domain) || domainMatch(existing.domain, cookie.domain)
    if (related && pathMatch(cookie.path, existing.path)) return true
  }
  return false
}
