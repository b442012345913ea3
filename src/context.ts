/**
 * The call's internal state, shared by the layers of one call: never in the
 * public types (a layer or auth function gets a `PreparedRequest`; at run
 * time the same object carries its `context`).
 */
import type { SureResponse } from './response.js'
import type { RetryBudget } from './resilience/budget.js'
import type { Hooks, RequestOptions, RetryOptions, TimeoutOptions } from './types.js'
import type { AttemptRecord, PreparedRequest as PublicRequest, RequestBody } from './request.js'
import type { CallScope } from './util/scope.js'

/** The request as it goes down the stack, with its call's state. */
export interface PreparedRequest extends PublicRequest {
  /** Per-call state shared by the layers. */
  readonly context: CallContext
}

/** Continues the stack with the given request. May be called more than once (retries, redirects). */
export type Next = (request: PreparedRequest) => Promise<Response>

/** A layer of the stack, as surefetch's own layers see it. */
export type Layer = (request: PreparedRequest, next: Next) => Promise<Response>

/**
 * A layer as it registers itself in a client's stack (core.ts): where it
 * sits and which calls go through it. The layer's own module declares its
 * entry; a session (or the one-shot client) adds it. See
 * docs/decisions/0001-core.md for the ranks and how to add a layer.
 */
export interface StackEntry {
  /** Position in the stack, outermost first (see `RANK`). */
  readonly rank: number
  /** Whether this call goes through the layer (read per call; stacks are cached per combination). */
  readonly wanted: (context: CallContext) => boolean
  readonly layer: Layer
}

/**
 * The stack's order, outermost first. User layers (`session.use`) sit below
 * all of them, just above the transport. The total deadline is not a layer:
 * the call's scope owns it, because it also covers reading the body. An
 * enum, not an object: bundlers write each rank in as its number, and no
 * table of ranks ends up in an app.
 */
export enum RANK {
  hooks = 10,
  coalesce = 15,
  bulkhead = 20,
  redirects = 30,
  cache = 35,
  retry = 40,
  breaker = 50,
  auth = 60,
  cookies = 70,
  attempt = 80,
}

export type { RequestBody }

/**
 * State of one call, shared by every layer and attempt of it, as
 * `request.context`.
 *
 * @example
 * ```ts
 * session.use(async (request, next) => {
 *   const response = await next(request)
 *   console.log(request.context.options.retry, request.context.attempts.length)
 *   return response
 * })
 * ```
 */
export interface CallContext {
  /** The call's merged options (library ← session ← mount ← request). */
  readonly options: ResolvedOptions
  /** Responses surefetch handled itself (redirect hops, auth challenges), oldest first. */
  readonly history: SureResponse[]
  /** One record per attempt. */
  readonly attempts: AttemptRecord[]
  /** ms from sending the last attempt until its headers arrived. */
  elapsed: number
  /** The request the transport sent last (after auth and every other layer). */
  sent: PreparedRequest | undefined
  /** `true` when surefetch follows redirects itself (the transport then asks fetch for `manual`). */
  followRedirects: boolean
  /**
   * Origin of the URL the call was made to: auth and per-request cookies are
   * applied only to requests to it (SPEC §6). `undefined` once a redirect
   * left it: credentials stay stripped for the rest of the chain, even back
   * on this origin (as requests and fetch do).
   */
  origin: string | undefined
  /**
   * The retry budget of the call's origin, when the call has one.
   * @internal
   */
  budget: RetryBudget | undefined
  /**
   * Cancellation scope of the call (user signal, session close, total deadline), when any applies.
   * @internal
   */
  scope: CallScope | undefined
}

/**
 * Hooks with every list present, as layers read them (`request.context.options.hooks`).
 *
 * @example
 * ```ts
 * session.use(async (request, next) => {
 *   const { beforeRetry } = request.context.options.hooks ?? {}   // always an array when hooks are set
 *   return next(request)
 * })
 * ```
 */
export type NormalizedHooks = { readonly [K in keyof Hooks]-?: NonNullable<Hooks[K]> }

/**
 * The call's options after merging library ← session ← mount ← request
 * (headers and `baseUrl` are applied by `prepare` and are not here), as
 * layers read them from `request.context.options`.
 *
 * @example
 * ```ts
 * session.use(async (request, next) => {
 *   const { timeout, retry } = request.context.options   // { attempt: 10000, read: 30000 }, { limit: 2 }
 *   return next(request)
 * })
 * ```
 */
export interface ResolvedOptions
  extends Omit<RequestOptions, 'headers' | 'baseUrl' | 'hooks' | 'timeout' | 'retry' | 'throwHttpErrors' | 'redirect' | 'maxRedirects'> {
  /** Always set: the merge base (options.ts `DEFAULTS`) has the library default, and `undefined` never overrides. */
  throwHttpErrors: boolean | ((status: number) => boolean)
  redirect: 'follow' | 'manual' | 'error'
  maxRedirects: number
  /** Every hook list of every layer, concatenated (session first). */
  hooks?: NormalizedHooks | undefined
  /** The phases in ms, or `false`; a number given as `timeout` is here `{ total }`. */
  timeout?: TimeoutOptions | false | undefined
  /** The policy, or `false`; a number given as `retry` is here `{ limit }`. */
  retry?: RetryOptions | false | undefined
}
