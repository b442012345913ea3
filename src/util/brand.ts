/**
 * The brand every surefetch error carries: `Symbol.for('surefetch.error')`
 * holding the leaf class name. It makes `instanceof` hold across two copies
 * of the library (the CJS and the ESM build, or two bundles), where
 * prototype identity does not.
 */
export const BRAND = Symbol.for('surefetch.error')

/** A value that may carry the brand. */
export interface Branded {
  [BRAND]?: unknown
}

/** Whether `value` is a surefetch error, from this copy of the library or another. */
export function isBranded(value: unknown): value is Error & { readonly [BRAND]: string } {
  return typeof value === 'object' && value !== null && typeof (value as Branded)[BRAND] === 'string'
}

/**
 * `instanceof` for our error classes: the prototype chain first, then the
 * brand. A user's subclass of ours has no own `name` getter: only our classes
 * answer by brand, so `new HTTPError(…) instanceof MyError` stays false.
 */
export function hasBrandedInstance(constructor: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(constructor, value)) return true
  if (!isBranded(value)) return false
  const prototype: unknown = constructor.prototype
  if (typeof prototype !== 'object' || prototype === null || !Object.hasOwn(prototype, 'name')) return false
  const wanted = (prototype as Error).name
  return wanted === 'RequestError' || wanted === value[BRAND]
}
