/**
 * A bulkhead (SPEC §10): at most `maxConcurrent` calls of a session in flight;
 * the rest wait in a FIFO queue, of at most `maxQueue` calls when that is
 * set. A waiter leaves the queue at once when its call is aborted or its
 * total deadline passes. Decisions: docs/decisions/0002-limits.md.
 */
import { describe, hide } from '../util/inspect.js'
import { RequestError } from '../errors.js'
import { type Layer, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { PreparedRequest as PublicRequest } from '../request.js'
import type { Abortable, CallScope } from '../util/scope.js'

/**
 * The session's bulkhead was full: `maxConcurrent` calls in flight and
 * `maxQueue` more waiting. The call was not sent (and is not retried: the
 * bulkhead sits outside the retry layer). Shed the load, or try later.
 *
 * @example
 * ```ts
 * const api = new Session({ maxConcurrent: 16, maxQueue: 64 })
 * try {
 *   return await api.get('/search', { params: { q } }).json()
 * } catch (error) {
 *   if (error instanceof BulkheadRejectedError) return { results: [], busy: true }
 *   throw error
 * }
 * ```
 */
export class BulkheadRejectedError extends RequestError {
  /** `'BulkheadRejectedError'`. */
  override get name(): string {
    return 'BulkheadRejectedError'
  }
  /** A new name (ky's `error.name = 'GitHubError'` in a `beforeError` hook); `instanceof` still holds (it reads the brand). */
  override set name(value: string) {
    hide(this, 'name', value)
  }
  /** The session's `maxConcurrent`. */
  readonly maxConcurrent: number
  /** The session's `maxQueue`. */
  readonly maxQueue: number
  /**
   * @param request the request that was not sent
   * @param maxConcurrent calls in flight (all the slots)
   * @param maxQueue calls waiting (a full queue)
   */
  constructor(request: PublicRequest, maxConcurrent: number, maxQueue: number) {
    super(`bulkhead full: ${maxConcurrent} calls in flight, ${maxQueue} queued — ${describe(request)}`, request)
    this.maxConcurrent = maxConcurrent
    this.maxQueue = maxQueue
  }

  /** The base fields plus the two limits, for structured logs. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxConcurrent: this.maxConcurrent, maxQueue: this.maxQueue }
  }
}

class Waiter implements Abortable {
  readonly resolve: () => void
  readonly reject: (reason: unknown) => void
  readonly #queue: Waiter[]
  constructor(queue: Waiter[], resolve: () => void, reject: (reason: unknown) => void) {
    this.#queue = queue
    this.resolve = resolve
    this.reject = reject
  }
  abort(reason: unknown): void {
    const index = this.#queue.indexOf(this)
    if (index >= 0) this.#queue.splice(index, 1)
    this.reject(reason)
  }
}

export class Bulkhead {
  readonly #queue: Waiter[] = []
  #active = 0
  readonly #limit: number
  readonly #maxQueue: number

  /**
   * @param limit `maxConcurrent`, checked by the session
   * @param maxQueue calls allowed to wait; `Infinity` (the default) is SPEC §10's unbounded queue
   */
  constructor(limit: number, maxQueue: number = Infinity) {
    if (typeof maxQueue !== 'number' || !(maxQueue === Infinity || (Number.isInteger(maxQueue) && maxQueue >= 0))) {
      const got = typeof maxQueue === 'string' ? JSON.stringify(maxQueue) : String(maxQueue)
      throw new RangeError(`maxQueue must be a non-negative integer or Infinity, got ${got}`)
    }
    this.#limit = limit
    this.#maxQueue = maxQueue
  }

  /** Calls holding a slot. */
  get active(): number {
    return this.#active
  }
  /** Calls waiting for one. */
  get queued(): number {
    return this.#queue.length
  }

  /**
   * Outermost layer of the stack (after the hooks): one slot per call, held
   * through redirects, retries and backoff sleeps until the stack returns the
   * response — its headers; reading the body holds no slot (see the ADR).
   */
  entry(): StackEntry {
    return { rank: RANK.bulkhead, wanted: () => true, layer: this.layer() }
  }

  layer(): Layer {
    return async (request, next) => {
      await this.#acquire(request)
      try {
        return await next(request)
      } finally {
        this.#release()
      }
    }
  }

  #acquire(request: PreparedRequest): Promise<void> {
    const scope: CallScope | undefined = request.context.scope
    if (scope?.aborted) return Promise.reject(scope.reason)
    if (this.#active < this.#limit) {
      this.#active++
      return Promise.resolve()
    }
    // A full queue rejects at once (Polly's and cockatiel's bulkheads do the
    // same): under overload, waiting longer only turns a fast "busy" into a
    // slow timeout, and an unbounded queue grows with the overload.
    if (this.#queue.length >= this.#maxQueue) {
      return Promise.reject(new BulkheadRejectedError(request, this.#limit, this.#maxQueue))
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = new Waiter(this.#queue, resolve, reject)
      this.#queue.push(waiter)
      if (scope) scope.target = waiter
    })
  }

  #release(): void {
    const next = this.#queue.shift()
    if (next === undefined) this.#active--
    else next.resolve() // the slot passes straight to the next waiter
  }
}
