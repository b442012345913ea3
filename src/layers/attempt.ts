import { TimeoutError } from '../errors.js'
import type { Next, PreparedRequest } from '../types.js'
import type { Abortable, CallScope } from '../util/scope.js'
import { type PooledController, recycleController, takeController } from '../util/controllers.js'
import { cancelDeadline, setDeadline } from '../util/deadlines.js'

/**
 * One attempt's signal and its `attempt` timeout (send → headers). Every
 * attempt gets a fresh controller, so a timed-out attempt never poisons the
 * retry after it (ofetch's retries reuse an aborted signal and never run).
 *
 * An abort settles the attempt at once with its reason, whether or not the
 * runtime's fetch honours the signal promptly (happy-dom can miss an abort
 * that lands while it sets a request up, and would then wait forever).
 */
export function attemptLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const context = request.context
  const scope = context.scope as CallScope
  if (scope.aborted) return Promise.reject(scope.reason)
  const timeout = context.options.timeout
  const ms = timeout ? timeout.attempt : undefined
  return new Promise<Response>((resolve, reject) => {
    const pooled = takeController()
    const attempt = new Attempt(pooled, reject)
    scope.target = attempt
    const sent: PreparedRequest = { ...request, signal: pooled.controller.signal }
    const timer = ms === undefined ? undefined : setDeadline(ms, expire, { attempt, request: sent, ms })
    next(sent).then(
      (response) => {
        if (timer !== undefined) cancelDeadline(timer)
        attempt.settled = true
        resolve(response)
      },
      (error: unknown) => {
        if (timer !== undefined) cancelDeadline(timer)
        attempt.settled = true
        attempt.recycle() // no response, so nothing still uses the signal (unless aborted)
        reject(error)
      },
    )
  })
}

/** The scope's handle on the attempt in flight. */
export class Attempt implements Abortable {
  settled = false
  readonly #pooled: PooledController
  readonly #reject: (reason: unknown) => void
  #recycled = false

  constructor(pooled: PooledController, reject: (reason: unknown) => void) {
    this.#pooled = pooled
    this.#reject = reject
  }

  abort(reason: unknown): void {
    // After the headers, the body guard owns cancellation (see body.ts).
    if (this.settled) return
    this.settled = true
    this.#pooled.controller.abort(reason)
    this.#reject(reason)
  }

  /** The request is over (body read or cancelled, or no response): its controller may serve another. */
  recycle(): void {
    if (this.#recycled) return
    this.#recycled = true
    recycleController(this.#pooled)
  }
}

function expire(state: { attempt: Attempt; request: PreparedRequest; ms: number }): void {
  state.attempt.abort(new TimeoutError(state.request, 'attempt', state.ms))
}
