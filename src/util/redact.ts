/**
 * Query keys whose values never reach an error message or a log line.
 * Matched as substrings, case-insensitively: `api_key`, `access_token`,
 * `client_secret`, `X-Amz-Signature`, `password`, `sig`.
 */
const SECRET_KEY = /pass|secret|token|key|auth|sig|credential|session/i

const MASK = '***'

/**
 * The URL as it may be shown to a person: userinfo and password-like query
 * values replaced by `***`. Input that is not an absolute URL is returned
 * with any `user:pass@` still masked.
 */
export function redactUrl(url: string): string {
  // Fast path: the common URL has neither userinfo nor a query.
  if (!url.includes('@') && !url.includes('?')) return url
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return redactText(url)
  }
  if (parsed.username) parsed.username = MASK
  if (parsed.password) parsed.password = MASK
  if (parsed.search) {
    // Rewrite the query by hand: URLSearchParams would re-encode the rest of it.
    parsed.search = parsed.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return pair
        const key = safeDecode(pair.slice(0, eq))
        return SECRET_KEY.test(key) ? `${pair.slice(0, eq)}=${MASK}` : pair
      })
      .join('&')
  }
  return parsed.href
}

/** Masks `scheme://user:pass@` credentials anywhere in free text (runtime error messages quote URLs). */
export function redactText(text: string): string {
  return text.replace(/(\b[a-z][a-z\d+.-]*:\/\/)[^/\s@]*@/gi, `$1${MASK}@`)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
