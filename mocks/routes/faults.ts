/**
 * Fault routes, not in httpbin, for testing retries, timeouts and streaming:
 * `/retry-after/:n`, `/flaky`, `/reset`, `/stall`, `/sse`, `/ndjson`.
 *
 * The counters behind `/retry-after/:n` and `/flaky` belong to one
 * `createHttpbin()` instance and are cleared by its `reset()`.
 */

import { HttpResponse } from 'msw'
import { echo, GET_FIELDS } from '../echo.js'
import { ANY, GET, type Route, route } from '../router.js'
import { reasonPhrase } from '../reasons.js'
import { badRequest, chunkedStream, headerValue, jsonResponse, notFound, parseCount, parseStatus, respond, untilAborted } from '../util.js'

const DEFAULT_COUNT = 3
const MAX_COUNT = 1000

/** Calls seen per key. */
export class Counters {
  readonly #counts = new Map<string, number>()

  /** Records one more call for `key` and returns its 1-based number. */
  next(key: string): number {
    const count = (this.#counts.get(key) ?? 0) + 1
    this.#counts.set(key, count)
    return count
  }

  reset(): void {
    this.#counts.clear()
  }
}

function countParam(url: URL): number | null {
  const count = parseCount(url.searchParams.get('count') ?? String(DEFAULT_COUNT))
  return count === null ? null : Math.min(count, MAX_COUNT)
}

/** Fails `failures` times, then answers with the `/get` shape; every answer carries `X-Attempt`. */
async function failThenSucceed(request: Request, attempt: number, failures: number, failure: () => Response): Promise<Response> {
  const response = attempt <= failures ? failure() : jsonResponse(await echo(request, GET_FIELDS))
  response.headers.set('x-attempt', String(attempt))
  return response
}

/**
 * The `/sse` body: a comment and a `retry:` first, then `count` events with
 * ids 1…count. Odd events are named `tick` and carry one line of JSON
 * (`{"id":1}`); even ones are unnamed (type `message`) with two data lines
 * (`event 2\nsecond line`). A `Last-Event-ID` request header resumes after
 * that id, as a reconnecting `EventSource` expects.
 */
function sseChunks(count: number, lastEventId: number): string[] {
  const chunks = [': surefetch mock event stream\nretry: 1000\n\n']
  for (let id = lastEventId + 1; id <= count; id += 1) {
    chunks.push(
      id % 2 === 1
        ? `id: ${id}\nevent: tick\ndata: ${JSON.stringify({ id })}\n\n`
        : `id: ${id}\ndata: event ${id}\ndata: second line\n\n`,
    )
  }
  return chunks
}

export function faultRoutes(counters: Counters): Route[] {
  return [
    route('/retry-after/:n', ANY, async ({ request, params, url }) => {
      const failures = parseCount(params.n)
      if (failures === null) return notFound()
      const status = parseStatus(url.searchParams.get('status') ?? '503')
      if (status === null) return badRequest('Invalid status')
      const retryAfter = headerValue(url.searchParams.get('after') ?? '1')
      const attempt = counters.next(`/retry-after/${failures}`)
      return failThenSucceed(request, attempt, failures, () =>
        jsonResponse({ error: reasonPhrase(status), attempt, failures }, status, { 'retry-after': retryAfter }),
      )
    }),

    route('/flaky', ANY, async ({ request, url }) => {
      const failures = parseCount(url.searchParams.get('fail') ?? '1')
      const status = parseStatus(url.searchParams.get('status') ?? '500')
      if (failures === null || status === null) return badRequest('Invalid fail or status')
      // Keyed by the whole query, so `?fail=2&id=a` and `?fail=2&id=b` count separately.
      const attempt = counters.next(`/flaky${url.search}`)
      return failThenSucceed(request, attempt, failures, () =>
        jsonResponse({ error: reasonPhrase(status), attempt, failures }, status),
      )
    }),

    // A connection reset: fetch rejects with a TypeError, no response at all.
    route('/reset', ANY, () => HttpResponse.error()),

    // Headers never arrive. Waiting on the request's own signal (no timer)
    // means nothing is left pending once the client gives up.
    route('/stall', ANY, async ({ request }) => {
      await untilAborted(request.signal)
      return HttpResponse.error()
    }),

    route('/sse', GET, ({ request, url }) => {
      const count = countParam(url)
      if (count === null) return badRequest('Invalid count')
      const lastEventId = parseCount(request.headers.get('last-event-id') ?? '0') ?? 0
      return respond(chunkedStream(sseChunks(count, lastEventId)), 200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      })
    }),

    route('/ndjson', GET, ({ url }) => {
      const count = countParam(url)
      if (count === null) return badRequest('Invalid count')
      const lines = Array.from({ length: count }, (_, id) => `${JSON.stringify({ id, message: `line ${id}` })}\n`)
      return respond(chunkedStream(lines), 200, { 'content-type': 'application/x-ndjson' })
    }),
  ]
}
