import { NetworkError } from '../errors.js'
import { TooManyRedirectsError } from '../response.js'
import { SureResponse } from '../response.js'
import type { PreparedRequest } from '../context.js'
import { OPTIONS } from '../options.js'
import { dropBody } from '../prepare.js'
import { isBrowserLike } from '../util/runtime.js'

/** Whether surefetch consumes an option (a row of the option table); every other key is passed to fetch unchanged. */
const own = (key: string): boolean => Object.hasOwn(OPTIONS, key)

/**
 * The innermost layer: one `fetch`. The transport is looked up at call time,
 * so MSW or a test double installed after import is honoured. A rejection
 * becomes a `NetworkError`, except an abort, which rethrows the signal's
 * reason untouched (the user's reason, or a TimeoutError set by a timeout layer).
 */
export async function transport(request: PreparedRequest): Promise<Response> {
  const context = request.context
  const options = context.options
  const init: RequestInit & Record<string, unknown> = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: context.followRedirects ? 'manual' : options.redirect,
  }
  if (request.signal !== undefined) init.signal = request.signal
  // A stream body needs half-duplex in Node and Deno (fetch spec's `duplex`).
  if (request.body instanceof ReadableStream) init.duplex = 'half'
  if (Object.isFrozen(options)) {
    for (const key of passthroughKeys(options)) init[key] = options[key as keyof typeof options]
  } else {
    for (const key in options) if (!own(key)) init[key] = options[key as keyof typeof options]
  }
  // onUploadProgress: per attempt, in a module loaded only for the calls that set it.
  const upload =
    options.onUploadProgress && request.body !== null
      ? await (await import('../body-progress.js')).trackUpload(request, init, options.onUploadProgress, isBrowserLike())
      : undefined
  const doFetch = upload?.fetch ?? options.fetch ?? globalThis.fetch
  context.sent = request
  const started = performance.now()
  let response: Response
  try {
    response = await doFetch(request.url, init)
  } catch (error) {
    dropBody(request, error)
    if (request.signal?.aborted) throw request.signal.reason
    if (upload?.failure !== undefined) throw upload.failure
    // The runtime followed the redirects and gave up at the Fetch standard's
    // limit of 20 (undici: "redirect count exceeded", Deno, Bun, workerd say
    // "redirect" too): a loop, not a network fault, so not retried. There is
    // no redirect response to show: `response` is the network error (status 0).
    if (!context.followRedirects && mentionsRedirects(error)) {
      const loop = new TooManyRedirectsError(new SureResponse(Response.error(), request), 20, request)
      Object.defineProperty(loop, 'cause', { value: error, configurable: true, writable: true })
      throw loop
    }
    // A bug in a custom fetch (a thrown string, `x.y` of undefined) is not a
    // network failure: it propagates unchanged and is never retried.
    if (isProgrammingError(error)) throw error
    throw new NetworkError(request, error)
  }
  context.elapsed = performance.now() - started
  upload?.sent(response)
  return response
}

/** How runtimes word a redirect loop (not `redirect: 'error'`, which says "unexpected redirect"). */
const REDIRECT_LIMIT = /redirect count exceeded|maximum number of redirects|too ?many ?redirects|redirected too many times/i

function mentionsRedirects(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const cause: unknown = error.cause
  return REDIRECT_LIMIT.test(error.message) || (cause instanceof Error && REDIRECT_LIMIT.test(cause.message))
}

/**
 * The keys of `options` that go to fetch unchanged, computed once per frozen
 * options object: the defaults of a session, a mount or the one-shot
 * functions serve every call made without options of its own.
 */
const passthrough = /* @__PURE__ */ new WeakMap<object, string[]>()
function passthroughKeys(options: object): string[] {
  let keys = passthrough.get(options)
  if (keys === undefined) {
    keys = Object.keys(options).filter((key) => !own(key))
    passthrough.set(options, keys)
  }
  return keys
}

/** How JavaScript engines word a bug (V8, SpiderMonkey, JavaScriptCore), never a transport failure. */
const BUG = /cannot (?:read|set) propert|is not (?:a function|defined|an object|iterable|a constructor)|(?:null|undefined) is not/i

/**
 * Whether a rejection of `fetch` is a programming error rather than a
 * network failure: not an error object at all (`throw 'x'`), a
 * `ReferenceError`, `SyntaxError` or `RangeError`, or a `TypeError` worded
 * as an engine words a bug. Runtimes reject a failed fetch with a
 * `TypeError` ("fetch failed", "Failed to fetch", "Load failed") or their
 * own error classes, none of which match. By name, not `instanceof`: a DOM
 * emulation's errors come from another realm.
 */
function isProgrammingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true
  const { name, message } = error as { name?: unknown; message?: unknown }
  if (name === 'ReferenceError' || name === 'SyntaxError' || name === 'RangeError') return true
  return name === 'TypeError' && typeof message === 'string' && BUG.test(message)
}
