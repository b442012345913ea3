/**
 * How long the server asked us to wait, in ms: `Retry-After` (RFC 9110
 * §10.2.3: delta-seconds or an HTTP-date), else `RateLimit-Reset` /
 * `X-RateLimit-Reset` (seconds, or epoch seconds as GitHub and Twitter send).
 * A date in the past means 0; garbage is ignored (`undefined`).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter !== null) return parseRetryAfter(retryAfter, now)
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset')
  return reset === null ? undefined : parseReset(reset, now)
}

/** `Retry-After`: delta-seconds, IMF-fixdate, RFC 850 or asctime. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = parseHttpDate(text)
  return date === undefined ? undefined : Math.max(0, date - now)
}

/** Epoch seconds are told apart from delta seconds by size: no server asks for a wait of more than a year. */
function parseReset(value: string, now: number): number | undefined {
  const text = value.trim()
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  const seconds = Number(text)
  return seconds > YEAR ? Math.max(0, seconds * 1000 - now) : seconds * 1000
}

const YEAR = 31_536_000 // seconds: 365 × 24 × 3600

/** Month names, three letters each: a month's index is where it starts, divided by 3. */
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec'

// RFC 9110 §5.6.7. Parsed by hand: `Date.parse` of RFC 850 and asctime
// dates differs between engines (V8, JavaScriptCore). The groups name the
// fields: day, month, year, hour, minute (i), second.
const IMF_FIXDATE = /^[a-z]{3}, (?<d>\d{2}) (?<m>[a-z]{3}) (?<y>\d{4}) (?<h>\d{2}):(?<i>\d{2}):(?<s>\d{2}) GMT$/i
const RFC_850 = /^[a-z]{6,9}, (?<d>\d{2})-(?<m>[a-z]{3})-(?<y>\d{2}) (?<h>\d{2}):(?<i>\d{2}):(?<s>\d{2}) GMT$/i
const ASCTIME = /^[a-z]{3} (?<m>[a-z]{3}) (?<d>[ \d]\d) (?<h>\d{2}):(?<i>\d{2}):(?<s>\d{2}) (?<y>\d{4})$/i

/** An HTTP-date in epoch ms, or `undefined`. */
export function parseHttpDate(text: string): number | undefined {
  const date = (IMF_FIXDATE.exec(text) ?? RFC_850.exec(text) ?? ASCTIME.exec(text))?.groups
  if (!date) return undefined
  const [day, hour, minute, second] = [date.d, date.h, date.i, date.s].map(Number) as [number, number, number, number]
  let year = Number(date.y)
  if ((date.y as string).length < 3) {
    // RFC 850: a two-digit year more than 50 years in the future is in the past century.
    const thisYear = new Date().getUTCFullYear()
    year += Math.floor(thisYear / 100) * 100
    if (year > thisYear + 50) year -= 100
  }
  const month = MONTHS.indexOf((date.m as string).toLowerCase())
  // -1 (not found) or a match across two names ("anf") is not a month.
  if (month % 3) return undefined
  const time = Date.UTC(year, month / 3, day, hour, minute, second)
  // Reject impossible dates (31 Feb) that Date.UTC silently rolls over.
  return new Date(time).getUTCDate() === day && hour < 24 && minute < 60 && second < 61 ? time : undefined
}
