/**
 * Turns route definitions into msw handlers, and does what Flask does for
 * every httpbin route: `HEAD` for `GET` routes, `OPTIONS` (CORS preflight),
 * `405` with `Allow` for other methods, and the CORS headers httpbin adds.
 */

import { http, type HttpHandler } from 'msw'
import { HTML_UTF8, textResponse } from './util.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'TRACE'

export const GET: readonly Method[] = ['GET']
export const ANY: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
/** httpbin's method list for `/anything`, `/status/:codes` and `/redirect-to` (fetch itself cannot send TRACE). */
export const WITH_TRACE: readonly Method[] = [...ANY, 'TRACE']

export interface RouteContext {
  readonly request: Request
  readonly url: URL
  /** Path parameters, percent-decoded; `undefined` for an absent optional one. */
  readonly params: { readonly [name: string]: string | undefined }
  /** `path` under this mock's base URL path, for a `Location` header. */
  link(path: string): string
  /** `path` as an absolute URL on this mock. */
  absoluteLink(path: string): string
}

export interface Route {
  /** Path relative to the base URL, in msw syntax: `/status/:codes`. */
  readonly path: string
  readonly methods: readonly Method[]
  readonly handle: (context: RouteContext) => Response | Promise<Response>
}

export function route(path: string, methods: readonly Method[], handle: Route['handle']): Route {
  return { path, methods, handle }
}

function allowedMethods(methods: readonly Method[]): string[] {
  const allowed: string[] = [...methods]
  if (methods.includes('GET')) allowed.push('HEAD')
  allowed.push('OPTIONS')
  return allowed
}

/**
 * httpbin's `after_request` CORS headers, plus `Access-Control-Expose-Headers`
 * naming every header of the response: httpbin does not send it, but without
 * it a page using `setupWorker` against a cross-origin base URL could not read
 * `Retry-After`, `ETag` or `Location`.
 */
function addCorsHeaders(request: Request, response: Response, allowed: readonly string[]): void {
  const headers = response.headers
  const exposed = [...headers.keys()].filter((name) => name !== 'set-cookie')
  headers.set('access-control-allow-origin', request.headers.get('origin') ?? '*')
  headers.set('access-control-allow-credentials', 'true')
  if (exposed.length > 0) headers.set('access-control-expose-headers', exposed.join(', '))
  if (request.method === 'OPTIONS') {
    headers.set('access-control-allow-methods', allowed.filter((method) => method !== 'HEAD').join(', '))
    headers.set('access-control-max-age', '3600')
    const requested = request.headers.get('access-control-request-headers')
    if (requested !== null) headers.set('access-control-allow-headers', requested)
  }
}

function withoutBody(response: Response): Response {
  // Cancelling stops a streaming body's timers (`/drip`, `/stream/:n`).
  void response.body?.cancel().catch(() => {})
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers })
}

function methodNotAllowed(allowed: readonly string[]): Response {
  const body = `<!doctype html>
<html lang=en>
<title>405 Method Not Allowed</title>
<h1>Method Not Allowed</h1>
<p>The method is not allowed for the requested URL.</p>
`
  return textResponse(body, HTML_UTF8, 405, { allow: allowed.join(', ') })
}

function contextFor(request: Request, params: Readonly<Record<string, string | readonly string[] | undefined>>, basePath: string): RouteContext {
  const url = new URL(request.url)
  const flat: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(params)) {
    flat[name] = typeof value === 'string' || value === undefined ? value : value.join('/')
  }
  return {
    request,
    url,
    params: flat,
    link: (path) => `${basePath}${path}`,
    absoluteLink: (path) => new URL(`${basePath}${path}`, url).href,
  }
}

/**
 * One msw handler per route, matching every method so that the wrong one
 * gets httpbin's 405 instead of falling through to "unhandled request".
 *
 * @param baseUrl the base URL without a trailing slash
 * @param basePath its path (`''` for an origin), prefixed to `Location` paths
 */
export function toHandler(baseUrl: string, basePath: string, definition: Route): HttpHandler {
  const allowed = allowedMethods(definition.methods)
  return http.all(`${baseUrl}${definition.path}`, async function httpbinRoute({ request, params }) {
    const method = request.method.toUpperCase()
    let response: Response
    if (method === 'OPTIONS') {
      response = new Response(null, {
        status: 200,
        statusText: 'OK',
        headers: { allow: allowed.join(', '), 'content-type': HTML_UTF8, 'content-length': '0' },
      })
    } else if (!allowed.includes(method)) {
      response = methodNotAllowed(allowed)
    } else {
      response = await definition.handle(contextFor(request, params, basePath))
      if (response.type === 'error') return response
      if (method === 'HEAD') response = withoutBody(response)
    }
    addCorsHeaders(request, response, allowed)
    return response
  })
}
