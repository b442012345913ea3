// Type-level tests (compiled by `tsc -p test/types/tsconfig.json`, never run):
// what a call returns and how its body is read.
import { expectTypeOf } from 'vitest'
import {
  del,
  get,
  head,
  options,
  patch,
  post,
  put,
  request,
  Session,
  SureResponse,
  type Link,
  type PreparedRequest,
  type ResponsePromise,
  type ServerSentEvent,
  type StandardSchemaV1,
} from '../../src/index.js'

const url = 'https://api.example.com/items'
const api = new Session({ baseUrl: 'https://api.example.com' })

interface User {
  login: string
  id: number
}
/** A schema whose input and output differ (as a zod `.transform()` would), so that inference must pick the output. */
declare const UserSchema: StandardSchemaV1<{ login: string; id: string }, User>

// Every call returns a ResponsePromise: a Promise<SureResponse> with body shortcuts.
expectTypeOf(get).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(post).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(put).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(patch).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(del).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(head).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(options).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(request).returns.toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.get('/items')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.delete('/items/1')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.request('/items', { method: 'PURGE' })).toEqualTypeOf<ResponsePromise>()
expectTypeOf<ResponsePromise>().toExtend<Promise<SureResponse>>()
expectTypeOf(get(url)).resolves.toEqualTypeOf<SureResponse>()
// @ts-expect-error the input is a string or a URL, not a Request
get(new Request(url))

export async function awaited(): Promise<void> {
  const response = await get(url)
  expectTypeOf(response).toEqualTypeOf<SureResponse>()
  expectTypeOf(await api.post('/items', { json: {} })).toEqualTypeOf<SureResponse>()

  // Shortcuts on the promise
  expectTypeOf(get(url).json()).toEqualTypeOf<Promise<unknown>>()
  expectTypeOf(get(url).json<User>()).toEqualTypeOf<Promise<User>>()
  expectTypeOf(get(url).json(UserSchema)).toEqualTypeOf<Promise<User>>()
  expectTypeOf(get(url).text()).toEqualTypeOf<Promise<string>>()
  expectTypeOf(get(url).bytes()).toEqualTypeOf<Promise<Uint8Array>>()
  expectTypeOf(get(url).arrayBuffer()).toEqualTypeOf<Promise<ArrayBuffer>>()
  expectTypeOf(get(url).blob()).toEqualTypeOf<Promise<Blob>>()
  const user = await get(url).json(UserSchema)
  expectTypeOf(user.id).toBeNumber()
  // @ts-expect-error a schema is a Standard Schema, not any object with a parse method
  get(url).json({ parse: (value: unknown) => value })
  // @ts-expect-error the streams are on the response, not on the promise
  get(url).lines()

  // The same on the response
  expectTypeOf(response.json()).toEqualTypeOf<Promise<unknown>>()
  expectTypeOf(response.json<User>()).toEqualTypeOf<Promise<User>>()
  expectTypeOf(response.json(UserSchema)).toEqualTypeOf<Promise<User>>()
  expectTypeOf(response.text()).toEqualTypeOf<Promise<string>>()
  expectTypeOf(response.bytes()).toEqualTypeOf<Promise<Uint8Array>>()
  expectTypeOf(response.formData()).toEqualTypeOf<Promise<FormData>>()
  expectTypeOf(response.lines()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>()
  expectTypeOf(response.lines({ delimiter: '\0' })).toEqualTypeOf<AsyncGenerator<string, void, undefined>>()
  expectTypeOf(response.chunks(1024)).toEqualTypeOf<AsyncGenerator<Uint8Array, void, undefined>>()
  expectTypeOf(response.ndjson()).toEqualTypeOf<AsyncGenerator<unknown, void, undefined>>()
  expectTypeOf(response.ndjson<User>()).toEqualTypeOf<AsyncGenerator<User, void, undefined>>()
  expectTypeOf(response.sse()).toEqualTypeOf<AsyncGenerator<ServerSentEvent, void, undefined>>()
  for await (const event of response.sse()) {
    expectTypeOf(event).toEqualTypeOf<ServerSentEvent>()
    expectTypeOf(event.data).toBeString()
    expectTypeOf(event.retry).toEqualTypeOf<number | undefined>()
  }
  for await (const line of response.lines()) expectTypeOf(line).toBeString()
  for await (const item of response.ndjson<User>()) expectTypeOf(item).toEqualTypeOf<User>()

  // Response fields
  expectTypeOf(response.status).toBeNumber()
  expectTypeOf(response.ok).toBeBoolean()
  expectTypeOf(response.headers).toEqualTypeOf<Headers>()
  expectTypeOf(response.raw).toEqualTypeOf<Response>()
  expectTypeOf(response.request).toEqualTypeOf<PreparedRequest>()
  expectTypeOf(response.history).toEqualTypeOf<SureResponse[]>()
  expectTypeOf(response.links).toEqualTypeOf<Record<string, Link>>()
  expectTypeOf(response.body).toEqualTypeOf<ReadableStream<Uint8Array> | null>()
  expectTypeOf(response.raiseForStatus()).toEqualTypeOf<SureResponse>()
  expectTypeOf(response.clone()).toEqualTypeOf<SureResponse>()
  response.encoding = 'latin1'
  // @ts-expect-error status is read-only
  response.status = 200

  // A response built by hand (an afterResponse hook that answers itself)
  const raw = new Response('{}')
  expectTypeOf(new SureResponse(raw, response.request)).toEqualTypeOf<SureResponse>()
  void new SureResponse(raw, response.request, [], 1, 0)
  // @ts-expect-error the body policy is internal: no sixth argument
  void new SureResponse(raw, response.request, [], 1, 0, {})
  // @ts-expect-error a SureResponse wraps a native Response
  void new SureResponse('{}', response.request)
}
