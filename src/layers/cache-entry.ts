/**
 * Where the `httpCache` layer sits and how a session opts in, apart from the
 * layer itself (http-cache.ts), which loads on the first call that uses it:
 * a session without `httpCache` carries only this.
 */
import { type Layer, RANK, type StackEntry } from '../context.js'
import { refuse } from '../options.js'
import type { HttpCacheOptions } from '../cache/types.js'
import { CallScope, type Lifetime } from '../util/scope.js'

/**
 * The `httpCache` session option, checked before any I/O (`TypeError` or
 * `RangeError` naming the field); `undefined` when it turns nothing on.
 */
export function checkHttpCache(value: unknown): true | HttpCacheOptions | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('httpCache', 'true, false or { store, maxEntries, maxBytes }', value)
  const { store, maxEntries, maxBytes } = value as HttpCacheOptions
  if (store !== undefined && !['get', 'set', 'delete'].every((name) => typeof (store as unknown as Record<string, unknown>)[name] === 'function')) {
    refuse('httpCache.store', 'an object with get, set and delete methods', store)
  }
  for (const [name, n] of [['maxEntries', maxEntries], ['maxBytes', maxBytes]] as const) {
    if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) refuse(`httpCache.${name}`, 'a non-negative integer', n, RangeError)
  }
  return value as HttpCacheOptions
}

/** The cache's place in a session's stack (rank 35: below redirects, above retry); every call goes through it. */
export function httpCacheEntry(options: true | HttpCacheOptions, lifetime: Lifetime): StackEntry {
  let loaded: Promise<Layer> | undefined
  return {
    rank: RANK.cache,
    wanted: () => true,
    layer: async (request, next) => {
      loaded ??= import('./http-cache.js').then((module) => module.httpCacheLayer(options, () => new CallScope(undefined, undefined, lifetime)))
      return (await loaded)(request, next)
    },
  }
}
