import { RequestError, NetworkError, TimeoutError } from '../errors.js'
import { SureResponse } from '../response.js'
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { AttemptRecord, RetryContext, RetryOptions } from '../types.js'
import { refuse } from '../options.js'
import { replayable } from '../prepare.js'
import { retryAfterMs } from '../util/retry-after.js'
import { sleep } from '../util/sleep.js'
import { LIBRARY_DEFAULTS } from '../defaults.js'
import { discard } from '../util/discard.js'

const RETRY_DEFAULTS = LIBRARY_DEFAULTS.retry

/**
 * Retries failed attempts (SPEC §5). Each retry gets a fresh request, a
 * fresh attempt signal and timer (the layers below), and a re-created body.
 * The backoff sleep is cancelled at once by the call's scope (user abort,
 * session close, total deadline), and a wait that would end after the total
 * deadline, or a `Retry-After` beyond `maxRetryAfter`, is not started: the
 * call fails at once with the last failure.
 */
/** In the stack of every client: calls whose `retry` allows a retry go through it. */
export const retryEntry: StackEntry = {
  rank: RANK.retry,
  wanted: ({ options: { retry } }) => !!retry && retry.limit !== 0,
  layer: retryLayer,
}

export async function retryLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const context = request.context
  const policy = context.options.retry as RetryOptions
  const limit = policy.limit ?? RETRY_DEFAULTS.limit
  const records: AttemptRecord[] = context.attempts
  const budget = context.budget
  budget?.first()
  let current = request
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined
    let error: unknown
    try {
      response = await next(current)
    } catch (caught) {
      error = caught
    }
    if (response !== undefined && !retryableStatus(response, policy)) {
      if (attempt > 1) records.push({ attempt, status: response.status, delay: 0 })
      return response
    }
    const record: AttemptRecord = response === undefined ? { attempt, error, delay: 0 } : { attempt, status: response.status, delay: 0 }
    records.push(record)
    const giveUp = (): Response => {
      if (response === undefined) throw error
      return response
    }
    // Only our own failures are retried: never a user abort, a total timeout or a bug.
    if (error !== undefined && !retryableError(error, policy)) return giveUp()
    if (attempt > limit) return giveUp()
    const delay = delayFor(attempt, policy, response)
    if (delay === undefined) return giveUp()
    const scope = context.scope
    if (scope !== undefined && scope.remaining() < delay) return giveUp()
    const replay = replayable(current)
    if (replay === undefined) return giveUp()

    const hooks = context.options.hooks?.beforeRetry
    const retryContext: RetryContext | undefined =
      policy.shouldRetry !== undefined || (hooks !== undefined && hooks.length > 0)
        ? Object.freeze({
            request: current,
            attempt,
            error: error instanceof RequestError ? error : undefined,
            response: response === undefined ? undefined : new SureResponse(response, current),
            delay,
          })
        : undefined
    const decision =
      policy.shouldRetry !== undefined && retryContext !== undefined
        ? await policy.shouldRetry(retryContext)
        : methodAllowed(current, policy)
    if (!decision) return giveUp()
    // The session's retry budget, spent last (only by retries that will happen):
    // when an upstream fails for everyone, retries stop multiplying its load.
    if (budget !== undefined && !budget.tryRetry(policy.budget || {})) return giveUp()
    if (hooks !== undefined && retryContext !== undefined) for (const hook of hooks) await hook(retryContext)

    record.delay = delay
    // Release the failed attempt's connection before sleeping.
    discard(response)
    await sleep(delay, scope)
    current = { ...current, headers: new Headers(current.headers), body: replay() }
  }
}

/**
 * A status in `statusCodes`, or one of `afterStatusCodes` (413, 429, 503)
 * whose server said when to come back: as urllib3 retries them whenever it
 * respects `Retry-After`, whatever `status_forcelist` says — what a user
 * migrating `status_forcelist=[500, 502, 504]` expects.
 */
function retryableStatus(response: Response, policy: RetryOptions): boolean {
  const status = response.status
  return (
    (policy.statusCodes ?? RETRY_DEFAULTS.statusCodes).includes(status) ||
    ((policy.afterStatusCodes ?? RETRY_DEFAULTS.afterStatusCodes).includes(status) && response.headers.has('retry-after'))
  )
}

function retryableError(error: unknown, policy: RetryOptions): boolean {
  if (error instanceof NetworkError) return policy.onNetworkError ?? true
  if (error instanceof TimeoutError) return error.phase === 'attempt' && (policy.onTimeout ?? true)
  return false
}

/** Idempotent methods, or any method carrying an `Idempotency-Key`. */
function methodAllowed(request: PreparedRequest, policy: RetryOptions): boolean {
  return (policy.methods ?? RETRY_DEFAULTS.methods).includes(request.method) || request.headers.has('idempotency-key')
}

/**
 * The wait before the next attempt, or `undefined` when the server asked for
 * more than `maxRetryAfter`.
 */
function delayFor(attempt: number, policy: RetryOptions, response: Response | undefined): number | undefined {
  if (response !== undefined && (policy.afterStatusCodes ?? RETRY_DEFAULTS.afterStatusCodes).includes(response.status)) {
    const asked = retryAfterMs(response.headers)
    if (asked !== undefined) return asked > (policy.maxRetryAfter ?? RETRY_DEFAULTS.maxRetryAfter) ? undefined : asked
  }
  return backoff(attempt, policy)
}

/**
 * `min(max, initial·factor^(n−1))`, then full jitter: uniform in [0, delay];
 * or what the user's function says for retry `attempt`.
 */
export function backoff(attempt: number, policy: RetryOptions, random = Math.random): number {
  const options = policy.backoff
  if (typeof options === 'function') {
    const ms = options(attempt)
    if (!(ms >= 0 && ms < 2 ** 31)) refuse('retry.backoff(attempt)', 'a non-negative number of ms', ms, RangeError)
    return ms
  }
  const defaults = RETRY_DEFAULTS.backoff
  const initial = options?.initial ?? defaults.initial
  const factor = options?.factor ?? defaults.factor
  const delay = Math.min(options?.max ?? defaults.max, initial * factor ** (attempt - 1))
  return (options?.jitter ?? defaults.jitter) === 'none' ? delay : Math.round(random() * delay)
}

