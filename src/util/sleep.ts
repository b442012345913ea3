import type { Abortable, CallScope } from './scope.js'

/**
 * Waits `ms`, or rejects at once with the reason when the call's scope is
 * aborted (user abort, session close, total deadline). The timer is a normal
 * (ref'd) one: a backoff is work in progress, and a script awaiting a retry
 * must not exit in the middle of it.
 */
export function sleep(ms: number, scope: CallScope | undefined): Promise<void> {
  if (scope?.aborted) return Promise.reject(scope.reason)
  return new Promise<void>((resolve, reject) => {
    const sleeper = new Sleeper(resolve, reject)
    sleeper.timer = setTimeout(wake, ms, sleeper)
    if (scope) scope.target = sleeper
  })
}

class Sleeper implements Abortable {
  timer: ReturnType<typeof setTimeout> | undefined
  readonly resolve: () => void
  readonly #reject: (reason: unknown) => void
  constructor(resolve: () => void, reject: (reason: unknown) => void) {
    this.resolve = resolve
    this.#reject = reject
  }
  abort(reason: unknown): void {
    clearTimeout(this.timer)
    this.#reject(reason)
  }
}

function wake(sleeper: Sleeper): void {
  sleeper.resolve()
}
