/**
 * `surefetch/mocks`: httpbin as msw request handlers. The only part of
 * surefetch that imports msw.
 *
 * @packageDocumentation
 * @module surefetch/mocks
 */

export { createHttpbin, handlers } from './httpbin.js'
export type { Httpbin, HttpbinOptions } from './httpbin.js'
export { failTimes } from './fail-times.js'
export type { Fault } from './fail-times.js'
export { failUnhandledRequest } from './unhandled.js'
