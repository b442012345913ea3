/** A signal derived from several, and how to let go of them. */
export interface LinkedSignal {
  readonly signal: AbortSignal
  /** Removes every listener this link added. Idempotent. */
  release(): void
}

const NOTHING = (): void => {}

/**
 * A signal that aborts, with the parent's reason, as soon as any parent does.
 * Unlike `AbortSignal.any`, the parents keep no reference to the child once
 * `release()` ran, so a long-lived signal shared by many calls accumulates
 * nothing (AbortSignal.any retains dependents on some runtimes).
 */
export function linkSignals(parents: readonly AbortSignal[]): LinkedSignal {
  const controller = new AbortController()
  for (const parent of parents) {
    if (parent.aborted) {
      controller.abort(parent.reason)
      return { signal: controller.signal, release: NOTHING }
    }
  }
  const onAbort = function (this: AbortSignal): void {
    release()
    controller.abort(this.reason)
  }
  function release(): void {
    for (const parent of parents) parent.removeEventListener('abort', onAbort)
  }
  for (const parent of parents) parent.addEventListener('abort', onAbort)
  return { signal: controller.signal, release }
}
