import { basicCredentials } from '../auth/basic.js'
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { Next as PublicNext } from '../request.js'
import { isExchange } from '../options.js'

/**
 * Applies `auth` to every attempt: `[user, password]` sets Basic credentials,
 * a function may change the request or return a new one, an exchange
 * (`digestAuth`, `bearerAuth`) runs the request itself to answer challenges. It runs inside the
 * retry and redirect layers, so a replay is authenticated afresh.
 */
export async function authLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const context = request.context
  const auth = context.options.auth
  // Credentials never leave their origin: a redirect to another scheme, host
  // or port — and every hop after it — is sent without them (SPEC §6).
  if (!sameOrigin(request.url, context.origin)) return next(request)
  // Auth writes into a copy: the request above is what the redirect layer
  // builds the next hop from, and what an auth function adds (an API key,
  // an HMAC signature) must not follow a redirect to another origin.
  request = { ...request, headers: new Headers(request.headers) }
  if (isExchange(auth)) return auth.exchange(request, next as PublicNext)
  if (typeof auth === 'function') {
    request = ((await auth(request)) as PreparedRequest | undefined | void) ?? request
  } else if (auth) {
    request.headers.set('authorization', basicCredentials(auth[0], auth[1]))
  }
  return next(request)
}

/** In the stack of every client: calls with `auth` go through it. */
export const authEntry: StackEntry = { rank: RANK.auth, wanted: (context) => !!context.options.auth, layer: authLayer }

/** Whether an absolute URL is on `origin` (`https://host:port`), without parsing it. */
export function sameOrigin(url: string, origin: string | undefined): boolean {
  return origin !== undefined && url.startsWith(origin) && (url.length === origin.length || '/?#'.includes(url[origin.length] as string))
}
