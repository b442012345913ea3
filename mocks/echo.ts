/**
 * What httpbin reports about the request it received (its `get_dict`):
 * `args`, `data`, `files`, `form`, `headers`, `json`, `method`, `origin`, `url`.
 */

import { decodeUtf8, type Json, toBase64 } from './util.js'
import { isHiddenHeader, originOf, urlOf } from './werkzeug.js'

/** Repeated keys become arrays, single keys stay strings (httpbin's `semi_flatten`). */
export type MultiDict = { readonly [key: string]: string | readonly string[] }

export type EchoField = 'args' | 'data' | 'files' | 'form' | 'headers' | 'json' | 'method' | 'origin' | 'url'

/** The fields of `/get` (and of `/cache`, `/etag/:etag`, `/stream/:n`). */
export const GET_FIELDS: readonly EchoField[] = ['args', 'headers', 'origin', 'url']
/** The fields of `/post`, `/put`, `/patch`, `/delete`. */
export const BODY_FIELDS: readonly EchoField[] = ['args', 'data', 'files', 'form', 'headers', 'json', 'origin', 'url']
/** The fields of `/anything`. */
export const ANYTHING_FIELDS: readonly EchoField[] = [...BODY_FIELDS, 'method']

export function multiDict(entries: Iterable<readonly [string, string]>): MultiDict {
  const grouped = new Map<string, string[]>()
  for (const [key, value] of entries) {
    const values = grouped.get(key)
    if (values) values.push(value)
    else grouped.set(key, [value])
  }
  return Object.fromEntries(
    [...grouped].map(([key, values]) => [key, values.length === 1 ? (values[0] ?? '') : values]),
  )
}

/** `x-api-key` → `X-Api-Key`, the way Werkzeug names headers from the WSGI environ. */
export function titleCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-')
}

/**
 * The request headers as httpbin shows them, without the proxy headers it
 * hides unless the query has `show_env`. A real server also sees `Host` and
 * `Content-Length`; fetch adds those on the wire, so they are missing from
 * the intercepted `Request` and are filled in here: the body's length when
 * there is a body, and `0` for a POST or PUT without one (Fetch's rule).
 */
export function echoHeaders(request: Request, bodyLength = 0): Record<string, string> {
  const url = new URL(request.url)
  const headers = new Map<string, string>()
  headers.set('Host', url.host)
  if (bodyLength > 0 || request.body !== null || request.method === 'POST' || request.method === 'PUT') {
    headers.set('Content-Length', String(bodyLength))
  }
  for (const [name, value] of request.headers) {
    const title = titleCase(name)
    if (!isHiddenHeader(title, url)) headers.set(title, value)
  }
  return Object.fromEntries(headers)
}

export interface ParsedBody {
  /** The raw body as text; `''` for forms; a base64 `data:` URL when it is not UTF-8. */
  readonly data: string
  readonly files: MultiDict
  readonly form: MultiDict
  /** The body parsed as JSON whatever its content type, or `null`. */
  readonly json: Json
  readonly length: number
}

/** Text when the bytes are UTF-8, else a `data:` URL, as httpbin reports binary bodies and files. */
function bodyText(bytes: Uint8Array, mediaType: string): string {
  return decodeUtf8(bytes) ?? `data:${mediaType};base64,${toBase64(bytes)}`
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json
  } catch {
    return null
  }
}

export async function parseBody(request: Request): Promise<ParsedBody> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  const empty: MultiDict = {}

  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = multiDict(new URLSearchParams(decodeUtf8(bytes) ?? ''))
    return { data: '', files: empty, form, json: null, length: bytes.byteLength }
  }

  if (mediaType === 'multipart/form-data') {
    try {
      // Re-parse from the bytes: the runtime's multipart parser does the work.
      const formData = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
      const fields: [string, string][] = []
      const files: [string, string][] = []
      for (const [name, value] of formData) {
        if (typeof value === 'string') fields.push([name, value])
        // Only the first file of a name: httpbin reads `request.files.items()`.
        else if (!files.some(([seen]) => seen === name)) {
          const fileBytes = new Uint8Array(await value.arrayBuffer())
          files.push([name, bodyText(fileBytes, value.type || 'application/octet-stream')])
        }
      }
      return { data: '', files: multiDict(files), form: multiDict(fields), json: null, length: bytes.byteLength }
    } catch {
      // A malformed multipart body is reported as raw data, like any other.
    }
  }

  const data = bodyText(bytes, 'application/octet-stream')
  const json = data === '' ? null : parseJson(data)
  return { data, files: empty, form: empty, json, length: bytes.byteLength }
}

/** httpbin's description of `request`, limited to `fields`. */
export async function echo(request: Request, fields: readonly EchoField[]): Promise<Record<string, Json>> {
  const needsBody = fields.some((field) => field === 'data' || field === 'files' || field === 'form' || field === 'json')
  // A body is read even when not shown, for the Content-Length it puts in `headers`.
  const body = needsBody || request.body !== null ? await parseBody(request) : undefined
  const url = new URL(request.url)
  const result: Record<string, Json> = {}
  for (const field of fields) {
    switch (field) {
      case 'args':
        result.args = multiDict(url.searchParams)
        break
      case 'headers':
        result.headers = echoHeaders(request, body?.length)
        break
      case 'method':
        result.method = request.method
        break
      case 'origin':
        result.origin = originOf(request)
        break
      case 'url':
        result.url = urlOf(request)
        break
      default:
        if (body) result[field] = body[field]
    }
  }
  return result
}
