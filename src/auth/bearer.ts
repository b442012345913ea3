/**
 * Bearer tokens (RFC 6750) with one shared refresh: when a burst of
 * concurrent requests meets a `401`, the token function runs once and every
 * request is replayed once with the new token (single flight). A refresh
 * that did not help starts a cool-down, so an API that refuses every token
 * does not turn each call into a call to the token service.
 */
import type { Next, PreparedRequest } from '../request.js'
import type { AuthExchange } from '../types.js'
import { recordChallenge, replayable, resend } from './replay.js'

/**
 * A token, or a (possibly async) function that fetches the current one.
 * @example bearerAuth(async () => (await post(tokenUrl, { form }).json<{ access_token: string }>()).access_token)
 */
export type TokenSource = string | (() => string | Promise<string>)

/**
 * Options of `bearerAuth` (they apply to a token function; a fixed token is never refreshed).
 *
 * @example bearerAuth(getToken, { refreshCooldown: 5_000 })
 */
export interface BearerOptions {
  /**
   * ms during which, after a refreshed token was refused with a `401` too,
   * a `401` is returned as it is (thrown as `HTTPError` by default) without
   * calling the token function again. The first `401` after the cool-down
   * refreshes again. `0` turns the cool-down off: every `401` refreshes.
   * @default 30_000
   * @example bearerAuth(getToken, { refreshCooldown: 0 })   // refresh on every 401
   */
  refreshCooldown?: number | undefined
}

/**
 * The default `refreshCooldown`. MSAL holds its client throttling state for
 * a minute after a 5xx from the token service and two after an
 * interaction-required answer; 30 s caps the token service at two calls a
 * minute for an API that refuses everything, and is short next to a token's
 * lifetime (minutes to hours).
 */
export const REFRESH_COOLDOWN = 30_000

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
 * once. When the new token is refused too, there is no other refresh for
 * `refreshCooldown` ms: `401`s in that window are returned as they are. A
 * function that throws rejects the call with its error. A fixed string is
 * sent as is and a `401` is returned as is.
 *
 * @param token the token, or a function returning it (sync or async)
 * @param options `refreshCooldown` (default 30 s)
 *
 * @example
 * const api = new Session({
 *   baseUrl: 'https://api.example.com',
 *   auth: bearerAuth(async () => (await post('https://auth.example.com/token', { form }).json<{ access_token: string }>()).access_token),
 * })
 */
export function bearerAuth(token: TokenSource, options: BearerOptions = {}): AuthExchange {
  const cooldown = options.refreshCooldown ?? REFRESH_COOLDOWN
  if (typeof cooldown !== 'number' || !Number.isFinite(cooldown) || cooldown < 0) {
    const got = typeof cooldown === 'string' ? JSON.stringify(cooldown) : String(cooldown)
    throw new RangeError(`bearerAuth: refreshCooldown must be a non-negative, finite number of ms, got ${got}`)
  }
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
  /**
   * A token fetched to answer a `401` and refused too, and until when
   * (`performance.now()`, which no clock change moves) its `401`s are not
   * refreshed. Tied to the token: once another one is current, it is over.
   */
  let refused: Promise<string> | undefined
  let refusedUntil = 0

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
      // In the cool-down the current token was refused right after a
      // refresh: another refresh, or a replay with it, would most likely be
      // refused as well (an endpoint that refuses every token, a token
      // service handing out one the API rejects). The 401 goes to the caller.
      if (current !== undefined && current === refused && performance.now() < refusedUntil) return response
      const replay = replayable(request)
      if (replay === undefined) return response
      recordChallenge(sent, response)
      // Only the first 401 for a token refreshes it; later ones (from
      // requests sent with that same token) wait for that refresh, and a
      // request sent with an older token just takes the newer one.
      const fresh = current === used || current === undefined ? fetchToken() : current
      const answer = await next(withToken(request, replay(), await fresh))
      // Time-based rather than "until a call with this token succeeds": an
      // endpoint that refuses the token while others accept it would then
      // refresh on every other call; this bounds refreshes to one per
      // cool-down whatever the traffic does.
      if (answer.status === 401 && cooldown > 0 && current === fresh) {
        refused = fresh
        refusedUntil = performance.now() + cooldown
      }
      return answer
    },
  }
}
