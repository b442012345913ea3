import type { CookieJar } from '../cookies/jar.js'
import { setCookieHeaders } from '../cookies/parse.js'
import type { Layer, PreparedRequest } from '../context.js'
import { sameOrigin } from './auth.js'

/**
 * Sends the jar's cookies for each request's URL (every attempt and every
 * redirect hop) and stores every `Set-Cookie` received. A `Cookie` header
 * the caller wrote wins; per-request `cookies` are added but never stored.
 */
export function cookieLayer(jar: CookieJar): Layer {
  return async function cookies(request: PreparedRequest, next) {
    const explicit = request.headers.has('cookie')
    if (!explicit) {
      // Per-request cookies are credentials of the call's origin: never sent
      // on a redirect hop to another origin, nor after one (SPEC §6).
      const context = request.context
      const extra = sameOrigin(request.url, context.origin) ? context.options.cookies : undefined
      const pairs = jar
        .get(request.url)
        .filter((cookie) => extra === undefined || !Object.hasOwn(extra, cookie.name))
        .map((cookie) => `${cookie.name}=${cookie.value}`)
      if (extra !== undefined) for (const name of Object.keys(extra)) pairs.push(`${name}=${extra[name]}`)
      if (pairs.length > 0) {
        const headers = new Headers(request.headers)
        headers.set('cookie', pairs.join('; '))
        request = { ...request, headers }
      }
    }
    const response = await next(request)
    for (const header of setCookieHeaders(response.headers)) await jar.store(header, request.url)
    return response
  }
}
