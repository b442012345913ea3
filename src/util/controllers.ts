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
 *
 * Only on Node-compatible server runtimes (Node, Bun, Deno), where the cost
 * is: not in Cloudflare Workers, whose I/O objects (signals included) belong to
 * the request that created them — a signal reused by the next request makes
 * its fetch hang ("Cannot perform I/O on behalf of a different request") —
 * nor in browsers.
 */
const MAX_USES = 32
const MAX_POOLED = 64

export interface PooledController {
  readonly controller: AbortController
  uses: number
}

const pool: PooledController[] = []
let enabled: boolean | undefined

function poolingAllowed(): boolean {
  const g = globalThis as { process?: { versions?: { node?: unknown } }; navigator?: { userAgent?: unknown } }
  return typeof g.process?.versions?.node === 'string' && g.navigator?.userAgent !== 'Cloudflare-Workers'
}

export function takeController(): PooledController {
  enabled ??= poolingAllowed()
  const pooled = (enabled ? pool.pop() : undefined) ?? { controller: new AbortController(), uses: 0 }
  pooled.uses++
  return pooled
}

/** Gives a controller back once its request is over (ignored when it was aborted or used up). */
export function recycleController(pooled: PooledController): void {
  if (!enabled || pooled.controller.signal.aborted || pooled.uses >= MAX_USES || pool.length >= MAX_POOLED) return
  pool.push(pooled)
}
