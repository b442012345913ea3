/**
 * RFC 6265 parsing and matching: `Set-Cookie` (§5.2), cookie dates (§5.1.1),
 * domain matching (§5.1.3), default path and path matching (§5.1.4), with
 * RFC 6265bis's (draft-ietf-httpbis-rfc6265bis) limits on attribute lengths
 * and cookie lifetimes.
 */

/**
 * The longest lifetime a cookie gets, 400 days (RFC 6265bis §5.6.1 step 4,
 * §5.6.2 step 4, as browsers do): it also keeps expiry times finite, so they
 * survive `toJSON()` (an infinite `Max-Age` would become `null`). Written
 * out (400 × 24 × 60 × 60 × 1000): bundlers keep an unused product of literals.
 */
export const MAX_COOKIE_AGE = 34_560_000_000

/** Longest attribute value read; a longer one is ignored (RFC 6265bis §5.6 step 6 of the attribute loop). */
const MAX_ATTRIBUTE_VALUE = 1024

/** Control characters but HTAB, which make a cookie invalid (RFC 6265bis §5.7 step 3). */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/

/** A parsed `Set-Cookie`, before the storage model applies it. */
export interface SetCookie {
  name: string
  value: string
  /** ms: from Max-Age (wins) or Expires; `undefined` for a session cookie. */
  expires: number | undefined
  domain: string | undefined
  path: string | undefined
  secure: boolean
  httpOnly: boolean
  sameSite: 'Strict' | 'Lax' | 'None' | undefined
}

/**
 * §5.2. `undefined` when the string is not a cookie: no `=` in the name-value
 * pair, or a control character in it.
 */
export function parseSetCookie(header: string, now: number): SetCookie | undefined {
  // Attributes are walked with indexOf rather than split(';'): a header of
  // 80 000 attributes then leaves no 80 000-element array alive for the
  // garbage collector to copy, and parsing stays linear in practice.
  let end = header.indexOf(';')
  const pair = end < 0 ? header : header.slice(0, end)
  const eq = pair.indexOf('=')
  if (eq < 0) return undefined
  const name = pair.slice(0, eq).trim()
  const value = pair.slice(eq + 1).trim()
  if ((name === '' && value === '') || CONTROL.test(name) || CONTROL.test(value)) return undefined
  const cookie: SetCookie = {
    name,
    value,
    expires: undefined,
    domain: undefined,
    path: undefined,
    secure: false,
    httpOnly: false,
    sameSite: undefined,
  }
  let maxAge: number | undefined
  let expires: number | undefined
  for (let start = end + 1; end >= 0; start = end + 1) {
    end = header.indexOf(';', start)
    const attribute = end < 0 ? header.slice(start) : header.slice(start, end)
    const at = attribute.indexOf('=')
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const raw = at < 0 ? '' : attribute.slice(at + 1).trim()
    if (raw.length > MAX_ATTRIBUTE_VALUE) continue
    switch (key) {
      case 'expires': {
        const date = parseCookieDate(raw)
        if (date !== undefined) expires = Math.min(date, now + MAX_COOKIE_AGE)
        break
      }
      case 'max-age':
        // §5.2.2: a leading digit or '-', then digits only; ≤ 0 means "expired now".
        if (/^-?\d+$/.test(raw)) {
          const seconds = Number(raw)
          maxAge = seconds <= 0 ? -Infinity : now + Math.min(seconds * 1000, MAX_COOKIE_AGE)
        }
        break
      case 'domain': {
        // §5.2.3: an empty value is ignored; a leading dot is dropped. `Domain=.`
        // leaves nothing, which means a host-only cookie (RFC 6265bis §5.7 step 10).
        const domain = (raw.startsWith('.') ? raw.slice(1) : raw).toLowerCase()
        if (raw !== '') cookie.domain = domain === '' ? undefined : domain
        break
      }
      case 'path':
        // §5.2.4: a value not starting with '/' means "the default path".
        cookie.path = raw.startsWith('/') ? raw : undefined
        break
      case 'secure':
        cookie.secure = true
        break
      case 'httponly':
        cookie.httpOnly = true
        break
      case 'samesite': {
        const mode = raw.toLowerCase()
        cookie.sameSite = mode === 'strict' ? 'Strict' : mode === 'lax' ? 'Lax' : mode === 'none' ? 'None' : undefined
        break
      }
      default:
      // unknown attributes are ignored
    }
  }
  // §5.3 step 3: Max-Age wins over Expires.
  cookie.expires = maxAge ?? expires
  return cookie
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DELIMITER = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/

/** §5.1.1: the lenient cookie-date algorithm (tokens in any order). */
export function parseCookieDate(text: string): number | undefined {
  let time: number[] | undefined
  let day: number | undefined
  let month: number | undefined
  let year: number | undefined
  for (const token of text.split(DELIMITER)) {
    if (token === '') continue
    let match: RegExpExecArray | null
    if (time === undefined && (match = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D.*)?$/.exec(token))) {
      time = [Number(match[1]), Number(match[2]), Number(match[3])]
    } else if (day === undefined && (match = /^(\d{1,2})(?:\D.*)?$/.exec(token))) {
      day = Number(match[1])
    } else if (month === undefined && MONTHS.includes(token.slice(0, 3).toLowerCase())) {
      month = MONTHS.indexOf(token.slice(0, 3).toLowerCase())
    } else if (year === undefined && (match = /^(\d{2,4})(?:\D.*)?$/.exec(token))) {
      year = Number(match[1])
    }
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) return undefined
  if (year >= 70 && year <= 99) year += 1900
  else if (year >= 0 && year <= 69) year += 2000
  const [hour = 0, minute = 0, second = 0] = time
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = Date.UTC(year, month, day, hour, minute, second)
  return new Date(date).getUTCDate() === day ? date : undefined
}

/** §5.1.3: `host` equals `domain`, or ends with `.domain` and is not an IP address. */
export function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true
  return host.endsWith(`.${domain}`) && !isIpAddress(host)
}

export function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')
}

/** §5.1.4: the directory of the request path. */
export function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/'
  const last = pathname.lastIndexOf('/')
  return last <= 0 ? '/' : pathname.slice(0, last)
}

/** §5.1.4: `cookiePath` is `path`, or a prefix ending at a `/` boundary. */
export function pathMatch(path: string, cookiePath: string): boolean {
  if (path === cookiePath) return true
  if (!path.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/'
}

/**
 * All `Set-Cookie` values of a response: `getSetCookie()` where the runtime
 * has it, else the joined header split at commas that start a new cookie
 * (a comma inside `Expires=Wed, 21 Oct …` does not).
 */
export function setCookieHeaders(headers: Headers): string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie()
  const joined = headers.get('set-cookie')
  return joined === null ? [] : joined.split(/,(?=\s*[^;,=\s]+=)/).map((part) => part.trim())
}
