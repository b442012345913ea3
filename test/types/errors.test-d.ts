// Type-level tests (compiled by `tsc -p test/types/tsconfig.json`, never run):
// the errors a call rejects with.
import { expectTypeOf } from 'vitest'
import {
  type AttemptRecord,
  type BulkheadRejectedError,
  type CircuitOpenError,
  get,
  HTTPError,
  NetworkError,
  type ParseError,
  type PreparedRequest,
  RequestError,
  type SchemaIssue,
  type SureResponse,
  TimeoutError,
  type TimeoutPhase,
  type TooManyRedirectsError,
} from '../../src/index.js'

// Every error class extends RequestError (and Error).
expectTypeOf<HTTPError>().toExtend<RequestError>()
expectTypeOf<TimeoutError>().toExtend<RequestError>()
expectTypeOf<NetworkError>().toExtend<RequestError>()
expectTypeOf<CircuitOpenError>().toExtend<RequestError>()
expectTypeOf<ParseError>().toExtend<RequestError>()
expectTypeOf<TooManyRedirectsError>().toExtend<RequestError>()
expectTypeOf<BulkheadRejectedError>().toExtend<RequestError>()
expectTypeOf<RequestError>().toExtend<Error>()
// ...and the subclasses are not interchangeable.
expectTypeOf<RequestError>().not.toExtend<HTTPError>()
expectTypeOf<NetworkError>().not.toExtend<TimeoutError>()

declare const request: PreparedRequest
declare const response: SureResponse

// The fields a user reads
declare const httpError: HTTPError
expectTypeOf(httpError.response).toEqualTypeOf<SureResponse>()
expectTypeOf(httpError.status).toEqualTypeOf<number>()
expectTypeOf(httpError.retryAfter).toEqualTypeOf<number | undefined>()
expectTypeOf<Pick<HTTPError, 'retryAfter'>>().toEqualTypeOf<{ retryAfter?: number }>()
expectTypeOf(httpError.request).toEqualTypeOf<PreparedRequest>()
expectTypeOf(httpError.attempts).toEqualTypeOf<number>()
expectTypeOf(httpError.history).toEqualTypeOf<AttemptRecord[]>()
expectTypeOf(httpError.toJSON()).toEqualTypeOf<Record<string, unknown>>()
// @ts-expect-error the response is read-only
httpError.response = response

declare const timeoutError: TimeoutError
expectTypeOf(timeoutError.phase).toEqualTypeOf<TimeoutPhase>()
expectTypeOf<TimeoutPhase>().toEqualTypeOf<'total' | 'attempt' | 'read'>()
expectTypeOf(timeoutError.timeout).toEqualTypeOf<number>()

declare const parseError: ParseError
expectTypeOf(parseError.response).toEqualTypeOf<SureResponse>()
expectTypeOf(parseError.snippet).toEqualTypeOf<string>()
expectTypeOf(parseError.issues).toEqualTypeOf<readonly SchemaIssue[] | undefined>()

declare const circuitError: CircuitOpenError
expectTypeOf(circuitError.origin).toEqualTypeOf<string>()
expectTypeOf(circuitError.retryAt).toEqualTypeOf<number>()

declare const redirectsError: TooManyRedirectsError
expectTypeOf(redirectsError.response).toEqualTypeOf<SureResponse>()

// error.request is the public PreparedRequest: the internal call context is not part of it.
expectTypeOf(httpError.request.url).toEqualTypeOf<string>()
expectTypeOf(httpError.request.headers).toEqualTypeOf<Headers>()
// @ts-expect-error no context on the public request
void httpError.request.context
// @ts-expect-error nor on a response's request
void response.request.context

// instanceof narrows an unknown rejection
export async function narrowing(): Promise<void> {
  try {
    await get('https://api.example.com/items')
  } catch (error) {
    expectTypeOf(error).toBeUnknown()
    if (error instanceof HTTPError) {
      expectTypeOf(error).toEqualTypeOf<HTTPError>()
      expectTypeOf(error.status).toBeNumber()
    } else if (error instanceof TimeoutError) {
      expectTypeOf(error.phase).toEqualTypeOf<TimeoutPhase>()
    } else if (error instanceof RequestError) {
      expectTypeOf(error.request).toEqualTypeOf<PreparedRequest>()
    }
  }
}

// Constructors, for tests and hooks that raise these errors
expectTypeOf(new HTTPError(response)).toEqualTypeOf<HTTPError>()
expectTypeOf(new TimeoutError(request, 'read', 30_000)).toEqualTypeOf<TimeoutError>()
expectTypeOf(new NetworkError(request, new TypeError('fetch failed'))).toEqualTypeOf<NetworkError>()
expectTypeOf(new RequestError('failed — GET https://x/', request)).toEqualTypeOf<RequestError>()
// @ts-expect-error not a phase
void new TimeoutError(request, 'connect', 1_000)
// @ts-expect-error an HTTPError is made from a response
void new HTTPError(request)
