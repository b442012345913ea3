/** `surefetch/mocks`: httpbin as msw request handlers. The only part of surefetch that imports msw. */

export { createHttpbin, handlers } from './httpbin.js'
export type { Httpbin, HttpbinOptions } from './httpbin.js'
