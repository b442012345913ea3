/**
 * Circuit breakers, one per origin (SPEC §10): closed → open after
 * `threshold` consecutive failures → half-open after `cooldown`, when a
 * single probe is let through → closed on its success, open again on its
 * failure. While open, calls fail at once with `CircuitOpenError`.
 */
import { LIBRARY_DEFAULTS } from '../defaults.js'
import { CircuitOpenError, NetworkError, TimeoutError } from '../errors.js'
import { type Layer, RANK, type StackEntry } from '../context.js'
import type { BreakerOptions, CircuitState, CircuitStatus } from '../types.js'

interface Circuit {
  state: CircuitState
  failures: number
  retryAt: number
  probing: boolean
  /** The options of the last call through it (for `onStateChange` on a read). */
  options: BreakerOptions
  /** Bumped on every state change: outcomes of calls admitted before it are ignored. */
  generation: number
}

export class Breakers {
  readonly #circuits = new Map<string, Circuit>()

  status(origin: string): CircuitStatus {
    const circuit = this.#circuits.get(origin)
    if (circuit === undefined) return { state: 'closed', failures: 0 }
    this.#tick(origin, circuit)
    return circuit.state === 'open'
      ? { state: 'open', failures: circuit.failures, retryAt: circuit.retryAt }
      : { state: circuit.state, failures: circuit.failures }
  }

  /** The breaker's place in a session's stack: calls with `breaker` set go through it. */
  entry(): StackEntry {
    return { rank: RANK.breaker, wanted: ({ options }) => !!options.breaker, layer: this.layer() }
  }

  /** The breaker layer: sits inside retry, so every attempt counts. */
  layer(): Layer {
    return async (request, next) => {
      const options = request.context.options.breaker
      if (!options) return next(request)
      const origin = new URL(request.url).origin
      let circuit = this.#circuits.get(origin)
      if (circuit === undefined) {
        circuit = { state: 'closed', failures: 0, retryAt: 0, probing: false, options, generation: 0 }
        this.#circuits.set(origin, circuit)
      }
      circuit.options = options
      this.#tick(origin, circuit)
      if (circuit.state === 'open' || (circuit.state === 'half-open' && circuit.probing)) {
        throw new CircuitOpenError(request, origin, circuit.retryAt)
      }
      const probe = circuit.state === 'half-open'
      if (probe) circuit.probing = true
      // A call admitted in an earlier state (e.g. before the circuit opened)
      // says nothing about the current one: only the probe may close it.
      const admitted = circuit.generation
      try {
        const response = await next(request)
        if (circuit.generation === admitted) this.#settle(origin, circuit, response.status >= 500)
        return response
      } catch (error) {
        // Only upstream failures count: a user abort or a 4xx says nothing about its health.
        const failed = error instanceof NetworkError || (error instanceof TimeoutError && error.phase === 'attempt')
        if (failed && circuit.generation === admitted) this.#settle(origin, circuit, true)
        throw error
      } finally {
        if (probe) circuit.probing = false
      }
    }
  }

  /** An open circuit whose cooldown is over becomes half-open. */
  #tick(origin: string, circuit: Circuit): void {
    if (circuit.state === 'open' && Date.now() >= circuit.retryAt) this.#move(origin, circuit, 'half-open')
  }

  #settle(origin: string, circuit: Circuit, failed: boolean): void {
    if (!failed) {
      circuit.failures = 0
      if (circuit.state !== 'closed') this.#move(origin, circuit, 'closed')
      return
    }
    circuit.failures++
    const { threshold = LIBRARY_DEFAULTS.breaker.threshold, cooldown = LIBRARY_DEFAULTS.breaker.cooldown } = circuit.options
    if (circuit.state === 'half-open' || circuit.failures >= threshold) {
      circuit.retryAt = Date.now() + cooldown
      if (circuit.state !== 'open') this.#move(origin, circuit, 'open')
    }
  }

  #move(origin: string, circuit: Circuit, to: CircuitState): void {
    const from = circuit.state
    circuit.state = to
    circuit.generation++
    if (to === 'closed') circuit.failures = 0
    circuit.options.onStateChange?.({ origin, from, to })
  }
}
