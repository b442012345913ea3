/** Timing and size: `/delay/:n`, `/drip`, `/stream/:n`, `/bytes/:n`. */

import { HttpResponse } from 'msw'
import { BODY_FIELDS, echo, GET_FIELDS } from '../echo.js'
import { pythonRandomBytes } from '../mt19937.js'
import { ANY, GET, type Route, route } from '../router.js'
import {
  badRequest,
  bytesResponse,
  chunkedStream,
  jsonResponse,
  notFound,
  parseCount,
  parseSeconds,
  parseStatus,
  queryParam,
  respond,
  sleep,
} from '../util.js'

/** httpbin's caps: `/delay` and `/drip?delay` 10 s, `/drip` 10 MiB, `/stream` 100 lines, `/bytes` 100 KiB. */
const MAX_DELAY_S = 10
const MAX_DRIP_BYTES = 10 * 1024 * 1024
const MAX_STREAM_LINES = 100
const MAX_BYTES = 100 * 1024
/** Below this, drip ticks are merged: a timer per byte would be wasteful and no more realistic. */
const MIN_TICK_MS = 10
const STAR = 0x2a

/**
 * `numbytes` asterisks spread evenly over `durationMs`. Like httpbin it
 * pauses after every chunk, the last included, so the body ends at about
 * `durationMs`. Pull-based, so nothing is produced before the client reads;
 * the pause is cut short when the request aborts or the reader cancels.
 */
function dripStream(numbytes: number, durationMs: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const ticks = durationMs > 0 ? Math.min(numbytes, Math.max(1, Math.floor(durationMs / MIN_TICK_MS))) : 1
  const pause = durationMs / ticks
  const stop = new AbortController()
  const onAbort = (): void => stop.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  let tick = 0
  let sent = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        tick += 1
        const target = Math.round((numbytes * tick) / ticks)
        controller.enqueue(new Uint8Array(target - sent).fill(STAR))
        sent = target
        const slept = pause > 0 ? await sleep(pause, stop.signal) : true
        if (!slept) {
          // The client went away: end the body the way an aborted fetch does.
          if (signal.aborted) controller.error(signal.reason)
          return
        }
        if (tick === ticks) {
          signal.removeEventListener('abort', onAbort)
          controller.close()
        }
      },
      cancel() {
        signal.removeEventListener('abort', onAbort)
        stop.abort()
      },
    },
    { highWaterMark: 0 },
  )
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length)
  // getRandomValues fills at most 65 536 bytes per call.
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, offset + 65536))
  return bytes
}

export function dynamicRoutes(): Route[] {
  return [
    route('/delay/:n', ANY, async ({ request, params }) => {
      const seconds = parseSeconds(params.n)
      if (seconds === null) return badRequest('Invalid delay')
      const body = await echo(request, BODY_FIELDS)
      if (!(await sleep(Math.min(seconds, MAX_DELAY_S) * 1000, request.signal))) return HttpResponse.error()
      return jsonResponse(body)
    }),

    route('/drip', GET, async ({ request, url }) => {
      // httpbin reads these parameters in any case (`?NumBytes=5`).
      const duration = parseSeconds(queryParam(url, 'duration') ?? '2')
      const numbytes = parseCount(queryParam(url, 'numbytes') ?? '10')
      const status = parseStatus(queryParam(url, 'code') ?? '200')
      const delay = parseSeconds(queryParam(url, 'delay') ?? '0')
      if (numbytes === null || numbytes <= 0) return badRequest('number of bytes must be positive')
      if (duration === null || status === null || delay === null) return badRequest('Invalid drip parameters')
      if (!(await sleep(Math.min(delay, MAX_DELAY_S) * 1000, request.signal))) return HttpResponse.error()
      const length = Math.min(numbytes, MAX_DRIP_BYTES)
      return respond(dripStream(length, duration * 1000, request.signal), status, {
        'content-type': 'application/octet-stream',
        'content-length': String(length),
      })
    }),

    route('/stream/:n', GET, async ({ request, params }) => {
      const count = parseCount(params.n)
      if (count === null) return notFound()
      const base = await echo(request, GET_FIELDS)
      const lines = Array.from({ length: Math.min(count, MAX_STREAM_LINES) }, (_, id) => `${JSON.stringify({ ...base, id })}\n`)
      return respond(chunkedStream(lines), 200, { 'content-type': 'application/json' })
    }),

    route('/bytes/:n', GET, ({ params, url }) => {
      const length = parseCount(params.n)
      if (length === null) return notFound()
      // `?seed` gives the very bytes httpbin sends for it (Python's random, seeded).
      const seed = queryParam(url, 'seed')
      if (seed !== null && !/^\s*[+-]?\d+\s*$/.test(seed)) return badRequest('Invalid seed')
      const size = Math.min(length, MAX_BYTES)
      const bytes = seed === null ? randomBytes(size) : pythonRandomBytes(size, BigInt(seed.trim()))
      return bytesResponse(bytes, 'application/octet-stream')
    }),
  ]
}
