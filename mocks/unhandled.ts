/**
 * What an unmocked request gets: one clear failure instead of a network error.
 *
 * MSW's `onUnhandledRequest: 'error'` rejects the `fetch` (msw/node,
 * msw/native) or answers 500 (msw/browser's Service Worker). A client that
 * retries network errors and 5xx, as surefetch does by default, then sends
 * the request again and MSW prints the same error once per attempt. A thrown
 * `Response` is the one answer every MSW source (Node's and the native
 * interceptors, the Service Worker) hands back to the caller unchanged, so the
 * strategy below answers with a status no client retries.
 */

/** The status of {@link failUnhandledRequest}'s answer: 501, which no retry policy repeats by default. */
export const UNHANDLED_STATUS = 501

/** Its status text, so that an `HTTPError` message says what happened. */
export const UNHANDLED_STATUS_TEXT = 'Unhandled Request'

/**
 * An `onUnhandledRequest` strategy for MSW (`server.listen()`,
 * `worker.start()`): a request no handler answers fails once, clearly. MSW
 * prints its unhandled-request error (once), and the request gets a
 * `501 Unhandled Request` whose text body names the method and URL — with
 * surefetch an `HTTPError` (`501 Unhandled Request — GET https://api.test/users`)
 * that is not retried. MSW's own `'error'` rejects the `fetch` instead, which
 * every retrying client takes for a network error and repeats.
 *
 * @param request the request no handler answered
 * @param print MSW's printer; its `error()` prints the unhandled-request message
 * @returns never: it throws the answer, a `Response`, as MSW expects
 *
 * @example
 * import { setupServer } from 'msw/node'
 * import { createHttpbin, failUnhandledRequest } from 'surefetch/mocks'
 *
 * const server = setupServer(...createHttpbin({ baseUrl: 'https://httpbin.test' }).handlers)
 * beforeAll(() => server.listen({ onUnhandledRequest: failUnhandledRequest }))
 *
 * @example
 * // Only requests to the mocked origin must be handled; others go to the network.
 * server.listen({
 *   onUnhandledRequest(request, print) {
 *     if (new URL(request.url).origin === 'https://api.test') failUnhandledRequest(request, print)
 *   },
 * })
 */
export function failUnhandledRequest(request: Request, print?: { error(): void }): never {
  print?.error()
  throw new Response(`surefetch/mocks: no MSW request handler for ${request.method} ${request.url}\n`, {
    status: UNHANDLED_STATUS,
    statusText: UNHANDLED_STATUS_TEXT,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  })
}
