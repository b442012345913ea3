/**
 * How httpbin (Flask on Werkzeug) sees a request beyond its raw fields: the
 * `url` it reports (an IRI, with the scheme a proxy forwarded), the
 * `origin` (`X-Forwarded-For` when present), and the proxy and tracking
 * headers and cookies it hides unless the query has `show_env`.
 */

/** httpbin's `ENV_HEADERS`, as Werkzeug names them: left out of `headers` without `?show_env`. */
const ENV_HEADERS = new Set([
  'X-Varnish',
  'X-Request-Start',
  'X-Heroku-Queue-Depth',
  'X-Real-Ip',
  'X-Forwarded-Proto',
  'X-Forwarded-Protocol',
  'X-Forwarded-Ssl',
  'X-Heroku-Queue-Wait-Time',
  'X-Forwarded-For',
  'X-Heroku-Dynos-In-Use',
  'X-Forwarded-Port',
  'X-Request-Id',
  'Via',
  'Total-Route-Time',
  'Connect-Time',
])

/** httpbin's `ENV_COOKIES` (analytics cookies): left out of `/cookies` without `?show_env`. */
const ENV_COOKIES = new Set([
  '_gauges_unique',
  '_gauges_unique_year',
  '_gauges_unique_month',
  '_gauges_unique_day',
  '_gauges_unique_hour',
  '__utmz',
  '__utma',
  '__utmb',
])

/** Every request appears to come from the loopback address. */
export const LOOPBACK = '127.0.0.1'

export function showsEnv(url: URL): boolean {
  return url.searchParams.has('show_env')
}

export function isHiddenHeader(titleCaseName: string, url: URL): boolean {
  return ENV_HEADERS.has(titleCaseName) && !showsEnv(url)
}

export function isHiddenCookie(name: string, url: URL): boolean {
  return ENV_COOKIES.has(name) && !showsEnv(url)
}

/** httpbin's `origin`: the `X-Forwarded-For` header as sent, else the client address. */
export function originOf(request: Request): string {
  return request.headers.get('x-forwarded-for') ?? LOOPBACK
}

// Werkzeug's `_always_safe`: the ASCII that `uri_to_iri` decodes from %XX.
const ALWAYS_SAFE = /^[A-Za-z0-9\-._~$!'()*+,;]$/
// What `quote(path, safe="!$&'()*+,/:;=@%")` leaves alone in a decoded path.
const PATH_LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,/:;=@]$/
// Characters the WHATWG URL parser leaves raw but Python's `quote` encodes.
const PATH_QUOTED = /[[\]^|]/g
const QUERY_QUOTED = /[[\]^|`{}\\]/g

const quoteChar = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`

/**
 * Decodes the %XX escapes of non-ASCII UTF-8 sequences, and those of the
 * ASCII characters `decodes` accepts; every other escape stays as written.
 */
function unquote(text: string, decodes: (char: string) => boolean): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const escapes = run.match(/%[0-9A-Fa-f]{2}/g) ?? []
    let result = ''
    let index = 0
    while (index < escapes.length) {
      const escape = escapes[index] as string
      const byte = Number.parseInt(escape.slice(1), 16)
      if (byte < 0x80) {
        const char = String.fromCharCode(byte)
        result += decodes(char) ? char : escape
        index += 1
        continue
      }
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0
      let decoded: string | undefined
      try {
        if (size > 0 && index + size <= escapes.length) decoded = decodeURIComponent(escapes.slice(index, index + size).join(''))
      } catch {
        // not UTF-8: keep the escape
      }
      result += decoded ?? escape
      index += decoded === undefined ? 1 : size
    }
    return result
  })
}

/**
 * httpbin's `url`: Werkzeug's `request.url`, an IRI — non-ASCII and a few
 * safe ASCII characters appear decoded (`/get?q=café`), reserved ones stay
 * encoded — with the scheme from `X-Forwarded-Proto`, `X-Forwarded-Protocol`
 * or `X-Forwarded-Ssl: on`, as httpbin's `get_url` does.
 */
export function urlOf(request: Request): string {
  const url = new URL(request.url)
  const headers = request.headers
  const forwarded = headers.get('x-forwarded-proto') ?? headers.get('x-forwarded-protocol')
  const scheme = forwarded ?? (headers.get('x-forwarded-ssl') === 'on' ? 'https' : url.protocol.slice(0, -1))
  // The server decodes the path, and Werkzeug encodes it again.
  const path = unquote(url.pathname, (char) => PATH_LITERAL.test(char))
    .replace(/%[0-9a-f]{2}/g, (escape) => escape.toUpperCase())
    .replace(PATH_QUOTED, quoteChar)
  const query = unquote(url.search.slice(1).replace(QUERY_QUOTED, quoteChar), (char) => ALWAYS_SAFE.test(char))
  return `${scheme}://${url.host}${path}${query === '' ? '' : `?${query}`}`
}
