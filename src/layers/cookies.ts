import type { CookieJar } from '../cookies/jar.js'
import { setCookieHeaders } from '../cookies/parse.js'
import { type Layer, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import { applyCookies } from '../prepare.js'
import { sameOrigin } from './auth.js'

/**
 * Sends the jar's cookies for each request's URL (every attempt and every
 * redirect hop) and stores every `Set-Cookie` received. A `Cookie` header
 * the caller wrote wins; per-request `cookies` are added but never stored.
 */
export function cookieEntry(jar: CookieJar): StackEntry {
  return { rank: RANK.cookies, wanted: always, layer: cookieLayer(jar) }
}

function always(): boolean {
  return true
}

export function cookieLayer(jar: CookieJar): Layer {
  return async function cookies(request: PreparedRequest, next) {
    if (!request.headers.has('cookie')) {
      // Per-request cookies are credentials of the call's origin: never sent
      // on a redirect hop to another origin, nor after one (SPEC §6).
      const context = request.context
      const extra = sameOrigin(request.url, context.origin) ? context.options.cookies : undefined
      const headers = new Headers(request.headers)
      applyCookies(headers, extra as Record<string, string> | undefined, jar.get(request.url))
      if (headers.has('cookie')) request = { ...request, headers }
    }
    const response = await next(request)
    for (const header of setCookieHeaders(response.headers)) await jar.store(header, request.url)
    return response
  }
}
