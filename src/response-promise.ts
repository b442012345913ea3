import type { SureResponse } from './response.js'
import type { StandardSchemaV1 } from './standard-schema.js'

/**
 * What every call returns: a `Promise<SureResponse>` with body shortcuts, so
 * that `await get(url).json()` is one line.
 *
 * @example
 * ```ts
 * const user = await get('https://api.github.com/user', { auth }).json<{ login: string }>()
 * const page = await get('https://httpbin.org/html').text()
 * const response = await get('https://httpbin.org/get')   // or await the SureResponse itself
 * ```
 */
export interface ResponsePromise extends Promise<SureResponse> {
  /** The body parsed as JSON (typed as `T`, unchecked); see `SureResponse.json`. */
  json<T = unknown>(): Promise<T>
  /** The body parsed as JSON and validated by a Standard Schema (zod, valibot, arktype …). */
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>
  /** The body decoded as text (the response's `encoding`). */
  text(): Promise<string>
  /** The body as bytes. */
  bytes(): Promise<Uint8Array>
  /** The body as an `ArrayBuffer`. */
  arrayBuffer(): Promise<ArrayBuffer>
  /** The body as a `Blob`. */
  blob(): Promise<Blob>
}

/**
 * What a call's shortcut asks for: `.json()` and `.text()` called before the
 * request goes out (in the same tick as the call, as in `get(url).json()`)
 * set `accept`, which the call sends unless the caller set an `Accept` header.
 */
export interface Reader {
  accept?: string
}

type Decorated = Promise<SureResponse> & { reader: Reader }

// Shared methods (one function each, not a closure per call) attached to the
// native promise: cheaper than subclassing Promise, and `await` still sees a
// real Promise.
function json(this: Decorated, schema?: StandardSchemaV1): Promise<unknown> {
  this.reader.accept = 'application/json'
  // `json(undefined)` is `json()`.
  return this.then((response) => response.json(schema as StandardSchemaV1))
}
function text(this: Decorated): Promise<string> {
  this.reader.accept = 'text/*'
  return this.then((response) => response.text())
}
function bytes(this: Promise<SureResponse>): Promise<Uint8Array> {
  return this.then((response) => response.bytes())
}
function arrayBuffer(this: Promise<SureResponse>): Promise<ArrayBuffer> {
  return this.then((response) => response.arrayBuffer())
}
function blob(this: Promise<SureResponse>): Promise<Blob> {
  return this.then((response) => response.blob())
}

export function toResponsePromise(promise: Promise<SureResponse>, reader: Reader): ResponsePromise {
  const decorated = promise as ResponsePromise & Record<string, unknown>
  decorated.reader = reader
  decorated.json = json
  decorated.text = text
  decorated.bytes = bytes
  decorated.arrayBuffer = arrayBuffer
  decorated.blob = blob
  return decorated
}
