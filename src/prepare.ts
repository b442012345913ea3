/**
 * Input + options → PreparedRequest: the URL (baseUrl, params, credentials),
 * the headers (session ← mount ← request) and exactly one body. Everything
 * here is synchronous and runs before any I/O, so bad input fails fast.
 */
import { appendParams, refuse, serializeParams, show } from './options.js'
import type { CallContext, PreparedRequest, RequestBody, ResolvedOptions } from './context.js'
import type { PreparedRequest as PublicRequest } from './request.js'
import type { HeadersOption, MultipartValue, ParamsInit } from './types.js'
import { decodeUserinfo, fetchable, quoteUrl } from './util/url.js'

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:/i

/**
 * Resolves `input` against `baseUrl` (exactly one `/` between them) or, in a
 * browser, against the page. An absolute input ignores `baseUrl`. A
 * `TypeError` for an invalid URL or a scheme fetch should not fetch, with
 * the URL redacted in the message (it may carry `user:pass@` or an API key).
 */
export function buildUrl(input: string | URL, baseUrl: string | URL | undefined): URL {
  if (input instanceof URL) return fetchable(new URL(input.href))
  if (typeof input !== 'string') refuse('url', 'a string or a URL', input)
  let href = input
  if (baseUrl !== undefined && !ABSOLUTE.test(input)) {
    const base = String(baseUrl)
    href = input === '' ? base : `${base.replace(/\/+$/, '')}/${input.replace(/^\/+/, '')}`
  }
  let url: URL | undefined
  if (ABSOLUTE.test(href)) {
    try {
      url = new URL(href)
    } catch {
      // reported below
    }
    if (url) return fetchable(url)
  } else {
    const page = pageUrl()
    if (page !== undefined) {
      try {
        // Relative to the page: its scheme is the app's own (an extension's, an Electron app's), not input's.
        return new URL(href, page)
      } catch {
        // reported below
      }
    }
  }
  const hint = baseUrl === undefined ? '' : ` (baseUrl ${quoteUrl(String(baseUrl))})`
  throw new TypeError(`Invalid URL: ${quoteUrl(input)}${hint}`)
}

/** The document's URL in a browser; `undefined` elsewhere (Deno throws on `location` without --location). */
function pageUrl(): string | undefined {
  try {
    const href: unknown = (globalThis as { location?: { href?: unknown } }).location?.href
    return typeof href === 'string' ? href : undefined
  } catch {
    return undefined
  }
}

/**
 * Takes `user:pass@` out of the URL, as requests does: fetch refuses URLs with
 * credentials, and they must not travel in the URL (or its error messages).
 */
export function takeCredentials(url: URL): [string, string] | undefined {
  if (!url.username && !url.password) return undefined
  const pair: [string, string] = [decodeUserinfo(url, 'username'), decodeUserinfo(url, 'password')]
  url.username = ''
  url.password = ''
  return pair
}

/** Appends params after any query the URL already has (which is kept verbatim). */
export function applyParams(url: URL, params: ParamsInit | undefined): void {
  if (params === undefined) return
  const query = serializeParams(params)
  if (!query) return
  const current = url.search
  url.search = current.length > 1 ? `${current.slice(1)}&${query}` : query
}

/** Merges one layer of headers into `target`; `null`/`undefined` values delete. */
export function applyHeaders(target: Headers, init: HeadersOption | undefined): void {
  if (init === undefined || init === null) return
  if (init instanceof Headers) {
    init.forEach((value, name) => put(target, name, value, false))
  } else if (Array.isArray(init)) {
    const seen = new Set<string>()
    for (const pair of init as ReadonlyArray<readonly string[]>) {
      const [name, value] = pair
      if (pair.length !== 2 || typeof name !== 'string' || typeof value !== 'string') {
        refuse('headers entries', '[name, value] pairs of strings', pair)
      }
      // The first occurrence replaces an inherited header; repeats append.
      const key = name.toLowerCase()
      put(target, name, value, seen.has(key))
      seen.add(key)
    }
  } else if (typeof init === 'object') {
    const record = init as Record<string, unknown>
    for (const name of Object.keys(record)) {
      const value = record[name]
      if (value === null || value === undefined) target.delete(name)
      // requests refuses it too; fetch would send "[object Object]".
      else if ((typeof value === 'object' && !Array.isArray(value)) || typeof value === 'function') refuse(`header ${show(name)}`, 'a string', value)
      else put(target, name, String(value), false)
    }
  } else {
    refuse('headers', 'a Headers, an object or [name, value] pairs', init)
  }
}

/** Sets (or appends) one header; a bad name or value is a TypeError that does not quote the value. */
function put(target: Headers, name: string, value: string, append: boolean): void {
  try {
    if (append) target.append(name, value)
    else target.set(name, value)
  } catch {
    // The runtime's message quotes the value, which may be a credential.
    throw new TypeError(`header ${show(name)} has an invalid name or value (the value is not shown)`)
  }
}

/** Builds the body and its content-type; throws on a body for GET/HEAD. */
export function prepareBody(
  method: string,
  options: Pick<ResolvedOptions, 'json' | 'form' | 'multipart' | 'body'>,
  headers: Headers,
): RequestBody {
  let body: RequestBody = null
  if (options.json !== undefined) {
    body = stringify(options.json)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  } else if (options.form !== undefined) {
    body = toSearchParams(options.form)
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  } else if (options.multipart !== undefined) {
    body = toFormData(options.multipart)
  } else if (options.body !== undefined && options.body !== null) {
    body = typeof options.body === 'function' ? options.body() : options.body
  }
  if (body !== null && (method === 'GET' || method === 'HEAD')) {
    throw new TypeError(`a ${method} request cannot have a body`)
  }
  if (body instanceof ReadableStream && !canStreamUploads()) {
    throw new TypeError(
      'this runtime cannot stream a request body (a ReadableStream); send a Blob, bytes or a string instead',
    )
  }
  return body
}

let streamUploads: boolean | undefined

/**
 * Whether fetch can send a `ReadableStream` body. Runtimes without it turn
 * the stream into the text "[object ReadableStream]", which gives the request
 * a `text/plain` content-type: the tell-tale (the web's usual check also
 * requires `duplex` to be read, which workerd and happy-dom never do although
 * they do stream).
 */
function canStreamUploads(): boolean {
  if (streamUploads === undefined) {
    try {
      const init = { method: 'POST', body: new ReadableStream(), duplex: 'half' }
      streamUploads = !new Request('http://127.0.0.1/', init as RequestInit).headers.has('content-type')
    } catch {
      streamUploads = false
    }
  }
  return streamUploads
}

function stringify(value: unknown): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (error) {
    throw new TypeError(`json is not JSON-serialisable: ${(error as Error).message}`, { cause: error })
  }
  if (text === undefined) throw new TypeError(`json is not JSON-serialisable: got ${show(value)}`)
  return text
}

function toSearchParams(form: ParamsInit): URLSearchParams {
  if (form instanceof URLSearchParams) return form
  if (typeof form === 'string') return new URLSearchParams(form)
  const search = new URLSearchParams()
  appendParams(search, form)
  return search
}

function toFormData(multipart: Record<string, MultipartValue | null | undefined> | FormData): FormData {
  if (multipart instanceof FormData) return multipart
  if (typeof multipart !== 'object' || multipart === null || Array.isArray(multipart)) {
    refuse('multipart', 'a record or a FormData', multipart)
  }
  const data = new FormData()
  for (const name of Object.keys(multipart)) {
    const value: unknown = multipart[name]
    // Skipped, as params and form skip them (and requests drops None fields).
    if (value === null || value === undefined) continue
    if (typeof value === 'string') data.append(name, value)
    else if (value instanceof Blob) data.append(name, value)
    else if (Array.isArray(value) && value[0] instanceof Blob && typeof value[1] === 'string') {
      data.append(name, value[0], value[1])
    } else {
      refuse(`multipart field ${show(name)}`, 'a string, a Blob or [Blob, filename]', value)
    }
  }
  return data
}

/**
 * Writes the `Cookie` header unless the caller wrote one (which wins): the
 * jar's `stored` cookies for the URL, except those a per-request cookie of
 * the same name replaces, then the per-request `cookies`. The one place a
 * cookie header is built, with or without a jar.
 */
export function applyCookies(
  headers: Headers,
  cookies: Record<string, string> | undefined,
  stored?: ReadonlyArray<{ readonly name: string; readonly value: string }>,
): void {
  // The hot path of every call without cookies: nothing to build, no header lookup.
  if ((cookies === undefined && stored === undefined) || headers.has('cookie')) return
  stored ??= []
  const pairs = stored.filter((cookie) => cookies === undefined || !Object.hasOwn(cookies, cookie.name)).map((cookie) => `${cookie.name}=${cookie.value}`)
  if (cookies !== undefined) for (const name of Object.keys(cookies)) pairs.push(`${name}=${cookies[name]}`)
  if (pairs.length > 0) headers.set('cookie', pairs.join('; '))
}

/**
 * How to re-create the body for a retry, a redirect or an auth replay, or
 * `undefined` when it cannot be: a `body: () => …` option is called again;
 * strings, bytes, `Blob`, `FormData` and `URLSearchParams` are sent again as
 * they are; a one-shot `ReadableStream` is sent once and never buffered
 * (SPEC §5).
 */
export function replayable(request: PublicRequest): (() => RequestBody) | undefined {
  const source = (request as PreparedRequest).context.options.body
  if (typeof source === 'function') return source
  const body = request.body
  if (body instanceof ReadableStream) return undefined
  return () => body
}

/**
 * Cancels a stream body that fetch never took (the call failed before it, or
 * a custom fetch threw without reading it), so its source is released as
 * fetch releases the bodies it takes. A locked stream is fetch's to end.
 */
export function dropBody(request: { readonly body?: unknown }, reason: unknown): void {
  const body = request.body
  if (body instanceof ReadableStream && !body.locked) body.cancel(reason).catch(() => {})
}

/** Assembles the request that enters the layer stack. */
export function createRequest(
  method: string,
  url: URL,
  headers: Headers,
  context: CallContext,
  withCookies: boolean,
): PreparedRequest {
  const options = context.options
  // With a cookie jar, the cookie layer merges per-request cookies with the jar's.
  if (withCookies) applyCookies(headers, options.cookies as Record<string, string> | undefined)
  const body = prepareBody(method, options, headers)
  return { method, url: url.href, headers, body, signal: undefined, context }
}
