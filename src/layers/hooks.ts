import type { RequestError } from '../errors.js'
import { SureResponse } from '../response.js'
import { show } from '../options.js'
import { type NormalizedHooks, type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import { discard } from '../util/discard.js'

/**
 * `beforeRequest` hooks, the outermost layer: each may replace the request,
 * or answer it with a `Response` so that nothing is sent.
 */
export async function beforeRequestLayer(request: PreparedRequest, next: Next): Promise<Response> {
  const hooks = request.context.options.hooks?.beforeRequest ?? []
  for (const hook of hooks) {
    const result = await hook(request)
    if (result instanceof Response) return result
    if (result) request = result as PreparedRequest
  }
  return next(request)
}

/** In the stack of every client: calls with `beforeRequest` hooks go through it. */
export const beforeRequestEntry: StackEntry = {
  rank: RANK.hooks,
  wanted: (context) => (context.options.hooks?.beforeRequest.length ?? 0) > 0,
  layer: beforeRequestLayer,
}

/** `afterResponse` hooks, once per call on the final response; each may replace it. */
export async function runAfterResponse(
  hooks: NormalizedHooks,
  response: SureResponse,
  request: PreparedRequest,
): Promise<SureResponse> {
  for (const hook of hooks.afterResponse) {
    let result: SureResponse | undefined | void
    try {
      result = await hook(response, request)
    } catch (error) {
      release(response)
      throw error
    }
    if (result != null && result !== response) {
      // The response replaced is never read: release its connection now, not at GC.
      if (result.raw !== response.raw) release(response)
      // ky ignores anything but a Response; a TypeError says what went wrong instead.
      if (!(result instanceof SureResponse)) throw new TypeError(`an afterResponse hook must return a SureResponse or nothing, got ${show(result)}`)
      response = result
    }
  }
  return response
}

function release(response: SureResponse): void {
  if (!response.raw.bodyUsed) discard(response.raw)
}

/** `beforeError` hooks: each receives the error and returns the one to throw. */
export async function runBeforeError(hooks: NormalizedHooks, error: RequestError): Promise<RequestError> {
  for (const hook of hooks.beforeError) error = (await hook(error)) ?? error
  return error
}
