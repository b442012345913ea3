/**
 * surefetch: Python's requests (with urllib3's Retry) rebuilt for the WHATWG
 * `fetch` world — one-shot functions (`get`, `post` …), sessions, timeouts,
 * retries, streaming, auth, cookies, and failure isolation, for browsers,
 * Cloudflare Workers, Deno, Bun and Node ≥ 20.
 *
 * @example
 * ```ts
 * import { get, HTTPError, Session } from 'surefetch'
 *
 * const repos = await get('https://api.github.com/users/octocat/repos', { params: { per_page: 5 } }).json()
 *
 * const api = new Session({ baseUrl: 'https://api.example.com/v1', auth: ['alice', 'secret'] })
 * await api.post('items', { json: { name: 'thing' } })
 * ```
 *
 * @packageDocumentation
 * @module surefetch
 */
export { del, get, head, options, patch, post, put, request } from './api.js'
export { Session, type SessionOptions } from './session.js'
export { SureResponse } from './response.js'
export type { ResponsePromise } from './response-promise.js'
export { CircuitOpenError, NetworkError, RequestError, TimeoutError, type SchemaIssue, type TimeoutPhase } from './errors.js'
export { HTTPError, ParseError, TooManyRedirectsError } from './response.js'
export { basicAuth } from './auth/basic.js'
export { CookieJar, type Cookie, type CookieJarJSON, type CookieJarOptions } from './cookies/jar.js'
export type { RetryBudgetOptions } from './resilience/budget.js'
export { bearerAuth, type BearerOptions, type TokenSource } from './auth/bearer.js'
export { BulkheadRejectedError } from './resilience/bulkhead.js'
export { digestAuth } from './auth/digest.js'
export { cacheApiStore, type CacheApiStoreOptions } from './cache/cache-api.js'
export type { CacheEntry, CachedResponse, CacheStatus, CacheStore, HttpCacheOptions } from './cache/types.js'
export type { StandardSchemaV1 } from './standard-schema.js'
export type { Link } from './util/links.js'
export type { LinesOptions, NdjsonOptions } from './stream/iterate.js'
export type { ServerSentEvent, SseOptions } from './stream/sse.js'
export type {
  AttemptRecord,
  Auth,
  AuthExchange,
  AuthFunction,
  BackoffOptions,
  BaseOptions,
  BreakerOptions,
  CircuitState,
  CircuitStatus,
  DownloadProgress,
  HeadersOption,
  MethodOptions,
  Hooks,
  Layer,
  MultipartValue,
  Next,
  NoBodyOptions,
  ParamsInit,
  ParamValue,
  PreparedRequest,
  RequestBody,
  RequestOptions,
  RetryContext,
  RetryOptions,
  TimeoutOptions,
  UploadProgress,
} from './types.js'
