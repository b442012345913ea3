/** `/status/:codes` — a given status, or a weighted random pick like httpbin's. */

import { type Route, type RouteContext, route, WITH_TRACE } from '../router.js'
import { badRequest, bareResponse, emptyResponse, jsonResponse, parseStatus } from '../util.js'

const REDIRECTS = new Set([301, 302, 303, 305, 307])

/**
 * `200`, `200,500` (uniform) or `200:0.9,500:0.1` (weighted), as httpbin
 * parses it. `null` for anything else, and for codes outside 200–599, which
 * a `Response` cannot carry.
 */
export function pickStatus(spec: string, random: () => number = Math.random): number | null {
  const choices: { code: number; weight: number }[] = []
  for (const part of spec.split(',')) {
    const [codeText, weightText, ...rest] = part.trim().split(':')
    const code = parseStatus(codeText)
    const weight = weightText === undefined ? 1 : Number(weightText)
    if (code === null || rest.length > 0 || !Number.isFinite(weight) || weight < 0) return null
    choices.push({ code, weight })
  }
  const total = choices.reduce((sum, choice) => sum + choice.weight, 0)
  let point = random() * total
  for (const choice of choices) {
    point -= choice.weight
    if (point < 0) return choice.code
  }
  return choices.at(-1)?.code ?? null
}

function statusResponse(status: number, context: RouteContext): Response {
  // httpbin's `status_code()` table: these are the codes with extras, whose
  // headers replace Flask's (no Content-Type). 402 and 418 are left out on
  // purpose: their bodies (a rude joke and ASCII art) are not worth shipping.
  if (REDIRECTS.has(status)) return bareResponse(status, { location: context.link('/redirect/1') })
  switch (status) {
    case 401:
      return bareResponse(401, { 'www-authenticate': 'Basic realm="Fake Realm"' })
    case 406:
      return jsonResponse(
        {
          message: 'Client did not request a supported media type.',
          accept: ['image/webp', 'image/svg+xml', 'image/jpeg', 'image/png', 'image/*'],
        },
        406,
      )
    case 407:
      return bareResponse(407, { 'proxy-authenticate': 'Basic realm="Fake Realm"' })
    default:
      return emptyResponse(status)
  }
}

export function statusRoutes(): Route[] {
  return [
    route('/status/:codes', WITH_TRACE, (context) => {
      const status = pickStatus(context.params.codes ?? '')
      return status === null ? badRequest('Invalid status code') : statusResponse(status, context)
    }),
  ]
}
