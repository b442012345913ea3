import type { Abortable, CallScope } from './scope.js'

/**
 * The longest delay a platform timer takes (2³¹−1 ms, about 24.8 days):
 * Node, browsers and workerd fire a longer one after 1 ms.
 */
export const MAX_TIMER = 2_147_483_647

/**
 * Waits `ms`, or rejects at once with the reason when the call's scope is
 * aborted (user abort, session close, total deadline). The timer is a normal
 * (ref'd) one: a backoff is work in progress, and a script awaiting a retry
 * must not exit in the middle of it. A wait longer than a timer can hold (a
 * `Retry-After` of weeks with `maxRetryAfter: Infinity`) is waited in steps.
 */
export function sleep(ms: number, scope: CallScope | undefined): Promise<void> {
  if (scope?.aborted) return Promise.reject(scope.reason)
  return new Promise<void>((resolve, reject) => {
    const sleeper = new Sleeper(resolve, reject, ms)
    if (scope) scope.target = sleeper
  })
}

class Sleeper implements Abortable {
  #timer: ReturnType<typeof setTimeout>
  #left: number
  readonly #resolve: () => void
  readonly #reject: (reason: unknown) => void

  constructor(resolve: () => void, reject: (reason: unknown) => void, ms: number) {
    this.#resolve = resolve
    this.#reject = reject
    this.#left = ms
    this.#timer = this.#arm()
  }

  #arm(): ReturnType<typeof setTimeout> {
    const step = Math.min(this.#left, MAX_TIMER)
    this.#left -= step
    return setTimeout(wake, step, this)
  }

  wake(): void {
    if (this.#left > 0) this.#timer = this.#arm()
    else this.#resolve()
  }

  abort(reason: unknown): void {
    clearTimeout(this.#timer)
    this.#reject(reason)
  }
}

function wake(sleeper: Sleeper): void {
  sleeper.wake()
}
