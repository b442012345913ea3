/** `/redirect/:n`, `/relative-redirect/:n`, `/absolute-redirect/:n`, `/redirect-to`. */

import { ANY, GET, type Route, type RouteContext, route } from '../router.js'
import { badRequest, emptyResponse, headerValue, parseCount } from '../util.js'

/** `n` hops of 302, the last one to `/get`. */
function chain(context: RouteContext, kind: 'relative' | 'absolute'): Response {
  const n = parseCount(context.params.n)
  if (n === null || n < 1) return badRequest('n must be a positive integer')
  const next = n === 1 ? '/get' : `/${kind}-redirect/${n - 1}`
  const location = kind === 'absolute' ? context.absoluteLink(next) : context.link(next)
  return emptyResponse(302, { location })
}

export function redirectRoutes(): Route[] {
  return [
    // httpbin's /redirect/:n continues as relative redirects unless ?absolute=true.
    route('/redirect/:n', GET, (context) =>
      chain(context, context.url.searchParams.get('absolute')?.toLowerCase() === 'true' ? 'absolute' : 'relative'),
    ),
    route('/relative-redirect/:n', GET, (context) => chain(context, 'relative')),
    route('/absolute-redirect/:n', GET, (context) => chain(context, 'absolute')),
    route('/redirect-to', ANY, ({ url }) => {
      const location = url.searchParams.get('url')
      if (location === null) return badRequest('Missing url parameter')
      // httpbin falls back to 302 for anything that is not a 3xx.
      const code = parseCount(url.searchParams.get('status_code') ?? '302')
      const status = code !== null && code >= 300 && code < 400 ? code : 302
      return emptyResponse(status, { location: headerValue(location, true) })
    }),
  ]
}
