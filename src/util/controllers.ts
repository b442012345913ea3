/**
 * Recycled AbortControllers. On Node 20 creating one costs more than the rest
 * of a call's bookkeeping (its signal is made transferable), so a controller
 * whose request finished without being aborted is reused by a later attempt.
 *
 * Safe because a controller goes back only once its request is over (the
 * body fully read or cancelled, or the fetch failed): aborting it later can
 * only reach finished requests. Runtimes keep a listener per request on the
 * signal they were given until that request is garbage-collected, so a
 * controller is retired after a few uses to keep those few.
 */
const MAX_USES = 32
const MAX_POOLED = 64

export interface PooledController {
  readonly controller: AbortController
  uses: number
}

const pool: PooledController[] = []

export function takeController(): PooledController {
  const pooled = pool.pop() ?? { controller: new AbortController(), uses: 0 }
  pooled.uses++
  return pooled
}

/** Gives a controller back once its request is over (ignored when it was aborted or used up). */
export function recycleController(pooled: PooledController): void {
  if (pooled.controller.signal.aborted || pooled.uses >= MAX_USES || pool.length >= MAX_POOLED) return
  pool.push(pooled)
}
