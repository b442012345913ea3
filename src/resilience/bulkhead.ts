/**
 * A bulkhead (SPEC §10): at most `maxConcurrent` calls of a session in flight;
 * the rest wait in a FIFO queue. A waiter leaves the queue at once when its
 * call is aborted or its total deadline passes.
 */
import type { Layer } from '../types.js'
import type { Abortable, CallScope } from '../util/scope.js'

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

  constructor(limit: number) {
    this.#limit = limit
  }

  /** Calls in flight and waiting. */
  get active(): number {
    return this.#active
  }
  get queued(): number {
    return this.#queue.length
  }

  /** Outermost layer of the stack: one slot per call, held until the call settles. */
  layer(): Layer {
    return async (request, next) => {
      await this.#acquire(request.context.scope)
      try {
        return await next(request)
      } finally {
        this.#release()
      }
    }
  }

  #acquire(scope: CallScope | undefined): Promise<void> {
    if (scope?.aborted) return Promise.reject(scope.reason)
    if (this.#active < this.#limit) {
      this.#active++
      return Promise.resolve()
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
