/**
 * Response builders and small helpers shared by the routes.
 *
 * Every response is a plain `Response`, never msw's `HttpResponse`: msw
 * copies the `Set-Cookie` of an `HttpResponse` into a process-wide cookie
 * store and replays it on later requests, so cookies set by one test would
 * show up in the next — a real httpbin only sees the cookies a client sends.
 */

import { reasonPhrase } from './reasons.js'

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json }

/** httpbin's default content type for empty and error bodies (Flask's). */
export const HTML_UTF8 = 'text/html; charset=utf-8'

const encoder = new TextEncoder()

/** Statuses whose response must not have a body (Fetch: null body status). */
function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304
}

/** A response with `statusText` filled in; `headers` is always mutable. */
export function respond(body: BodyInit | null, status: number, headers?: HeadersInit): Response {
  return new Response(isNullBodyStatus(status) ? null : body, {
    status,
    statusText: reasonPhrase(status),
    headers: new Headers(headers),
  })
}

/** A fixed body with its `Content-Type` and `Content-Length`, like httpbin sends. */
export function bytesResponse(body: Uint8Array<ArrayBuffer>, contentType: string, status = 200, headers?: HeadersInit): Response {
  const merged = new Headers(headers)
  if (!merged.has('content-type')) merged.set('content-type', contentType)
  merged.set('content-length', String(body.byteLength))
  return respond(body, status, merged)
}

export function textResponse(body: string, contentType: string, status = 200, headers?: HeadersInit): Response {
  return bytesResponse(encoder.encode(body), contentType, status, headers)
}

/** httpbin's JSON: keys sorted, two-space indent, trailing newline (Flask's `jsonify`). */
export function jsonResponse(value: Json, status = 200, headers?: HeadersInit): Response {
  return textResponse(stringifyJson(value), 'application/json', status, headers)
}

export function stringifyJson(value: Json): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`
}

/**
 * An empty body, as httpbin sends for `/status/:code`, auth challenges and
 * `/relative-redirect/:n`: Flask's `text/html` type and `Content-Length: 0`,
 * except that Werkzeug sends no `Content-Length` with a 204 and neither
 * header with a 304.
 */
export function emptyResponse(status: number, headers?: HeadersInit): Response {
  const merged = new Headers(headers)
  if (status !== 304 && !merged.has('content-type')) merged.set('content-type', HTML_UTF8)
  if (!isNullBodyStatus(status)) merged.set('content-length', '0')
  return respond(null, status, merged)
}

/**
 * An empty body with exactly `headers` and `Content-Length: 0`, no
 * `Content-Type`: httpbin's `status_code()` replaces the headers of the codes
 * it has extras for (redirects to `/redirect/1`, 401, 407).
 */
export function bareResponse(status: number, headers: HeadersInit): Response {
  const merged = new Headers(headers)
  if (!isNullBodyStatus(status)) merged.set('content-length', '0')
  return respond(null, status, merged)
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

/** Python's `html.escape`. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}

/** Werkzeug's `redirect()`: a small HTML page linking to `location` (`/redirect/:n`, `/cookies/set`, …). */
export function redirectResponse(location: string, headers?: HeadersInit, status = 302): Response {
  const merged = new Headers(headers)
  merged.set('location', location)
  const link = escapeHtml(location)
  const body = `<!doctype html>
<html lang=en>
<title>Redirecting...</title>
<h1>Redirecting...</h1>
<p>You should be redirected automatically to the target URL: <a href="${link}">${link}</a>. If not, click the link.
`
  return textResponse(body, HTML_UTF8, status, merged)
}

/** A plain-text 400, as Flask's `Response(message, status=400)` sends it. */
export function badRequest(message: string): Response {
  return textResponse(message, 'text/plain; charset=utf-8', 400)
}

/** Werkzeug's 404 page, as httpbin sends for a path parameter that is not a number. */
export function notFound(): Response {
  const body = `<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
`
  return textResponse(body, HTML_UTF8, 404)
}

export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  // Object.fromEntries defines own properties, so a key such as `__proto__`
  // taken from a query string stays a plain key.
  const entries = Object.entries(value as { readonly [key: string]: Json })
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]))
}

/** A non-negative integer path or query value, or `null` (httpbin's `<int:n>` answers 404). */
export function parseCount(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null
  return Number(value)
}

/**
 * A query parameter looked up by name in any case, as httpbin reads the
 * parameters of `/redirect-to`, `/drip` and `/bytes/:n`
 * (`CaseInsensitiveDict(request.args.items())`: the first value of each
 * spelling, the last spelling wins).
 */
export function queryParam(url: URL, name: string): string | null {
  const wanted = name.toLowerCase()
  const firsts = new Map<string, string>()
  for (const [key, value] of url.searchParams) if (!firsts.has(key)) firsts.set(key, value)
  let found: string | null = null
  for (const [key, value] of firsts) if (key.toLowerCase() === wanted) found = value
  return found
}

/** A finite non-negative number (`0.5`, `2`), or `null`. */
export function parseSeconds(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null
}

/** A status a `Response` can carry (the constructor throws a RangeError outside 200–599). */
export function parseStatus(value: string | undefined): number | null {
  const status = parseCount(value)
  return status !== null && status >= 200 && status <= 599 ? status : null
}

/**
 * Sleeps `ms`, resolving `true`; resolves `false` as soon as `signal` aborts
 * and clears the timer. msw's own `delay()` cannot be cancelled, so a client
 * that gave up would still leave a timer holding the process open.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false)
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Resolves when `signal` aborts, and never otherwise — no timer involved. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
  }
  return btoa(binary)
}

/** Decodes standard base64 to bytes, or `null` when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text)
    return Uint8Array.from(binary, (char) => char.charCodeAt(0))
  } catch {
    return null
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Strict UTF-8 decoding, or `null` when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return null
  }
}

export function percentEncode(char: string): string {
  try {
    return encodeURIComponent(char)
  } catch {
    return '%EF%BF%BD' // a lone surrogate: U+FFFD, as a UTF-8 encoder would write
  }
}

/**
 * A header value `Headers` accepts: it throws on anything outside Latin-1, so
 * non-ASCII text (and, with `encodeSpaces`, whitespace — for `Location`) is
 * percent-encoded as UTF-8, the way httpbin ends up sending it.
 */
export function headerValue(value: string, encodeSpaces = false): string {
  return value.replace(encodeSpaces ? /[^\x21-\x7e]/gu : /[^\t\x20-\x7e]/gu, percentEncode)
}

/** A body delivered one string per chunk, so clients see real chunk boundaries. */
export function chunkedStream(chunks: readonly string[]): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index]
      index += 1
      if (chunk === undefined) controller.close()
      else controller.enqueue(encoder.encode(chunk))
    },
  })
}
