/**
 * `/basic-auth/:user/:passwd`, `/hidden-basic-auth/:user/:passwd`, `/bearer`.
 *
 * The `/digest-auth/…` routes are in `routes/digest.ts`.
 */

import { GET, type Route, route } from '../router.js'
import { bareResponse, decodeUtf8, emptyResponse, fromBase64, jsonResponse } from '../util.js'

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="Fake Realm"' }

/**
 * RFC 7617: `Basic base64(user ":" password)`. The credentials are UTF-8,
 * so the bytes from `atob` go through a strict UTF-8 decoder; `atob` alone
 * would turn `é` into `Ã©`.
 */
export function parseBasicAuth(header: string | null): { user: string; password: string } | null {
  const token = header === null ? undefined : /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header)?.[1]
  const bytes = token === undefined ? null : fromBase64(token)
  const text = bytes === null ? null : decodeUtf8(bytes)
  const colon = text?.indexOf(':') ?? -1
  if (text === null || text === undefined || colon < 0) return null
  return { user: text.slice(0, colon), password: text.slice(colon + 1) }
}

function basicAuthRoute(path: string, onFailure: () => Response): Route {
  return route(path, GET, ({ request, params }) => {
    const credentials = parseBasicAuth(request.headers.get('authorization'))
    if (credentials === null || credentials.user !== params.user || credentials.password !== params.passwd) {
      return onFailure()
    }
    return jsonResponse({ authenticated: true, user: credentials.user })
  })
}

export function authRoutes(): Route[] {
  return [
    // httpbin answers with its `status_code(401)`: the challenge, no Content-Type.
    basicAuthRoute('/basic-auth/:user/:passwd', () => bareResponse(401, BASIC_CHALLENGE)),
    // The hidden variant answers an empty 404 so that a browser shows no login dialog.
    basicAuthRoute('/hidden-basic-auth/:user/:passwd', () => emptyResponse(404)),
    route('/bearer', GET, ({ request }) => {
      // httpbin checks the prefix case-sensitively, and so does this.
      const authorization = request.headers.get('authorization')
      if (authorization === null || !authorization.startsWith('Bearer ')) {
        return emptyResponse(401, { 'www-authenticate': 'Bearer' })
      }
      return jsonResponse({ authenticated: true, token: authorization.slice('Bearer '.length) })
    }),
  ]
}
