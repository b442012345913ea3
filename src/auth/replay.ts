/**
 * What the challenge/response schemes (Digest, Bearer refresh) share:
 * re-creating the body to answer a 401, and recording the 401 they handled.
 */
import { SureResponse } from '../response.js'
import type { PreparedRequest as Prepared } from '../context.js'
import type { PreparedRequest, RequestBody } from '../request.js'
import { discard } from '../util/discard.js'

export { replayable } from '../prepare.js'

/** A fresh request object for another send: own headers, the given body. */
export function resend(request: PreparedRequest, body: RequestBody): PreparedRequest {
  return { ...request, headers: new Headers(request.headers), body }
}

/**
 * Records a 401 the scheme answered itself in `response.history` (SPEC §3)
 * and cancels its body, so the connection goes back to the pool.
 */
export function recordChallenge(sent: PreparedRequest, response: Response): void {
  ;(sent as Prepared).context.history.push(new SureResponse(response, sent))
  discard(response)
}

/** A body as the exact bytes that will be sent, with the content type the runtime would have added. */
export interface Entity {
  readonly bytes: Uint8Array
  readonly contentType: string | null
}

/**
 * Serialises a body the way `fetch` would (`Response` applies the same
 * extraction rules: UTF-8 strings, the form encoder, the multipart writer
 * with its boundary). Used for Digest `auth-int`, which hashes the entity
 * (RFC 7616 §3.4.3): the bytes are then sent as they were hashed.
 */
export async function serialize(body: RequestBody): Promise<Entity> {
  if (body === null) return { bytes: new Uint8Array(0), contentType: null }
  const response = new Response(body)
  return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') }
}
