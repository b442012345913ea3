/**
 * `failTimes()`: the fault routes' "fail n times, then succeed", for any
 * route of your own.
 */

import { type DefaultBodyType, HttpResponse, type HttpResponseResolver, type PathParams } from 'msw'
import { reasonPhrase } from './reasons.js'
import { headerValue, jsonResponse, untilAborted } from './util.js'

/**
 * How {@link failTimes} fails a request:
 *
 * * a status (`503`), or `{ status, retryAfter }` to send `Retry-After`
 *   (seconds, or an HTTP-date string): a JSON body `{ error, attempt, failures }`
 *   as `/flaky` and `/retry-after/:n` send;
 * * `'reset'`: a network error (fetch rejects with a `TypeError`; surefetch: `NetworkError`);
 * * `'stall'`: no answer until the request is aborted (use it with a timeout).
 *
 * @example failTimes(2, { status: 429, retryAfter: 0 }, resolver)
 */
export type Fault =
  | number
  | 'reset'
  | 'stall'
  | {
      /** The status to answer with, 400–599. */
      status: number
      /** `Retry-After`: delta-seconds (a non-negative integer) or an HTTP-date. */
      retryAfter?: number | string
    }

function checkFault(fault: Fault): (request: Request, attempt: number, failures: number) => Response | Promise<Response> {
  if (fault === 'reset') return () => HttpResponse.error()
  if (fault === 'stall') {
    // Waits on the request's own signal, no timer: nothing is left pending once the client gives up.
    return async (request) => {
      await untilAborted(request.signal)
      return HttpResponse.error()
    }
  }
  const { status, retryAfter } = typeof fault === 'number' ? { status: fault, retryAfter: undefined } : (fault ?? {})
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`failTimes: fault must be 'reset', 'stall', a status 400–599 or { status, retryAfter }, got ${typeof fault === 'object' ? JSON.stringify(fault) : String(fault)}`)
  }
  let headers: Record<string, string> | undefined
  if (typeof retryAfter === 'number') {
    if (!Number.isSafeInteger(retryAfter) || retryAfter < 0) {
      throw new RangeError(`failTimes: retryAfter must be a non-negative integer of seconds or an HTTP-date, got ${retryAfter}`)
    }
    headers = { 'retry-after': String(retryAfter) }
  } else if (typeof retryAfter === 'string') {
    headers = { 'retry-after': headerValue(retryAfter) }
  } else if (retryAfter !== undefined) {
    throw new TypeError(`failTimes: retryAfter must be a number or a string, got ${typeof retryAfter}`)
  }
  return (_request, attempt, failures) => jsonResponse({ error: reasonPhrase(status), attempt, failures }, status, headers)
}

/**
 * An MSW resolver that fails the first `times` requests it sees with `fault`,
 * then hands every later request to `resolver` — or, without one, to the next
 * handler that matches (httpbin's, or one of yours). Each call of `failTimes`
 * counts on its own: create it in the test (with `server.use()`), or in
 * `beforeEach`, so that tests do not share a count.
 *
 * @param times how many requests fail (a non-negative integer)
 * @param fault how they fail: a status, `{ status, retryAfter }`, `'reset'` or `'stall'`
 * @param resolver what answers afterwards; without it the next matching handler does
 * @throws {RangeError | TypeError} at once, when `times` or `fault` is not valid
 *
 * @example
 * import { http, HttpResponse } from 'msw'
 * import { failTimes } from 'surefetch/mocks'
 *
 * // Your own route: two 503s with Retry-After: 0, then the data.
 * server.use(http.get('https://api.test/users', failTimes(2, { status: 503, retryAfter: 0 }, () => HttpResponse.json([{ id: 1 }]))))
 *
 * // Any httpbin route: one connection reset, then httpbin's own /get answers.
 * server.use(http.get(`${httpbin.baseUrl}/get`, failTimes(1, 'reset')))
 */
export function failTimes<Params extends PathParams<keyof Params> = PathParams>(
  times: number,
  fault: Fault,
  resolver?: HttpResponseResolver<Params, DefaultBodyType>,
): HttpResponseResolver<Params, DefaultBodyType> {
  if (typeof times !== 'number') throw new TypeError(`failTimes: times must be a number, got ${typeof times}`)
  if (!Number.isSafeInteger(times) || times < 0) throw new RangeError(`failTimes: times must be a non-negative integer, got ${times}`)
  const fail = checkFault(fault)
  let seen = 0
  return function failTimesResolver(info) {
    seen += 1
    if (seen <= times) return fail(info.request, seen, times)
    return resolver?.(info)
  }
}
