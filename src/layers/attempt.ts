import { TimeoutError } from '../errors.js'
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { Abortable, CallScope } from '../util/scope.js'
import { discard } from '../util/discard.js'

/**
 * One attempt's signal and its `attempt` timeout (send → headers). Every
 * attempt gets a fresh controller and timer of its own, so a timed-out
 * attempt never poisons the retry after it (ofetch's retries reuse an aborted
 * signal and never run), and `response.request.signal` belongs to this
 * attempt alone: nothing another call does can abort it.
 *
 * An abort settles the attempt at once with its reason, whether or not the
 * runtime's fetch honours the signal promptly (happy-dom can miss an abort
 * that lands while it sets a request up, and a custom `fetch` may ignore the
 * signal altogether). The timer is an ordinary (ref'd) one, cleared when the
 * headers arrive: while an attempt is waiting, the deadline must fire even
 * if nothing else keeps the process alive (a custom fetch that never
 * settles holds no socket).
 */
/** In the stack of every client: calls with a cancellation scope (a timeout, a signal, a session) go through it. */
export const attemptEntry: StackEntry = { rank: RANK.attempt, wanted: (context) => context.scope !== undefined, layer: attemptLayer }

export function attemptLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const context = request.context
  const scope = context.scope as CallScope
  if (scope.aborted) return Promise.reject(scope.reason)
  const timeout = context.options.timeout
  const ms = timeout ? timeout.attempt : undefined
  return new Promise<Response>((resolve, reject) => {
    const controller = new AbortController()
    const sent: PreparedRequest = { ...request, signal: controller.signal }
    const attempt = new Attempt(controller, reject, sent, ms)
    scope.target = attempt
    next(sent).then(
      (response) => {
        if (attempt.settle()) resolve(response)
        else discard(response) // aborted meanwhile: nobody will read it
      },
      (error: unknown) => {
        if (attempt.settle()) reject(error)
      },
    )
  })
}

/** The scope's handle on the attempt in flight. */
class Attempt implements Abortable {
  #settled = false
  readonly #controller: AbortController
  readonly #reject: (reason: unknown) => void
  readonly #request: PreparedRequest
  readonly #ms: number
  readonly #timer: ReturnType<typeof setTimeout> | undefined

  constructor(controller: AbortController, reject: (reason: unknown) => void, request: PreparedRequest, ms: number | undefined) {
    this.#controller = controller
    this.#reject = reject
    this.#request = request
    this.#ms = ms ?? 0
    this.#timer = ms === undefined ? undefined : setTimeout(expire, ms, this)
  }

  /** The attempt is over; `false` when it had already been aborted. */
  settle(): boolean {
    if (this.#settled) return false
    this.#settled = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    return true
  }

  abort(reason: unknown): void {
    // After the headers, the body guard owns cancellation (see body.ts).
    if (!this.settle()) return
    this.#controller.abort(reason)
    this.#reject(reason)
  }

  timeout(): void {
    this.abort(new TimeoutError(this.#request, 'attempt', this.#ms))
  }
}

function expire(attempt: Attempt): void {
  attempt.timeout()
}
