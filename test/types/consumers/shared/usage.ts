// What any project can write, compiled by every consumer of check.mjs:
// 'surefetch' is the built package (dist/*.d.ts, through package.json's
// `exports`, or `types`/`typesVersions` under node10). Each
// `@ts-expect-error` fails the check if its line compiles, so a header or
// body type that decays to `any` (a DOM name missing, skipLibCheck) is caught.
import {
  get,
  type HeadersOption,
  HTTPError,
  type MethodOptions,
  post,
  type RequestBody,
  type RequestOptions,
  Session,
  type SureResponse,
} from 'surefetch'

const url = 'https://api.example.com/items'
const api = new Session({ baseUrl: 'https://api.example.com', headers: { accept: 'application/json' }, retry: 3 })

export async function usage(): Promise<void> {
  // Headers: a record (null/undefined removes an inherited one), pairs, or the platform's Headers
  await get(url, { headers: { 'x-a': '1', 'x-b': null, 'x-c': undefined } })
  await get(url, { headers: [['x-a', '1'], ['x-a', '2']] })
  await get(url, { headers: new Headers({ 'x-a': '1' }) })
  await api.get('/items', { headers: api.headers })
  const headers: HeadersOption = { accept: 'text/plain' }
  await api.extend({ headers }).get('/items')
  // @ts-expect-error a header value is a string, not a number
  await get(url, { headers: { 'x-n': 5 } })
  // @ts-expect-error also on a session
  new Session({ headers: { 'x-n': 5 } })
  // @ts-expect-error pairs are of strings
  await get(url, { headers: [['x-n', 5]] })
  // @ts-expect-error headers are not a string
  await get(url, { headers: 'x-a: 1' })

  // Bodies: the platform's body types, or a function returning one (replayable)
  await post(url, { body: 'text' })
  await post(url, { body: new Uint8Array([1, 2, 3]) })
  await post(url, { body: new ArrayBuffer(8) })
  await post(url, { body: new DataView(new ArrayBuffer(8)) })
  await post(url, { body: new Blob(['a,b\n'], { type: 'text/csv' }) })
  await post(url, { body: new FormData() })
  await post(url, { body: new URLSearchParams({ a: '1' }) })
  await post(url, { body: new ReadableStream<Uint8Array>() })
  await post(url, { body: () => new Uint8Array([1]) })
  await post(url, { body: null })
  await post(url, { multipart: { note: 'Q3', report: [new Blob(['a']), 'report.csv'] } })
  const body: RequestBody = 'x'
  await api.put('/items/1', { body })
  // @ts-expect-error a number is not a body
  await post(url, { body: 42 })
  // @ts-expect-error an object is not a body (that is `json`)
  await post(url, { body: { a: 1 } })
  // @ts-expect-error nor is a function that returns a number
  await post(url, { body: () => 42 })
  // @ts-expect-error also through request() and a session
  await api.request('/items', { method: 'POST', body: 42 })
  // @ts-expect-error a stream of strings is not a byte stream
  await post(url, { body: new ReadableStream<string>() })

  // fetch's own options, passed through, with their value sets
  await get(url, {
    cache: 'no-store',
    credentials: 'include',
    integrity: 'sha384-abc',
    keepalive: true,
    mode: 'cors',
    priority: 'high',
    referrer: '',
    referrerPolicy: 'no-referrer',
    signal: AbortSignal.timeout(5_000),
  })
  // @ts-expect-error not a cache mode
  await get(url, { cache: 'sometimes' })
  // @ts-expect-error not a credentials mode
  new Session({ credentials: 'always' })
  // Runtime extras, accepted everywhere (the runtime that does not know one ignores it)
  await get(url, { cf: { cacheTtl: 60, cacheEverything: true } })
  new Session({ proxy: 'http://proxy.internal:3128', tls: { rejectUnauthorized: false } })
  // @ts-expect-error an unknown option is still a typo
  await get(url, { retries: 3 })

  // What comes back is the platform's own types
  const response: SureResponse = await get(url)
  const status: number = response.status
  const received: Headers = response.headers
  const native = new Response(response.body, { status, headers: received })
  const data = await get(url).json<{ id: number }>()
  const id: number = data.id
  const options: MethodOptions = { json: { id }, timeout: 5_000 }
  const generic: RequestOptions = { method: 'PATCH', ...options }
  await api.request('/items', generic)
  try {
    await api.get('/missing')
  } catch (error) {
    if (error instanceof HTTPError) void error.response.status
  }
  void native
}
