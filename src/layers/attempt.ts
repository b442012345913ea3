import { TimeoutError } from '../errors.js'
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { CallScope } from '../util/scope.js'
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
    let settled = false
    // The attempt is over; `false` when it had already been aborted.
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      return true
    }
    // The scope's handle on the attempt in flight. After the headers, the body guard owns cancellation (see body.ts).
    const abort = (reason: unknown): void => {
      if (!settle()) return
      controller.abort(reason)
      reject(reason)
    }
    const timer = ms === undefined ? undefined : setTimeout(() => abort(new TimeoutError(sent, 'attempt', ms)), ms)
    scope.target = { abort }
    next(sent).then(
      (response) => {
        if (settle()) resolve(response)
        else discard(response) // aborted meanwhile: nobody will read it
      },
      (error: unknown) => {
        if (settle()) reject(error)
      },
    )
  })
}
