import { TimeoutError } from '../errors.js'
import type { PreparedRequest } from '../types.js'
import { cancelDeadline, type Deadline, setDeadline } from './deadlines.js'

/** Something the scope cancels when the call is aborted: an attempt, a backoff sleep, a body read. */
export interface Abortable {
  abort(reason: unknown): void
}

/**
 * A session's lifetime: `close()` aborts its signal and every scope in
 * progress. Scopes register in a Set while linked instead of listening on the
 * session's signal — with many calls in flight, listeners would pile up there
 * (and Node warns past 10).
 */
export interface Lifetime {
  readonly signal: AbortSignal
  readonly scopes: Set<CallScope>
}

/**
 * The cancellation scope of one call: the user's signal, the session's
 * lifetime and the `total` deadline, combined without `AbortSignal.any`.
 *
 * It holds listeners on the (possibly long-lived) parent signals and the
 * total timer only while something is in progress — from the start of the
 * call until it settles, and again while the body is read — so a signal
 * shared by 100 000 calls never accumulates listeners, and no timer outlives
 * the work it guards. When aborted, it cancels the one operation in
 * progress (`target`): the current attempt, a backoff sleep or a body read.
 */
export class CallScope {
  /** Set once the call is aborted: the user's reason, the session's, or a total TimeoutError. */
  reason: unknown = undefined
  aborted = false
  /** The operation to cancel on abort. */
  target: Abortable | undefined = undefined
  /** The request, for TimeoutError messages. */
  request: PreparedRequest | undefined = undefined
  /** Set when the response was cloned: two bodies read through one attempt's signal, so it is not recycled. */
  shared = false
  readonly #parents: readonly AbortSignal[]
  readonly #lifetime: Lifetime | undefined
  readonly #total: number | undefined
  readonly #deadline: number | undefined
  #timer: Deadline | undefined = undefined
  #linked = false

  constructor(parents: readonly AbortSignal[], total: number | undefined, lifetime?: Lifetime) {
    this.#parents = parents
    this.#lifetime = lifetime
    this.#total = total
    this.#deadline = total === undefined ? undefined : performance.now() + total
  }

  /** ms left before the total deadline (`Infinity` without one). */
  remaining(): number {
    return this.#deadline === undefined ? Number.POSITIVE_INFINITY : this.#deadline - performance.now()
  }

  /** Starts listening to the parents and arms the total timer (idempotent). Aborts at once if one already fired. */
  link(): void {
    if (this.#linked || this.aborted) return
    const lifetime = this.#lifetime
    if (lifetime?.signal.aborted) return this.abort(lifetime.signal.reason)
    for (const parent of this.#parents) {
      if (parent.aborted) return this.abort(parent.reason)
    }
    if (this.#total !== undefined) {
      const left = this.remaining()
      if (left <= 0) return this.abort(this.timeoutError())
      this.#timer = setDeadline(left, fireTotal, this)
    }
    for (const parent of this.#parents) parent.addEventListener('abort', this)
    lifetime?.scopes.add(this)
    this.#linked = true
  }

  /** Removes every listener and timer (idempotent). */
  unlink(): void {
    if (!this.#linked) return
    this.#linked = false
    for (const parent of this.#parents) parent.removeEventListener('abort', this)
    this.#lifetime?.scopes.delete(this)
    if (this.#timer !== undefined) cancelDeadline(this.#timer)
    this.#timer = undefined
  }

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.unlink()
    this.target?.abort(reason)
  }

  /** A parent signal aborted (the scope itself is the listener: no closure per call). */
  handleEvent(event: Event): void {
    this.abort((event.target as AbortSignal).reason)
  }

  timeoutError(): TimeoutError {
    return new TimeoutError(this.request as PreparedRequest, 'total', this.#total ?? 0)
  }
}

function fireTotal(scope: CallScope): void {
  scope.abort(scope.timeoutError())
}
