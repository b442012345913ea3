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

const YEAR = 365 * 24 * 3600

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// RFC 9110 §5.6.7. Parsed by hand: `Date.parse` of RFC 850 and asctime
// dates differs between engines (V8, JavaScriptCore).
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i
const RFC_850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i
const ASCTIME = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i

/** An HTTP-date in epoch ms, or `undefined`. */
export function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text)
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6])
  match = RFC_850.exec(text)
  if (match) {
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const short = Number(match[3])
    const thisYear = new Date().getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + short
    if (year > thisYear + 50) year -= 100
    return utc(String(year), match[2], match[1], match[4], match[5], match[6])
  }
  match = ASCTIME.exec(text)
  if (match) return utc(match[6], match[1], match[2], match[3], match[4], match[5])
  return undefined
}

function utc(...[year, month, day, hour, minute, second]: Array<string | undefined>): number | undefined {
  const index = MONTHS.indexOf((month ?? '').toLowerCase())
  if (index < 0) return undefined
  const time = Date.UTC(Number(year), index, Number(day), Number(hour), Number(minute), Number(second))
  const check = new Date(time)
  // Reject impossible dates (31 Feb) that Date.UTC silently rolls over.
  return check.getUTCDate() === Number(day) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 61
    ? time
    : undefined
}
