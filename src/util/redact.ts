/**
 * Redaction of secrets from URLs and free text: what error messages,
 * `toJSON()` and inspection show. Textual on purpose (no `new URL`): it
 * must also work on the invalid URLs a `TypeError` echoes, and on URLs quoted
 * inside a runtime's error message (Deno's quote the whole request URL).
 *
 * Which parameters count as secret — query, fragment (`#access_token=…`, as
 * OAuth's implicit flow returns it) and path parameters (`;jsessionid=…`) alike,
 * by key, after percent-decoding, case-insensitively:
 * - a key containing `pass`, `pwd`, `secret`, `token`, `key`, `auth`, `sig`,
 *   `credential`, `session`, `sessid`, `jwt` or `ticket` (`api_key`,
 *   `access_token`, `client_secret`, `X-Amz-Signature`, `PHPSESSID`);
 * - a key that is exactly `code` (OAuth's authorization code), `sid` or `otp`:
 *   short words that are also part of harmless keys (`zipcode`,
 *   `country_code`, `side`), so only the exact key is masked. OAuth's `state`
 *   is not a credential and stays visible.
 */
const SECRET_KEY = /pass|pwd|secret|token|key|auth|sig|credential|session|sessid|jwt|ticket/i
const SECRET_EXACT = /^(?:code|sid|otp)$/i

const MASK = '***'

/**
 * `scheme://user:pass@`, `//user:pass@` at the start, and the slash-less
 * `http:user:pass@host` WHATWG also accepts for special schemes. Greedy up to
 * the authority's last `@`, as the URL parser splits it.
 */
const USERINFO = /(\b[a-z][a-z\d+.-]*:[/\\]{2}|^[/\\]{2}|^(?:https?|wss?|ftp):[/\\]*)([^/\\?#\s]*)@/gi

/** A `key=value` pair of a query or fragment; a value ends at `&`, `;`, `?` or `#` (a nested `?token=` is caught). */
const PAIR = /([?#&;])([^=&;?#]*)=([^&;?#]*)/g

/** A path (matrix) parameter: `/a;jsessionid=…/b`. */
const PATH_PARAM = /;([^=;/?#]*)=([^;/?#]*)/g

/** Any `scheme://…` in free text, up to whitespace or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>`]+/gi

/** Punctuation that ends a sentence rather than the URL (`(https://…):`). */
const TRAILING = /[).,;:!?\]}]+$/

/** Credentials of an `Authorization` value quoted in free text (runtimes echo bad header values). */
const AUTH_VALUE = /\b(Bearer|Basic)\s+[\w\-.~+/]+=*/gi

/**
 * The URL as it may be shown to a person: userinfo and secret-looking query,
 * fragment and path-parameter values replaced by `***`. Works on invalid
 * and relative URLs too; anything else is returned as is.
 *
 * @example redactUrl('https://bob:pw@x/cb;jsessionid=1?code=2&page=3#access_token=4')   // 'https://***:***@x/cb;jsessionid=***?code=***&page=3#access_token=***'
 */
export function redactUrl(url: string): string {
  // Fast path: nothing that could hold a secret (the common request URL).
  if (!url.includes('@') && !url.includes('?') && !url.includes('#') && !url.includes(';')) return url
  const out = url.includes('@') ? url.replace(USERINFO, maskUserinfo) : url
  let cut = out.search(/[?#]/)
  if (cut < 0) cut = out.length
  let head = out.slice(0, cut)
  if (head.includes(';')) head = head.replace(PATH_PARAM, (pair, key: string, value: string) => (isSecret(key, value) ? `;${key}=${MASK}` : pair))
  const tail = out.slice(cut).replace(PAIR, (pair, sep: string, key: string, value: string) =>
    isSecret(key, value) ? `${sep}${key}=${MASK}` : pair,
  )
  return head + tail
}

/**
 * Masks secrets in free text (runtime error messages quote URLs and header
 * values): every `scheme://…` in it goes through {@link redactUrl}, and a
 * `Bearer …` or `Basic …` credential becomes `Bearer ***`.
 *
 * @example redactText('connect failed for http://a:b@h/p?token=t')   // 'connect failed for http://***:***@h/p?token=***'
 */
export function redactText(text: string): string {
  let out = text.includes('://')
    ? text.replace(URL_IN_TEXT, (found) => {
        const trail = TRAILING.exec(found)?.[0] ?? ''
        return redactUrl(found.slice(0, found.length - trail.length)) + trail
      })
    : text
  if (/bearer|basic/i.test(out)) out = out.replace(AUTH_VALUE, `$1 ${MASK}`)
  return out
}

/** `user:password` with each non-empty part masked (the password runs to the end: it may hold `:`). */
function maskUserinfo(_match: string, prefix: string, info: string): string {
  return `${prefix}${info.replace(/^[^:]+/, MASK).replace(/:.+/s, `:${MASK}`)}@`
}

function isSecret(key: string, value: string): boolean {
  if (value === '') return false
  const name = safeDecode(key)
  return SECRET_KEY.test(name) || SECRET_EXACT.test(name.trim())
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
