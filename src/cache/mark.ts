/**
 * How the cache layer tells `SureResponse.cached` what it did: a property
 * under `Symbol.for('surefetch.cached')` on the native response it returns
 * (response.ts reads it; absent means `'miss'`). On the response itself,
 * not in a module-level map, so nothing is shared between calls.
 */
import type { CacheStatus } from './types.js'

export const CACHED: unique symbol = Symbol.for('surefetch.cached') as never

export function markCached(response: Response, status: CacheStatus): Response {
  Object.defineProperty(response, CACHED, { value: status, configurable: true })
  return response
}
