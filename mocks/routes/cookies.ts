/**
 * `/cookies`, `/cookies/set`, `/cookies/set/:name/:value`, `/cookies/delete`.
 * Stateless, like httpbin: the cookies live in the client, which sends them
 * back in `Cookie`.
 */

import { GET, type Route, type RouteContext, route } from '../router.js'
import { jsonResponse, percentEncode, redirectResponse } from '../util.js'
import { isHiddenCookie } from '../werkzeug.js'

const EXPIRED = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0'

/** `a=1; b=2` → `{ a: '1', b: '2' }`; the first of a repeated name wins, as in Werkzeug. */
export function parseCookieHeader(header: string | null): Record<string, string> {
  const cookies = new Map<string, string>()
  for (const pair of header?.split(';') ?? []) {
    const equals = pair.indexOf('=')
    if (equals < 0) continue
    const name = pair.slice(0, equals).trim()
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (name !== '' && !cookies.has(name)) cookies.set(name, value)
  }
  return Object.fromEntries(cookies)
}

/** RFC 6265 cookie-octets; anything else is percent-encoded so the header stays valid. */
function cookieOctets(text: string): string {
  return text.replace(/[^\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/gu, percentEncode)
}

/** Werkzeug's attribute order; `Secure` only over https, as httpbin does. */
function setCookie(context: RouteContext, name: string, value: string): string {
  const secure = context.url.protocol === 'https:' ? '; Secure' : ''
  return `${cookieOctets(name)}=${cookieOctets(value)}${secure}; Path=/`
}

function redirectToCookies(context: RouteContext, setCookies: readonly string[]): Response {
  const headers = new Headers()
  for (const cookie of setCookies) headers.append('set-cookie', cookie)
  return redirectResponse(context.link('/cookies'), headers)
}

export function cookieRoutes(): Route[] {
  return [
    route('/cookies', GET, ({ request, url }) => {
      const cookies = Object.entries(parseCookieHeader(request.headers.get('cookie')))
      // Analytics cookies are hidden unless the query has `show_env`, as in httpbin.
      return jsonResponse({ cookies: Object.fromEntries(cookies.filter(([name]) => !isHiddenCookie(name, url))) })
    }),
    route('/cookies/set', GET, (context) =>
      redirectToCookies(
        context,
        [...context.url.searchParams].map(([name, value]) => setCookie(context, name, value)),
      ),
    ),
    route('/cookies/set/:name/:value', GET, (context) =>
      redirectToCookies(context, [setCookie(context, context.params.name ?? '', context.params.value ?? '')]),
    ),
    route('/cookies/delete', GET, (context) =>
      redirectToCookies(
        context,
        [...context.url.searchParams.keys()].map((name) => `${cookieOctets(name)}=; ${EXPIRED}; Path=/`),
      ),
    ),
  ]
}
