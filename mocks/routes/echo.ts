/** Request inspection: `/get`, `/post`, …, `/anything`, `/headers`, `/ip`, `/user-agent`. */

import { ANYTHING_FIELDS, BODY_FIELDS, echo, echoHeaders, GET_FIELDS } from '../echo.js'
import { type Method, type Route, route, WITH_TRACE } from '../router.js'
import { jsonResponse } from '../util.js'
import { originOf } from '../werkzeug.js'

function echoRoute(path: string, methods: readonly Method[], fields: Parameters<typeof echo>[1]): Route {
  return route(path, methods, async ({ request }) => jsonResponse(await echo(request, fields)))
}

export function echoRoutes(): Route[] {
  return [
    echoRoute('/get', ['GET'], GET_FIELDS),
    echoRoute('/post', ['POST'], BODY_FIELDS),
    echoRoute('/put', ['PUT'], BODY_FIELDS),
    echoRoute('/patch', ['PATCH'], BODY_FIELDS),
    echoRoute('/delete', ['DELETE'], BODY_FIELDS),
    echoRoute('/anything', WITH_TRACE, ANYTHING_FIELDS),
    echoRoute('/anything/*', WITH_TRACE, ANYTHING_FIELDS),
    route('/headers', ['GET'], ({ request }) => jsonResponse({ headers: echoHeaders(request) })),
    route('/ip', ['GET'], ({ request }) => jsonResponse({ origin: originOf(request) })),
    route('/user-agent', ['GET'], ({ request }) => jsonResponse({ 'user-agent': request.headers.get('user-agent') })),
  ]
}
