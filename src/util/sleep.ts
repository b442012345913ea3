import type { CallScope } from './scope.js'

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
    let timer: ReturnType<typeof setTimeout>
    const arm = (left: number): void => {
      const step = Math.min(left, MAX_TIMER)
      timer = setTimeout(() => (left > step ? arm(left - step) : resolve()), step)
    }
    arm(ms)
    if (scope) {
      scope.target = {
        abort(reason) {
          clearTimeout(timer)
          reject(reason)
        },
      }
    }
  })
}
