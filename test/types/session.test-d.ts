// Type-level tests (compiled by `tsc -p test/types/tsconfig.json`, never run):
// sessions, layers, hooks and auth.
import { expectTypeOf } from 'vitest'
import {
  type Auth,
  type AuthExchange,
  type AuthFunction,
  basicAuth,
  bearerAuth,
  type CircuitStatus,
  CookieJar,
  digestAuth,
  get,
  type Hooks,
  type Layer,
  type Next,
  type PreparedRequest,
  RequestError,
  type ResponsePromise,
  type RetryContext,
  Session,
  type SessionOptions,
  SureResponse,
} from '../../src/index.js'

// Constructor options
const api = new Session({
  baseUrl: 'https://api.example.com/v1',
  headers: { accept: 'application/json', 'x-removed': null },
  params: { v: 2 },
  auth: ['alice', 'secret'],
  timeout: { attempt: 5_000, total: 30_000 },
  retry: { limit: 3, budget: { ratio: 0.2, minPerSecond: 10 } },
  breaker: { threshold: 5, cooldown: 30_000, onStateChange: ({ origin, from, to }) => console.log(origin, from, to) },
  maxConcurrent: 16,
  maxQueue: 64,
  cookies: new CookieJar(),
  throwHttpErrors: (status) => status >= 500,
  cache: 'no-store',
})
void new Session()
void new Session({ cookies: false })
void new Session({ cookies: { session: 'abc', removed: null } })
void new Session({ baseUrl: new URL('https://api.example.com') })
// @ts-expect-error maxConcurrent is a number
void new Session({ maxConcurrent: 'many' })
// @ts-expect-error cookies are a jar, false or a record
void new Session({ cookies: true })
// @ts-expect-error a session has no body
void new Session({ json: {} })
// @ts-expect-error nor a method
void new Session({ method: 'POST' })
expectTypeOf<ConstructorParameters<typeof Session>>().toEqualTypeOf<[options?: SessionOptions]>()

// Methods
expectTypeOf(api.get('/items')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.post('/items', { json: { name: 'thing' } })).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.put('/items/1', { form: { name: 'thing' } })).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.patch('/items/1', { body: '{}' })).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.delete('/items/1')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.head('/items')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.options('/items')).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.request('/items', { method: 'PURGE' })).toEqualTypeOf<ResponsePromise>()
expectTypeOf(api.mount('https://api.example.com/v1/search', { timeout: 2_000 })).toEqualTypeOf<Session>()
expectTypeOf(api.extend({ headers: { 'x-role': 'admin' } })).toEqualTypeOf<Session>()
expectTypeOf(api.circuit('https://api.example.com')).toEqualTypeOf<CircuitStatus>()
expectTypeOf(api.closed).toEqualTypeOf<boolean>()
expectTypeOf(api.headers).toEqualTypeOf<Headers>()
expectTypeOf(api.cookies).toEqualTypeOf<CookieJar>()
expectTypeOf(api.close()).toEqualTypeOf<void>()
// @ts-expect-error a mount cannot set baseUrl
api.mount('https://api.example.com/v1', { baseUrl: 'https://other.example.com' })
// @ts-expect-error `del` is the one-shot function; the method is `delete`
void api.del('/items/1')

// Layers
const timing: Layer = async (request, next) => {
  expectTypeOf(request).toEqualTypeOf<PreparedRequest>()
  expectTypeOf(next).toEqualTypeOf<Next>()
  const response = await next(request)
  expectTypeOf(response).toEqualTypeOf<Response>()
  return response
}
expectTypeOf(api.use(timing)).toEqualTypeOf<Session>()
api.use(async (request, next) => next({ ...request, headers: new Headers(request.headers) }))
expectTypeOf<Layer>().toEqualTypeOf<(request: PreparedRequest, next: Next) => Promise<Response>>()
// @ts-expect-error a layer returns a promise of a native Response
api.use((request) => request)
// @ts-expect-error ...not of a SureResponse
api.use(async (request, next) => new SureResponse(await next(request), request))

// Hooks: the four signatures
type Hook<K extends keyof Hooks> = NonNullable<Hooks[K]>[number]
expectTypeOf<Hook<'beforeRequest'>>().parameters.toEqualTypeOf<[request: PreparedRequest]>()
expectTypeOf<Hook<'beforeRequest'>>().returns.toEqualTypeOf<
  PreparedRequest | Response | undefined | void | Promise<PreparedRequest | Response | undefined | void>
>()
expectTypeOf<Hook<'afterResponse'>>().parameters.toEqualTypeOf<[response: SureResponse, request: PreparedRequest]>()
expectTypeOf<Hook<'afterResponse'>>().returns.toEqualTypeOf<SureResponse | undefined | void | Promise<SureResponse | undefined | void>>()
expectTypeOf<Hook<'beforeRetry'>>().parameters.toEqualTypeOf<[context: RetryContext]>()
expectTypeOf<Hook<'beforeRetry'>>().returns.toEqualTypeOf<void | Promise<void>>()
expectTypeOf<Hook<'beforeError'>>().parameters.toEqualTypeOf<[error: RequestError]>()
expectTypeOf<Hook<'beforeError'>>().returns.toEqualTypeOf<RequestError | Promise<RequestError>>()
expectTypeOf<RetryContext>().toEqualTypeOf<{
  readonly request: PreparedRequest
  readonly attempt: number
  readonly error?: RequestError | undefined
  readonly response?: SureResponse | undefined
  readonly delay: number
}>()

// ...as a user writes them
void new Session({
  hooks: {
    beforeRequest: [
      (request) => void request.headers.set('x-request-id', crypto.randomUUID()),
      async () => new Response('{}'),
      (request) => ({ ...request, url: `${request.url}?v=2` }),
    ],
    afterResponse: [(response, request) => console.log(response.status, request.url), async (response) => response],
    beforeRetry: [({ attempt, delay, response, error }) => console.log(attempt, delay, response?.status, error?.message)],
    beforeError: [(error) => error, async (error) => new RequestError(error.message, error.request)],
  },
})
// @ts-expect-error beforeError returns the error to throw
void new Session({ hooks: { beforeError: [(error) => console.log(error)] } })
// @ts-expect-error afterResponse returns a SureResponse, not a native Response
void new Session({ hooks: { afterResponse: [() => new Response('{}')] } })
// @ts-expect-error hooks are lists
void new Session({ hooks: { beforeRequest: (request: PreparedRequest) => request } })
get('https://api.example.com', { hooks: { afterResponse: [(response) => void expectTypeOf(response).toEqualTypeOf<SureResponse>()] } })

// Auth
expectTypeOf(basicAuth('u', 'p')).toEqualTypeOf<AuthFunction>()
expectTypeOf(digestAuth('u', 'p')).toEqualTypeOf<AuthExchange>()
expectTypeOf(bearerAuth('t0k3n')).toEqualTypeOf<AuthExchange>()
void new Session({ auth: ['user', 'pass'] })
void new Session({ auth: (request) => void request.headers.set('x-api-key', 'k3y') })
void new Session({ auth: async (request) => ({ ...request, url: `${request.url}&sig=1` }) })
void new Session({ auth: basicAuth('user', 'pass') })
void new Session({ auth: digestAuth('user', 'pass') })
void new Session({ auth: bearerAuth('t0k3n') })
void new Session({ auth: bearerAuth(async () => 't0k3n', { refreshCooldown: 5_000 }) })
void new Session({ auth: null })
get('https://api.example.com', { auth: ['user', 'pass'] })
get('https://api.example.com', { auth: null })
api.auth = ['user', 'pass']
api.auth = bearerAuth('t0k3n')
api.auth = null
expectTypeOf<Session['auth']>().toEqualTypeOf<Auth | null | undefined>()
// @ts-expect-error a pair needs a password
void new Session({ auth: ['user'] })
// @ts-expect-error not a credential
void new Session({ auth: 42 })
// @ts-expect-error not 'user:pass'
void new Session({ auth: 'user:pass' })
// @ts-expect-error three is not a pair
get('https://api.example.com', { auth: ['user', 'pass', 'realm'] })
// @ts-expect-error not on the setter either
api.auth = ['user']
// @ts-expect-error bearerAuth takes a token or a function returning one
void bearerAuth(42)
