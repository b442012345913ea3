// Type-level tests (compiled by `tsc -p test/types/tsconfig.json`, never run):
// the options of a request, and the misuse the types refuse.
import { expectTypeOf } from 'vitest'
import {
  del,
  get,
  head,
  type MethodOptions,
  type NoBodyOptions,
  options,
  patch,
  post,
  put,
  request,
  type RequestOptions,
  type RetryOptions,
  Session,
  type TimeoutOptions,
} from '../../src/index.js'

const url = 'https://api.example.com/items'
const api = new Session()
declare const stream: ReadableStream<Uint8Array>

// timeout: a number (total), phases, or false
get(url, { timeout: 5_000 })
get(url, { timeout: { total: 60_000, attempt: 3_050, read: 27_000 } })
get(url, { timeout: { attempt: 1_000 } })
get(url, { timeout: false })
expectTypeOf<NonNullable<RequestOptions['timeout']>>().toEqualTypeOf<number | TimeoutOptions | false>()
// @ts-expect-error not a string
get(url, { timeout: 'x' })
// @ts-expect-error not true
get(url, { timeout: true })
// @ts-expect-error no such phase
get(url, { timeout: { connect: 1_000 } })

// retry: a number (limit), a policy, or false
get(url, { retry: 3 })
get(url, { retry: false })
get(url, {
  retry: {
    limit: 4,
    methods: ['GET', 'POST'],
    statusCodes: [503],
    afterStatusCodes: [429],
    backoff: { initial: 100, factor: 3, max: 5_000, jitter: 'none' },
    maxRetryAfter: 10_000,
    onNetworkError: false,
    onTimeout: true,
    shouldRetry: ({ response, attempt }) => response?.status === 409 && attempt < 3,
    budget: { ratio: 0.2 },
  },
})
get(url, { retry: { shouldRetry: async ({ error }) => error !== undefined, budget: false } })
expectTypeOf<NonNullable<RequestOptions['retry']>>().toEqualTypeOf<number | RetryOptions | false>()
// @ts-expect-error not a string
get(url, { retry: 'always' })
// @ts-expect-error not a jitter mode
get(url, { retry: { backoff: { jitter: 'some' } } })
// @ts-expect-error statusCodes are numbers
get(url, { retry: { statusCodes: ['503'] } })
// backoff as a function of the retry number (urllib3's exact schedule)
get(url, { retry: { backoff: (n) => (n === 1 ? 0 : 50 * 2 ** (n - 1)) } })
// @ts-expect-error the function returns ms
get(url, { retry: { backoff: (n: number) => `${n}s` } })

// Everything else a request takes
get(url, {
  params: { q: 'x', page: 2, draft: false, cursor: undefined, tag: ['a', 'b'] },
  headers: { 'x-trace': '1', 'x-client': null },
  cookies: { session: 'abc' },
  signal: AbortSignal.timeout(1_000),
  throwHttpErrors: false,
  redirect: 'manual',
  maxRedirects: 5,
  onDownloadProgress: ({ loaded, total, fraction }) => console.log(loaded, total, fraction),
  fetch: globalThis.fetch,
  baseUrl: 'https://api.example.com',
  cache: 'no-store',
  credentials: 'include',
  keepalive: true,
})
get(url, { params: [['a', 1], ['a', 2]] })
get(url, { params: new URLSearchParams('a=1') })
get(url, { headers: new Headers(), signal: null })
// @ts-expect-error not a redirect mode
get(url, { redirect: 'sometimes' })
// @ts-expect-error params are scalars
get(url, { params: { a: { b: 1 } } })
// @ts-expect-error a shortcut fixes the method
post(url, { method: 'PUT' })

// fetch's own options and the runtimes' extras, listed (no RequestInit, no index signature)
get(url, { integrity: 'sha384-x', mode: 'cors', priority: 'low', referrer: '', referrerPolicy: 'origin', keepalive: false })
get(url, { dispatcher: {}, cf: { cacheTtl: 60 }, client: {}, proxy: 'http://proxy.internal:3128', tls: { rejectUnauthorized: false } })
new Session({ dispatcher: {}, cf: { cacheEverything: true }, proxy: false })
// @ts-expect-error not a cache mode
get(url, { cache: 'sometimes' })
// @ts-expect-error not a credentials mode
get(url, { credentials: 'always' })
// @ts-expect-error not a priority
get(url, { priority: 'urgent' })
// @ts-expect-error a dispatcher is an object
get(url, { dispatcher: 'proxy' })
// @ts-expect-error an unknown option is a typo, not a pass-through
get(url, { retries: 3 })
// @ts-expect-error the window option of browsers' RequestInit is not taken
get(url, { window: null })

// headers: a Headers, a record (null/undefined removes), or [name, value] pairs
get(url, { headers: [['x-a', '1'], ['x-a', '2']] as const })
api.get(url, { headers: { 'x-a': undefined } })
// @ts-expect-error a header value is a string
get(url, { headers: { 'x-n': 5 } })
// @ts-expect-error pairs are of strings
get(url, { headers: [['x-n', 5]] })

// One body: json, form, multipart or body
post(url, { json: { name: 'thing' } })
post(url, { json: null })
put(url, { form: { name: 'thing', tag: ['a', 'b'] } })
patch(url, { multipart: { note: 'Q3', report: [new Blob(['a,b\n']), 'report.csv'], photo: new File([], 'me.png') } })
post(url, { multipart: new FormData() })
post(url, { multipart: { note: 'Q3', skipped: null, absent: undefined } })
// @ts-expect-error fields are strings or blobs, not numbers
post(url, { multipart: { count: 5 } })
post(url, { body: 'raw' })
post(url, { body: new Uint8Array(4) })
post(url, { body: () => stream })
post(url, { body: null })
post(url, {})
post(url)
del(url, { json: { reason: 'duplicate' } })
options(url, { body: 'x' })
api.post(url, { json: {} })
request(url, { method: 'PUT', form: { a: 1 } })
// `undefined` is no body, as at run time
post(url, { json: { name: 'thing' }, body: undefined })
post(url, { json: undefined, form: { a: 1 } })
// @ts-expect-error json with body
post(url, { json: {}, body: 'x' })
// @ts-expect-error json with form
post(url, { json: {}, form: { a: 1 } })
// @ts-expect-error json with multipart
put(url, { json: {}, multipart: { a: 'x' } })
// @ts-expect-error form with body
patch(url, { form: { a: 1 }, body: 'x' })
// @ts-expect-error form with multipart
post(url, { form: { a: 1 }, multipart: { a: 'x' } })
// @ts-expect-error multipart with body
post(url, { multipart: { a: 'x' }, body: 'x' })
// @ts-expect-error json with a null body (null is a body: the empty one)
post(url, { json: {}, body: null })
// @ts-expect-error also through request()
request(url, { method: 'POST', json: {}, body: 'x' })
// @ts-expect-error also through a session
api.post(url, { json: {}, form: { a: 1 } })
// @ts-expect-error also through api.request()
api.request(url, { method: 'PUT', multipart: { a: 'x' }, form: { a: 1 } })
// @ts-expect-error a body is a RequestBody or a function returning one
post(url, { body: 42 })
// @ts-expect-error ...not a function returning something else
post(url, { body: () => 42 })
// @ts-expect-error a stream body is a byte stream
post(url, { body: new ReadableStream<string>() })
// @ts-expect-error a multipart value is a string, a Blob or [Blob, filename]
post(url, { multipart: { n: 1 } })
// ...and not only in object literals
const both = { json: { a: 1 }, body: 'x' }
// @ts-expect-error two bodies in a variable
post(url, both)
// @ts-expect-error two bodies typed as RequestOptions
const twoBodies: RequestOptions = { json: { a: 1 }, form: { a: 1 } }
// @ts-expect-error two bodies typed as MethodOptions
const twoBodiesToo: MethodOptions = { multipart: {}, body: 'x' }
void twoBodies
void twoBodiesToo

// MethodOptions is RequestOptions without `method`, body by body (a plain
// Omit over the union would merge the four bodies back into one type).
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
expectTypeOf<MethodOptions>().toExtend<DistributiveOmit<RequestOptions, 'method'>>()
expectTypeOf<DistributiveOmit<RequestOptions, 'method'>>().toExtend<MethodOptions>()
expectTypeOf<Omit<RequestOptions, 'method'>>().not.toExtend<MethodOptions>()
expectTypeOf<MethodOptions>().toExtend<RequestOptions>()
expectTypeOf<RequestOptions>().not.toExtend<MethodOptions & { method?: never }>()
expectTypeOf<NonNullable<RequestOptions['method']>>().toEqualTypeOf<string>()
expectTypeOf(post).parameter(1).toEqualTypeOf<MethodOptions | undefined>()
expectTypeOf(request).parameter(1).toEqualTypeOf<RequestOptions | undefined>()

// get() and head() take no body: NoBodyOptions
expectTypeOf(get).parameter(1).toEqualTypeOf<NoBodyOptions | undefined>()
expectTypeOf(head).parameter(1).toEqualTypeOf<NoBodyOptions | undefined>()
expectTypeOf(api.get).parameter(1).toEqualTypeOf<NoBodyOptions | undefined>()
expectTypeOf(api.head).parameter(1).toEqualTypeOf<NoBodyOptions | undefined>()
expectTypeOf<NoBodyOptions>().toExtend<MethodOptions>()
expectTypeOf<MethodOptions>().not.toExtend<NoBodyOptions>()
const query: NoBodyOptions = { params: { q: 'x' }, timeout: 5_000 }
get(url, query)
post(url, query)
// @ts-expect-error json on GET
get(url, { json: { a: 1 } })
// @ts-expect-error form on GET
get(url, { form: { a: 1 } })
// @ts-expect-error multipart on GET
get(url, { multipart: { a: 'x' } })
// @ts-expect-error body on GET
get(url, { body: 'x' })
// @ts-expect-error body on HEAD
head(url, { body: 'x' })
// @ts-expect-error json on HEAD
head(url, { json: {} })
// @ts-expect-error body on session.get
api.get(url, { body: 'x' })
// @ts-expect-error json on session.head
api.head(url, { json: {} })
// @ts-expect-error method options with a body are not GET options
get(url, { json: 1 } as MethodOptions)
const withBody = { params: { q: 'x' }, json: { a: 1 } }
// @ts-expect-error nor is a variable with a body
get(url, withBody)
// No body on GET through request(): the method is dynamic, so this compiles (and throws at run time).
request(url, { method: 'GET', json: { a: 1 } })
api.request(url, { method: 'HEAD', body: 'x' })
