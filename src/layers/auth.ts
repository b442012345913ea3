import { basicCredentials } from '../auth/basic.js'
import type { Auth, AuthExchange, Next, PreparedRequest } from '../types.js'

/**
 * Applies `auth` to every attempt: `[user, password]` sets Basic credentials,
 * a function may change the request or return a new one, an exchange
 * (`digestAuth`, `bearerAuth`) runs the request itself to answer challenges. It runs inside the
 * retry and redirect layers, so a replay is authenticated afresh.
 */
export async function authLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const auth = request.context.options.auth
  // Credentials never leave their origin: a redirect to another scheme, host
  // or port is sent without them (SPEC §6).
  if (!sameOrigin(request.url, request.context.origin)) return next(request)
  if (isExchange(auth)) return auth.exchange(request, next)
  if (typeof auth === 'function') {
    request = (await auth(request)) ?? request
  } else if (auth) {
    request.headers.set('authorization', basicCredentials(auth[0], auth[1]))
  }
  return next(request)
}

export function isExchange(auth: Auth | null | undefined): auth is AuthExchange {
  return typeof auth === 'object' && auth !== null && !Array.isArray(auth) && typeof (auth as AuthExchange).exchange === 'function'
}

/** Whether an absolute URL is on `origin` (`https://host:port`), without parsing it. */
export function sameOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && (url.length === origin.length || '/?#'.includes(url[origin.length] as string))
}
