/**
 * Checks on the URL a call is about to fetch, made before any I/O (SPEC §2,
 * §8): bad input is a `TypeError` whose message shows the URL redacted.
 */
import { redactUrl } from './redact.js'
import { cut } from './text.js'

/**
 * Schemes surefetch fetches: `http:` and `https:`, plus `data:` and `blob:`,
 * which every runtime's fetch reads locally. The rest is refused: fetch has
 * nothing for `ftp:`, `ws:`, `javascript:` or `mailto:`, and `file:` —
 * which Deno and Bun would read from disk — must not be reachable through a
 * URL that may come from user input.
 */
const FETCHABLE = new Set(['http:', 'https:', 'data:', 'blob:'])

/** `url` itself, or a `TypeError` naming its scheme when fetch should not fetch it. */
export function fetchable(url: URL): URL {
  if (FETCHABLE.has(url.protocol)) return url
  // `localhost:3128` parses as the scheme `localhost:`: say what was meant, as requests does.
  const hint = /^\d+(\/|$)/.test(url.pathname) ? ` (no scheme: did you mean ${quoteUrl(`http://${url.href}`)}?)` : ''
  throw new TypeError(
    `URL scheme "${url.protocol}" is not supported (only http:, https:, data: and blob:), got ${quoteUrl(url.href)}${hint}`,
  )
}

/** A URL for an error message: redacted, quoted, and cut to 200 characters (a `data:` URL can be megabytes). */
export function quoteUrl(url: string): string {
  return JSON.stringify(cut(redactUrl(url), 200))
}

/**
 * The decoded user name or password of `url`. The URL parser keeps a bad
 * `%`-escape as is and `decodeURIComponent` then throws a `URIError` — which
 * would say nothing useful, so this says which part is wrong, with the URL's
 * credentials masked.
 */
export function decodeUserinfo(url: URL, part: 'username' | 'password'): string {
  try {
    return decodeURIComponent(url[part])
  } catch {
    const name = part === 'username' ? 'user name' : 'password'
    throw new TypeError(`URL has a malformed %-escape in the ${name} (or one that is not UTF-8): ${quoteUrl(url.href)}`)
  }
}
