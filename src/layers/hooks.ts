import type { RequestError } from '../errors.js'
import type { SureResponse } from '../response.js'
import type { NormalizedHooks, Next, PreparedRequest } from '../context.js'

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

/** `afterResponse` hooks, once per call on the final response; each may replace it. */
export async function runAfterResponse(
  hooks: NormalizedHooks,
  response: SureResponse,
  request: PreparedRequest,
): Promise<SureResponse> {
  for (const hook of hooks.afterResponse) {
    const result = await hook(response, request)
    if (result) response = result
  }
  return response
}

/** `beforeError` hooks: each receives the error and returns the one to throw. */
export async function runBeforeError(hooks: NormalizedHooks, error: RequestError): Promise<RequestError> {
  for (const hook of hooks.beforeError) error = (await hook(error)) ?? error
  return error
}
