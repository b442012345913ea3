/**
 * Bearer tokens (RFC 6750) with one shared refresh: when a burst of
 * concurrent requests meets a `401`, the token function runs once and every
 * request is replayed once with the new token (single flight).
 */
import type { AuthExchange, Next, PreparedRequest } from '../types.js'
import { recordChallenge, replayable, resend } from './replay.js'

/**
 * A token, or a (possibly async) function that fetches the current one.
 * @example bearerAuth(async () => (await post(tokenUrl, { form }).json<{ access_token: string }>()).access_token)
 */
export type TokenSource = string | (() => string | Promise<string>)

/** RFC 6750 §2.1 `b64token`, leniently: every visible ASCII character, so that no header validator rejects it. */
const TOKEN = /^[\x21-\x7e]+$/

function checked(token: unknown): string {
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    // The message must not carry the token: it may be a valid one with a stray newline.
    const got = typeof token === 'string' ? `a string of length ${token.length}` : typeof token
    throw new TypeError(`bearerAuth: the token must be a non-empty string of visible ASCII characters (RFC 6750 §2.1), got ${got}`)
  }
  return token
}

function withToken(request: PreparedRequest, body: PreparedRequest['body'], token: string): PreparedRequest {
  const sent = resend(request, body)
  sent.headers.set('authorization', `Bearer ${token}`)
  return sent
}

/**
 * `Authorization: Bearer <token>`. With a function, the token is fetched on
 * first use and kept; a `401` calls the function again — once for all the
 * requests in flight that used the same token — and replays each request
 * once. A function that throws rejects the call with its error. A fixed
 * string is sent as is and a `401` is returned as is.
 *
 * @example
 * const api = new Session({
 *   baseUrl: 'https://api.example.com',
 *   auth: bearerAuth(async () => (await post('https://auth.example.com/token', { form }).json<{ access_token: string }>()).access_token),
 * })
 */
export function bearerAuth(token: TokenSource): AuthExchange {
  if (typeof token === 'string') {
    const fixed = checked(token)
    return {
      exchange: function bearer(request: PreparedRequest, next: Next) {
        return next(withToken(request, request.body, fixed))
      },
    }
  }
  if (typeof token !== 'function') throw new TypeError(`bearerAuth takes a token string or a function returning one, got ${typeof token}`)
  const source = token

  /** The token in use, or the fetch of it in flight; shared by every request of this instance. */
  let current: Promise<string> | undefined

  function fetchToken(): Promise<string> {
    const pending = Promise.resolve().then(source).then(checked)
    current = pending
    // A failed fetch is not kept: the next request tries again.
    pending.catch(() => {
      if (current === pending) current = undefined
    })
    return pending
  }

  return {
    exchange: async function bearer(request: PreparedRequest, next: Next): Promise<Response> {
      const used = current ?? fetchToken()
      const sent = withToken(request, request.body, await used)
      const response = await next(sent)
      if (response.status !== 401) return response
      const replay = replayable(request)
      if (replay === undefined) return response
      recordChallenge(sent, response)
      // Only the first 401 for a token refreshes it; later ones (from
      // requests sent with that same token) wait for that refresh, and a
      // request sent with an older token just takes the newer one.
      const fresh = current === used || current === undefined ? fetchToken() : current
      return next(withToken(request, replay(), await fresh))
    },
  }
}
