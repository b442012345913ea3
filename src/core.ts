/**
 * One call, end to end: resolve options, prepare the request, run the layer
 * stack, wrap the response, apply `afterResponse`, `throwHttpErrors` and
 * `beforeError`. Shared by the one-shot functions and `Session`, which differ
 * only in the `Client` they pass.
 */
import { RequestError } from './errors.js'
import { attemptEntry } from './layers/attempt.js'
import { authEntry } from './layers/auth.js'
import { beforeRequestEntry, runAfterResponse, runBeforeError } from './layers/hooks.js'
import { retryEntry } from './layers/retry.js'
import { transport } from './layers/transport.js'
import { DEFAULTS, mergeOptions, validateOptions } from './options.js'
import { applyHeaders, applyParams, buildUrl, createRequest, dropBody, takeCredentials } from './prepare.js'
import { type Reader, type ResponsePromise, toResponsePromise } from './response-promise.js'
import { guarded, HTTPError, type SureResponse, stamp } from './response.js'
import type { RetryBudgets } from './resilience/budget.js'
import type { CallContext, Layer, Next, PreparedRequest, ResolvedOptions, StackEntry } from './context.js'
import type { RequestOptions } from './types.js'
import { CallScope, type Lifetime } from './util/scope.js'

/** A `mount()`ed prefix: options for every URL under it. */
export interface Mount {
  readonly origin: string
  /** Path prefix without a trailing `/` ('' for the whole origin). */
  readonly path: string
  readonly options: RequestOptions
  /** The session defaults with this mount's options merged on top. */
  resolved: ResolvedOptions
}

/** Everything a call needs from its session (or from the one-shot defaults; the optional fields are a session's). */
export interface Client {
  /** Library defaults ← session options (without headers and baseUrl). */
  defaults: ResolvedOptions
  baseUrl?: string | URL | undefined
  /** The session's mutable headers. */
  headers?: Headers | undefined
  /** Longest path first. */
  mounts: Mount[]
  /** Finds the mount for a URL (a session's `findMount`; one-shot calls have no mounts, nor this code). */
  match?: (mounts: readonly Mount[], url: URL) => Mount | undefined
  /** The registered layers, by rank (outermost first); each call goes through those it wants. */
  entries: readonly StackEntry[]
  /** User layers, run just above the transport, in `use()` order. */
  layers: Layer[]
  /** The session's lifetime, ended by `session.close()`. */
  lifetime?: Lifetime | undefined
  /** Composed stacks, by the set of entries they contain (bit i: `entries[i]`). */
  stacks: Map<number, Next>
  /** Whether a cookie jar handles cookies (per-request `cookies` are then merged by its layer). */
  jar?: boolean
  budgets?: RetryBudgets | undefined
}

export function createClient(defaults: ResolvedOptions = DEFAULTS): Client {
  return {
    defaults,
    mounts: [],
    entries: BASE_ENTRIES,
    layers: [],
    stacks: new Map(),
  }
}

/** Sends one request through the client's stack. */
export function send(
  client: Client,
  method: string,
  input: string | URL,
  options: RequestOptions | undefined,
): ResponsePromise {
  const reader: Reader = {}
  return toResponsePromise(call(client, method, input, options, reader), reader)
}

async function call(
  client: Client,
  method: string,
  input: string | URL,
  options: RequestOptions | undefined,
  reader: Reader,
): Promise<SureResponse> {
  const lifetime = client.lifetime
  if (lifetime?.closed) throw lifetime.reason
  if (options !== undefined) validateOptions(options, 'request')
  const url = buildUrl(input, options?.baseUrl ?? client.baseUrl)
  const mount = client.match?.(client.mounts, url)
  const resolved = mergeOptions(mount ? mount.resolved : client.defaults, options)
  const credentials = takeCredentials(url)
  const merged = credentials && !resolved.auth ? { ...resolved, auth: credentials } : resolved
  applyParams(url, merged.params)

  const headers = new Headers(client.headers)
  if (mount) applyHeaders(headers, mount.options.headers)
  if (options?.headers !== undefined) applyHeaders(headers, options.headers)

  const userSignal = merged.signal ?? undefined
  if (userSignal?.aborted) {
    // fetch cancels a stream body when its signal was aborted before it started.
    dropBody(merged, userSignal.reason)
    throw userSignal.reason
  }
  const timeout = merged.timeout
  const total = timeout ? timeout.total : undefined
  const read = timeout ? timeout.read : undefined
  const context: CallContext = {
    options: merged,
    history: [],
    attempts: [],
    elapsed: 0,
    sent: undefined,
    followRedirects: false,
    budget: merged.retry && merged.retry.budget ? client.budgets?.for(url.origin) : undefined,
    origin: url.origin,
    scope: undefined,
  }
  const request = createRequest(method.toUpperCase(), url, headers, context, !client.jar)

  // Neither the user's nor the session's signal is handed to fetch: runtimes
  // keep a listener per request on the signal they get, and these may live for
  // millions of calls. The scope links them only while work is in progress.
  let scope: CallScope | undefined
  if (userSignal || lifetime || total !== undefined || (timeout && timeout.attempt !== undefined)) {
    scope = new CallScope(userSignal, total, lifetime)
    scope.request = request
    context.scope = scope
    scope.link()
  }

  const hooks = merged.hooks
  // Every RequestError of the call, from the stack or from reading the body
  // later, ends here: attempts and history stamped, then beforeError.
  const settle = async (error: RequestError): Promise<RequestError> => {
    stamp(error, context.attempts)
    return hooks ? await runBeforeError(hooks, error) : error
  }
  let raw: Response
  try {
    // One tick for `get(url).json()` to say what it reads: ky's `Accept`.
    await undefined
    const accept = reader.accept
    if (accept !== undefined && !headers.has('accept')) headers.set('accept', accept)
    raw = await stackFor(client, context)(request)
  } catch (error) {
    dropBody(request, error)
    if (!(error instanceof RequestError)) throw error
    throw await settle(error)
  } finally {
    scope?.unlink()
  }

  let response = guarded(
    raw,
    context.sent ?? request,
    context.history,
    context.attempts.length || 1,
    context.elapsed,
    scope !== undefined || read !== undefined || merged.onDownloadProgress !== undefined || hooks !== undefined
      ? { scope, read, progress: merged.onDownloadProgress, settle }
      : undefined,
    context.attempts,
  )
  if (hooks && hooks.afterResponse.length > 0) response = await runAfterResponse(hooks, response, request)
  const status = response.status
  if (status >= 400) {
    const rule = merged.throwHttpErrors
    if (rule === true || (typeof rule === 'function' && rule(status))) {
      throw await settle(new HTTPError(response))
    }
  }
  return response
}

// ------------------------------------------------------------------ stack

/** The layers of every client: one-shot calls carry only these (and their bundles only their code). */
const BASE_ENTRIES: readonly StackEntry[] = [beforeRequestEntry, retryEntry, authEntry, attemptEntry]

/** `entries` with `entry` added at its rank (a new array: stacks composed before keep theirs). */
export function register(client: Client, entry: StackEntry): void {
  client.entries = [...client.entries, entry].sort((a, b) => a.rank - b.rank)
  client.stacks.clear()
}

/**
 * The composed stack for this call: the registered layers it wants (an
 * unused concern costs nothing), the user's layers, then the transport.
 * Stacks are cached per combination.
 */
function stackFor(client: Client, context: CallContext): Next {
  const entries = client.entries
  let mask = 0
  for (let i = 0; i < entries.length; i++) if ((entries[i] as StackEntry).wanted(context)) mask |= 1 << i
  let stack = client.stacks.get(mask)
  if (stack === undefined) {
    const layers = entries.filter((_, i) => mask & (1 << i)).map((entry) => entry.layer)
    stack = compose([...layers, ...client.layers], transport)
    client.stacks.set(mask, stack)
  }
  return stack
}

/** Chains layers around the transport. `next` may be called again (retries, redirects). */
export function compose(layers: readonly Layer[], innermost: Next): Next {
  return layers.reduceRight<Next>((inner, layer) => (request: PreparedRequest) => layer(request, inner), innermost)
}
