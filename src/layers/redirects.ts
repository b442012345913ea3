import { NetworkError } from '../errors.js'
import { TooManyRedirectsError } from '../response.js'
import { replayable } from '../prepare.js'
import { SureResponse } from '../response.js'
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import { discard } from '../util/discard.js'

const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Headers describing a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']
/** Credentials that never follow a redirect to another origin (SPEC §6). */
const CREDENTIALS = ['authorization', 'proxy-authorization', 'cookie']

/**
 * The redirect layer's entry (SPEC §7): a call follows redirects itself when
 * it follows redirects at all and has a cookie jar (`jar`) to feed every
 * hop's `Set-Cookie` to, or `auth` to re-check per origin. Sessions and the
 * one-shot client (for calls with `auth`) register it, off browsers.
 */
export function redirectEntry(jar: boolean): StackEntry {
  return { rank: RANK.redirects, wanted: ({ options }) => options.redirect === 'follow' && (jar || !!options.auth), layer: redirectLayer }
}

/**
 * Follows redirects in surefetch rather than in fetch, so that every hop's
 * `Set-Cookie` reaches the jar and auth is re-applied (or withheld) per hop.
 * Used by sessions on runtimes that give `redirect: 'manual'` a readable
 * `Location` (all but browsers). Each hop is retried on its own (the retry
 * layer is below this one) and recorded in `response.history`.
 *
 * Fetch spec §4.4 "HTTP-redirect fetch": 303 → GET (except HEAD), 301/302
 * with POST → GET, 307/308 keep method and body; cross-origin hops lose
 * `Authorization`, `Proxy-Authorization` and `Cookie`.
 */
export async function redirectLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const context = request.context
  // The transport then asks fetch for `manual`: the hops come back here.
  context.followRedirects = true
  const max = context.options.maxRedirects
  let current = request
  for (let hops = 0; ; hops++) {
    const response = await next(current)
    const header = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || header === null) return response
    // The hop as the transport sent it (auth and cookies applied), with the hops before it.
    const hop = new SureResponse(response, context.sent ?? current, [...context.history])
    // The last hop's request, as requests raises it: the one that was one redirect too many.
    if (hops >= max) throw new TooManyRedirectsError(hop, max)
    const location = utf8Location(header)
    // Fetch §4.4 steps 3–6: an unparsable Location, or one that is not
    // http(s) (`data:`, `file:`, `javascript:` …), is a network error.
    let target: URL | undefined
    try {
      target = new URL(location, current.url)
    } catch {
      target = undefined
    }
    if (target === undefined || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
      discard(response)
      const reason = target === undefined ? 'an invalid' : `a ${target.protocol}`
      throw new NetworkError(current, new TypeError(`redirect to ${reason} Location refused`))
    }
    // Fetch §4.4 step 11: a Location without a fragment keeps the current one.
    if (target.hash === '' && !location.includes('#')) target.hash = new URL(current.url).hash
    const status = response.status
    let method = current.method
    let body = current.body
    if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET'
      body = null
    } else if (body !== null) {
      // 307/308 resend the body: only if it can be re-created.
      const replay = replayable(current)
      if (replay === undefined) return response
      body = replay()
    }
    const headers = new Headers(current.headers)
    if (body === null) for (const name of BODY_HEADERS) headers.delete(name)
    if (target.origin !== new URL(current.url).origin) {
      for (const name of CREDENTIALS) headers.delete(name)
      context.origin = undefined // and they stay stripped for the rest of the chain
    }
    context.history.push(hop)
    discard(response)
    current = { ...current, method, url: target.href, headers, body }
  }
}

/**
 * `Location` as the runtime's own redirects read it: header values are
 * byte strings (one character per byte), and a server that writes UTF-8
 * (`/š`) means UTF-8, which fetch decodes before parsing the URL. A value
 * that is not valid UTF-8 is kept as the bytes' characters.
 */
function utf8Location(header: string): string {
  if (!/[\x80-\xff]/.test(header)) return header
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(header, (char) => char.charCodeAt(0)))
  } catch {
    return header
  }
}
