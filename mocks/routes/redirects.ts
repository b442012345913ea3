/** `/redirect/:n`, `/relative-redirect/:n`, `/absolute-redirect/:n`, `/redirect-to`. */

import { GET, type Route, type RouteContext, route, WITH_TRACE } from '../router.js'
import { badRequest, emptyResponse, headerValue, parseCount, queryParam, redirectResponse } from '../util.js'

/**
 * `n` hops of 302, the last one to `/get`. Like httpbin, `/relative-redirect`
 * answers with an empty body, the others with Werkzeug's little HTML page.
 */
function chain(context: RouteContext, kind: 'relative' | 'absolute', page: boolean): Response {
  const n = parseCount(context.params.n)
  if (n === null || n < 1) return badRequest('n must be a positive integer')
  const next = n === 1 ? '/get' : `/${kind}-redirect/${n - 1}`
  const location = kind === 'absolute' ? context.absoluteLink(next) : context.link(next)
  return page ? redirectResponse(location) : emptyResponse(302, { location })
}

export function redirectRoutes(): Route[] {
  return [
    // httpbin's /redirect/:n continues as relative redirects unless ?absolute=true.
    route('/redirect/:n', GET, (context) =>
      chain(context, context.url.searchParams.get('absolute')?.toLowerCase() === 'true' ? 'absolute' : 'relative', true),
    ),
    route('/relative-redirect/:n', GET, (context) => chain(context, 'relative', false)),
    route('/absolute-redirect/:n', GET, (context) => chain(context, 'absolute', true)),
    route('/redirect-to', WITH_TRACE, ({ url }) => {
      const location = queryParam(url, 'url')
      if (location === null) return badRequest('Missing url parameter')
      // httpbin falls back to 302 for anything that is not a 3xx.
      const code = parseCount(queryParam(url, 'status_code') ?? '302')
      const status = code !== null && code >= 300 && code < 400 ? code : 302
      return emptyResponse(status, { location: headerValue(location, true) })
    }),
  ]
}
