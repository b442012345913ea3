// Type-level tests of the published types: `surefetch` is dist/index.d.ts
// here (tsconfig.dist.json), so this checks what users compile against —
// the bundled declarations, not the sources. Compiled, never run:
//   npm run build && npx tsc --noEmit -p test/types/tsconfig.dist.json
// The other files of this folder test the sources in depth; this one repeats
// the checks that a declaration bundler could break (unions, overloads,
// inlined helpers, internal types leaking into the public ones).
import { expectTypeOf } from 'vitest'
import {
  bearerAuth,
  digestAuth,
  get,
  head,
  type HTTPError,
  type Layer,
  type MethodOptions,
  type NoBodyOptions,
  post,
  type PreparedRequest,
  request,
  type RequestError,
  type RequestOptions,
  type ResponsePromise,
  type RetryContext,
  type ServerSentEvent,
  Session,
  type StandardSchemaV1,
  SureResponse,
  type TimeoutError,
  type TimeoutPhase,
} from 'surefetch'

const url = 'https://api.example.com/items'
const api = new Session({ baseUrl: 'https://api.example.com', auth: ['u', 'p'], timeout: { attempt: 5_000 }, retry: 3 })
declare const User: StandardSchemaV1<unknown, { id: number }>

// Calls and bodies
expectTypeOf(get(url)).toEqualTypeOf<ResponsePromise>()
expectTypeOf(get(url)).resolves.toEqualTypeOf<SureResponse>()
expectTypeOf(api.post('/items', { json: {} })).toEqualTypeOf<ResponsePromise>()
expectTypeOf(get(url).json<{ id: number }>()).toEqualTypeOf<Promise<{ id: number }>>()
expectTypeOf(get(url).json(User)).toEqualTypeOf<Promise<{ id: number }>>()
expectTypeOf(get(url).text()).toEqualTypeOf<Promise<string>>()
declare const response: SureResponse
expectTypeOf(response.json(User)).toEqualTypeOf<Promise<{ id: number }>>()
expectTypeOf(response.lines()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>()
expectTypeOf(response.ndjson<{ id: number }>()).toEqualTypeOf<AsyncGenerator<{ id: number }, void, undefined>>()
expectTypeOf(response.sse()).toEqualTypeOf<AsyncGenerator<ServerSentEvent, void, undefined>>()
void new SureResponse(new Response('{}'), response.request, [], 1, 0)
// @ts-expect-error no internal sixth argument
void new SureResponse(new Response('{}'), response.request, [], 1, 0, {})

// Errors
declare const httpError: HTTPError
expectTypeOf(httpError).toExtend<RequestError>()
expectTypeOf(httpError.response).toEqualTypeOf<SureResponse>()
expectTypeOf(httpError.retryAfter).toEqualTypeOf<number | undefined>()
expectTypeOf<TimeoutError['phase']>().toEqualTypeOf<TimeoutPhase>()
expectTypeOf(httpError.request).toEqualTypeOf<PreparedRequest>()
// @ts-expect-error the internal context is not in the public types
void httpError.request.context

// Options
post(url, { json: {} })
post(url, { body: 'x' })
request(url, { method: 'GET', json: {} })
// @ts-expect-error json with body
post(url, { json: {}, body: 'x' })
// @ts-expect-error form with multipart, typed as RequestOptions
const twoBodies: RequestOptions = { form: {}, multipart: {} }
void twoBodies
// @ts-expect-error multipart with body, through a session
api.put('/items/1', { multipart: {}, body: 'x' })
// @ts-expect-error a body on GET
get(url, { json: {} })
// @ts-expect-error a body on HEAD
head(url, { body: 'x' })
// @ts-expect-error a body on session.get
api.get('/items', { form: {} })
expectTypeOf<NoBodyOptions>().toExtend<MethodOptions>()
expectTypeOf<MethodOptions>().toExtend<RequestOptions>()
expectTypeOf<MethodOptions>().not.toExtend<NoBodyOptions>()
get(url, { timeout: false, retry: { limit: 2, backoff: { jitter: 'none' } } })
// @ts-expect-error timeout is a number, phases or false
get(url, { timeout: 'x' })

// Sessions
const layer: Layer = async (request, next) => next(request)
expectTypeOf(api.use(layer)).toEqualTypeOf<Session>()
void new Session({
  auth: digestAuth('u', 'p'),
  hooks: {
    beforeRetry: [(context) => void expectTypeOf(context).toEqualTypeOf<RetryContext>()],
    beforeError: [(error) => error],
  },
})
void new Session({ auth: bearerAuth(async () => 't0k3n') })
void new Session({ auth: (request) => void request.headers.set('x-api-key', 'k') })
// @ts-expect-error a pair needs a password
void new Session({ auth: ['u'] })
// @ts-expect-error not a credential
void new Session({ auth: 42 })
