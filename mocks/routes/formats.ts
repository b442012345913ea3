/**
 * Response formats and HTTP caching: `/json`, `/html`, `/xml`,
 * `/encoding/utf8`, `/response-headers`, `/cache`, `/cache/:n`, `/etag/:etag`.
 *
 * `/gzip` is left out on purpose: only msw's Node interceptor decompresses a
 * mocked `Content-Encoding: gzip` body; `setupWorker` would hand the page the
 * compressed bytes, so the route would behave differently per runtime.
 */

import { SLIDESHOW_JSON, SLIDESHOW_XML, MOBY_DICK_HTML, UTF8_DEMO } from '../data.js'
import { echo, GET_FIELDS, multiDict } from '../echo.js'
import { GET, type Route, route } from '../router.js'
import {
  badRequest,
  emptyResponse,
  HTML_UTF8,
  headerValue,
  type Json,
  jsonResponse,
  notFound,
  parseCount,
  stringifyJson,
  textResponse,
} from '../util.js'

/** RFC 9110 §5.1: a field name is a token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * The body of `/response-headers` lists the response's own headers, its
 * `Content-Length` included — which depends on the body, so iterate until
 * the number stops changing (httpbin does the same).
 */
function responseHeadersBody(echoed: Record<string, Json>, hasContentType: boolean): Record<string, Json> {
  let length = 0
  for (;;) {
    const body = { ...(hasContentType ? {} : { 'Content-Type': 'application/json' }), ...echoed, 'Content-Length': String(length) }
    const actual = new TextEncoder().encode(stringifyJson(body)).byteLength
    if (actual === length) return body
    length = actual
  }
}

/** `"a", W/"b", c` → `['a', 'b', 'c']`: httpbin compares entity-tags without quotes and weakness. */
function entityTags(header: string | null): string[] {
  if (header === null) return []
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((tag) => tag !== '')
}

/** Entity-tags are sent quoted (RFC 9110 §8.8.3); httpbin sends them bare, which clients tolerate less well. */
function quoted(tag: string): string {
  return `"${headerValue(tag).replaceAll('"', '%22')}"`
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export function formatRoutes(): Route[] {
  return [
    route('/json', GET, () => jsonResponse(SLIDESHOW_JSON)),
    route('/html', GET, () => textResponse(MOBY_DICK_HTML, HTML_UTF8)),
    route('/xml', GET, () => textResponse(SLIDESHOW_XML, 'application/xml')),
    route('/encoding/utf8', GET, () => textResponse(UTF8_DEMO, HTML_UTF8)),

    route('/response-headers', ['GET', 'POST'], ({ url }) => {
      const headers = new Headers({ 'content-type': 'application/json' })
      let hasContentType = false
      for (const [name, value] of url.searchParams) {
        // Checked here: not every runtime's Headers rejects a bad name.
        if (!HEADER_NAME.test(name)) return badRequest('Invalid header name')
        if (name.toLowerCase() === 'content-type') {
          headers.set(name, headerValue(value))
          hasContentType = true
        } else {
          headers.append(name, headerValue(value))
        }
      }
      const body = responseHeadersBody(multiDict(url.searchParams), hasContentType)
      return jsonResponse(body, 200, headers)
    }),

    route('/cache', GET, async ({ request }) => {
      if (request.headers.has('if-modified-since') || request.headers.has('if-none-match')) return emptyResponse(304)
      // A Date equal to Last-Modified, as gunicorn sends it: without one an HTTP
      // cache dates the response by its arrival, after the Last-Modified second
      // began, and gives it a few ms of heuristic freshness httpbin's has not.
      const now = new Date().toUTCString()
      return jsonResponse(await echo(request, GET_FIELDS), 200, {
        date: now,
        'last-modified': now,
        etag: quoted(randomHex(16)),
      })
    }),

    route('/cache/:n', GET, async ({ request, params }) => {
      const seconds = parseCount(params.n)
      if (seconds === null) return notFound()
      return jsonResponse(await echo(request, GET_FIELDS), 200, { 'cache-control': `public, max-age=${seconds}` })
    }),

    route('/etag/:etag', GET, async ({ request, params }) => {
      const etag = params.etag ?? ''
      const ifNoneMatch = entityTags(request.headers.get('if-none-match'))
      const ifMatch = entityTags(request.headers.get('if-match'))
      // httpbin's order: If-None-Match wins; If-Match is only looked at without it.
      if (ifNoneMatch.length > 0) {
        if (ifNoneMatch.includes(etag) || ifNoneMatch.includes('*')) return emptyResponse(304, { etag: quoted(etag) })
      } else if (ifMatch.length > 0 && !ifMatch.includes(etag) && !ifMatch.includes('*')) {
        return emptyResponse(412)
      }
      return jsonResponse(await echo(request, GET_FIELDS), 200, { etag: quoted(etag) })
    }),
  ]
}
