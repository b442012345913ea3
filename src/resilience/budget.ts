/**
 * A retry budget shared by the calls of a session to one origin (SPEC §10,
 * after Finagle and gRPC): over a sliding 10 s window, retries may not exceed
 * `ratio` × first attempts + `minPerSecond` × 10. When an upstream fails for
 * everyone, retries stop multiplying its load. One budget per origin, so that
 * healthy traffic to one host does not pay for retries against another.
 */
import { LIBRARY_DEFAULTS } from '../defaults.js'

/**
 * Options of `retry.budget`: over a sliding 10 s window, retries to an origin
 * may not exceed `ratio` × first attempts + `minPerSecond` × 10.
 *
 * @example
 * ```ts
 * new Session({ retry: { limit: 3, budget: { ratio: 0.1, minPerSecond: 5 } } })
 * ```
 */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt. @default 0.2 */
  ratio?: number | undefined
  /** Retries always allowed per second, so that low traffic still retries. @default 10 */
  minPerSecond?: number | undefined
}

const WINDOW_SECONDS = 10

export class RetryBudget {
  /** Per-second buckets of the window, as a ring: [second, firsts, retries]. */
  readonly #seconds = new Float64Array(WINDOW_SECONDS)
  readonly #firsts = new Float64Array(WINDOW_SECONDS)
  readonly #retries = new Float64Array(WINDOW_SECONDS)

  /** Records a first attempt. */
  first(now = Date.now()): void {
    const bucket = this.#bucket(now)
    this.#firsts[bucket] = (this.#firsts[bucket] ?? 0) + 1
  }

  /** Whether a retry is allowed now; if so, it is counted. */
  tryRetry(options: RetryBudgetOptions, now = Date.now()): boolean {
    const bucket = this.#bucket(now)
    const oldest = Math.floor(now / 1000) - WINDOW_SECONDS
    let firsts = 0
    let retries = 0
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      // A slot not reused since more than 10 s holds an older second: skip it.
      if ((this.#seconds[i] as number) <= oldest) continue
      firsts += this.#firsts[i] as number
      retries += this.#retries[i] as number
    }
    // Read here, not at module level: a top-level property read is kept by bundlers in apps without a budget.
    const defaults = LIBRARY_DEFAULTS.retry.budget
    const allowed = (options.ratio ?? defaults.ratio) * firsts + (options.minPerSecond ?? defaults.minPerSecond) * WINDOW_SECONDS
    if (retries + 1 > allowed) return false
    this.#retries[bucket] = (this.#retries[bucket] ?? 0) + 1
    return true
  }

  /** The bucket of this second, cleared if it last held an older second. */
  #bucket(now: number): number {
    const second = Math.floor(now / 1000)
    const index = second % WINDOW_SECONDS
    if (this.#seconds[index] !== second) {
      this.#seconds[index] = second
      this.#firsts[index] = 0
      this.#retries[index] = 0
    }
    return index
  }
}

/** The budgets of a session, one per origin. */
export class RetryBudgets {
  readonly #budgets = new Map<string, RetryBudget>()
  for(origin: string): RetryBudget {
    let budget = this.#budgets.get(origin)
    if (budget === undefined) {
      budget = new RetryBudget()
      this.#budgets.set(origin, budget)
    }
    return budget
  }
}
