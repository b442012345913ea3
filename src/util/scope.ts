import { TimeoutError } from '../errors.js'
import type { PreparedRequest } from '../request.js'

/** Something the scope cancels when the call is aborted: an attempt, a backoff sleep, a body read. */
export interface Abortable {
  abort(reason: unknown): void
}

/**
 * A session's lifetime: `close()` sets `closed` and aborts every scope in
 * progress, which sit in `scopes` while linked. Not an AbortSignal: workerd
 * refuses to create one at module scope, where apps keep their sessions.
 */
export interface Lifetime {
  closed: boolean
  reason: unknown
  readonly scopes: Set<CallScope>
}

/**
 * The cancellation scope of one call: the user's signal, the session's
 * lifetime and the `total` deadline, combined without `AbortSignal.any`.
 *
 * It holds a place in its parent signals' watch lists and its own total
 * timer only while something is in progress — from the start of the call
 * until it settles, and again while the body is read — so a signal shared by
 * 100 000 calls never accumulates listeners, and no timer outlives the work
 * it guards. When aborted, it cancels the one operation in progress
 * (`target`): the current attempt, a backoff sleep or a body read.
 *
 * Every timer is the call's own `setTimeout`, cleared when the work ends:
 * nothing is shared between calls, so concurrent calls, fake timers and a
 * Worker runtime that cancels a finished request's timers cannot make one
 * call lose another's deadline (an earlier design shared one timer between
 * calls, and lost deadlines in all three cases).
 */
export class CallScope {
  /** Set once the call is aborted: the user's reason, the session's, or a total TimeoutError. */
  reason: unknown
  aborted = false
  /** The operation to cancel on abort. */
  target: Abortable | undefined
  /** The request, for TimeoutError messages. */
  request: PreparedRequest | undefined
  readonly #parent: AbortSignal | undefined
  readonly #lifetime: Lifetime | undefined
  readonly #total: number | undefined
  readonly #deadline: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #linked = false

  constructor(parent: AbortSignal | undefined, total: number | undefined, lifetime?: Lifetime) {
    this.#parent = parent
    this.#lifetime = lifetime
    this.#total = total
    this.#deadline = total === undefined ? undefined : performance.now() + total
  }

  /** ms left before the total deadline (`Infinity` without one). */
  remaining(): number {
    return this.#deadline === undefined ? Infinity : this.#deadline - performance.now()
  }

  /** Starts watching the parents and arms the total timer (idempotent). Aborts at once if one already fired. */
  link(): void {
    if (this.#linked || this.aborted) return
    const lifetime = this.#lifetime
    if (lifetime?.closed) return this.abort(lifetime.reason)
    const parent = this.#parent
    if (parent?.aborted) return this.abort(parent.reason)
    if (this.#total !== undefined) {
      const left = this.remaining()
      if (left <= 0) return this.abort(this.timeoutError())
      this.#timer = setTimeout(fireTotal, left, this)
    }
    if (parent !== undefined) watch(parent, this)
    lifetime?.scopes.add(this)
    this.#linked = true
  }

  /** Stops watching and clears the timer (idempotent). */
  unlink(): void {
    if (!this.#linked) return
    this.#linked = false
    if (this.#parent !== undefined) unwatch(this.#parent, this)
    this.#lifetime?.scopes.delete(this)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.unlink()
    this.target?.abort(reason)
  }

  timeoutError(): TimeoutError {
    return new TimeoutError(this.request as PreparedRequest, 'total', this.#total ?? 0)
  }

  /**
   * Runs `work` (a user callback such as a schema validator) under the scope:
   * it rejects with the scope's reason when the call is aborted or its total
   * deadline passes first.
   */
  guard<T>(work: Promise<T>): Promise<T> {
    if (this.aborted) return Promise.reject(this.reason)
    return new Promise<T>((resolve, reject) => {
      const previous = this.target
      const done = (): void => {
        this.unlink()
        this.target = previous
      }
      this.target = { abort: reject }
      this.link()
      work.then(
        (value) => {
          done()
          resolve(value)
        },
        (error: unknown) => {
          done()
          reject(error)
        },
      )
    })
  }
}

function fireTotal(scope: CallScope): void {
  scope.abort(scope.timeoutError())
}

/**
 * One `abort` listener per user signal, however many calls share it: the
 * scopes linked to a signal sit in its watch list. Node warns past 10
 * listeners on one signal (`MaxListenersExceededWarning`), and runtimes walk
 * every listener on abort. The entry and its listener go when the last scope
 * unlinks, so a signal shared by a long-lived app keeps nothing between calls.
 */
class Watch extends Set<CallScope> {
  handleEvent(event: Event): void {
    const reason: unknown = (event.target as AbortSignal).reason
    for (const scope of [...this]) scope.abort(reason)
  }
}

const watches = /* @__PURE__ */ new WeakMap<AbortSignal, Watch>()

function watch(signal: AbortSignal, scope: CallScope): void {
  let entry = watches.get(signal)
  if (entry === undefined) {
    entry = new Watch()
    watches.set(signal, entry)
    signal.addEventListener('abort', entry)
  }
  entry.add(scope)
}

function unwatch(signal: AbortSignal, scope: CallScope): void {
  const entry = watches.get(signal)
  if (entry === undefined) return
  entry.delete(scope)
  if (entry.size === 0) {
    signal.removeEventListener('abort', entry)
    watches.delete(signal)
  }
}
