/**
 * An httpbin (https://httpbin.org) emulation as msw request handlers, plus a
 * few fault routes. Works with `setupServer`, `setupWorker` and in workerd:
 * only `msw`'s runtime-neutral API is used here.
 */

import type { RequestHandler } from 'msw'
import { type Route, toHandler } from './router.js'
import { authRoutes } from './routes/auth.js'
import { cookieRoutes } from './routes/cookies.js'
import { digestRoutes } from './routes/digest.js'
import { dynamicRoutes } from './routes/dynamic.js'
import { echoRoutes } from './routes/echo.js'
import { Counters, faultRoutes } from './routes/faults.js'
import { formatRoutes } from './routes/formats.js'
import { redirectRoutes } from './routes/redirects.js'
import { statusRoutes } from './routes/status.js'

/**
 * Options of {@link createHttpbin}.
 *
 * @example
 * createHttpbin({ baseUrl: 'http://127.0.0.1:59998' })   // answer on a loopback origin
 */
export interface HttpbinOptions {
  /**
   * Where the mock answers. May carry a path (`http://localhost/httpbin`);
   * redirects then stay under it. In a browser it may be a path alone.
   *
   * @default 'https://httpbin.org'
   * @example createHttpbin({ baseUrl: 'http://127.0.0.1:59998' })
   */
  baseUrl?: string
}

/**
 * A mock httpbin: MSW handlers and their per-instance state.
 *
 * @example
 * const httpbin = createHttpbin()
 * const server = setupServer(...httpbin.handlers)   // from 'msw/node'
 * afterEach(() => httpbin.reset())
 */
export interface Httpbin {
  /** The base URL the handlers answer on, without a trailing slash. */
  baseUrl: string
  /** Pass these to `setupServer(...)` or `setupWorker(...)`. */
  handlers: RequestHandler[]
  /** Forgets the calls counted by `/retry-after/:n` and `/flaky`. */
  reset(): void
}

const DEFAULT_BASE_URL = 'https://httpbin.org'

/** The path part of the base URL, `''` for a bare origin. */
function basePathOf(baseUrl: string): string {
  let path: string
  try {
    path = new URL(baseUrl).pathname
  } catch {
    path = baseUrl // a relative base URL (browser only) is a path already
  }
  return path.replace(/\/+$/, '')
}

/**
 * Creates an httpbin mock with its own fault counters.
 *
 * Routes: `/get /post /put /patch /delete /anything /anything/*
 * /status/:codes /headers /ip /user-agent /basic-auth/:user/:passwd
 * /hidden-basic-auth/:user/:passwd /bearer
 * /digest-auth/:qop/:user/:passwd[/:algorithm[/:stale_after]] /delay/:n /drip /stream/:n
 * /bytes/:n /redirect/:n /relative-redirect/:n /absolute-redirect/:n
 * /redirect-to /cookies /cookies/set /cookies/set/:name/:value
 * /cookies/delete /response-headers /json /html /xml /encoding/utf8 /cache
 * /cache/:n /etag/:etag`, with httpbin's JSON shapes; and the fault routes
 * `/retry-after/:n /flaky /reset /stall /sse /ndjson`.
 *
 * @example
 * import { setupServer } from 'msw/node'
 * import { createHttpbin, failUnhandledRequest } from 'surefetch/mocks'
 *
 * const httpbin = createHttpbin({ baseUrl: 'http://127.0.0.1:59998' })
 * const server = setupServer(...httpbin.handlers)
 * beforeAll(() => server.listen({ onUnhandledRequest: failUnhandledRequest }))
 * afterEach(() => httpbin.reset())
 * afterAll(() => server.close())
 */
export function createHttpbin(options: HttpbinOptions = {}): Httpbin {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')
  const basePath = basePathOf(baseUrl)
  const counters = new Counters()
  const routes: Route[] = [
    ...echoRoutes(),
    ...statusRoutes(),
    ...authRoutes(),
    ...digestRoutes(),
    ...dynamicRoutes(),
    ...redirectRoutes(),
    ...cookieRoutes(),
    ...formatRoutes(),
    ...faultRoutes(counters),
  ]
  return {
    baseUrl,
    handlers: routes.map((definition) => toHandler(baseUrl, basePath, definition)),
    reset: () => counters.reset(),
  }
}

/**
 * The handlers of one shared `createHttpbin()` on `https://httpbin.org`.
 * Its fault counters cannot be reset; tests that count calls should create
 * their own instance.
 *
 * @example
 * const server = setupServer(...handlers)
 */
export const handlers: RequestHandler[] = /* @__PURE__ */ defaultHandlers()

// A function call, so the annotation above lets bundlers drop it when unused.
function defaultHandlers(): RequestHandler[] {
  return createHttpbin().handlers
}
