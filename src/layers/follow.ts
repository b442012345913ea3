/**
 * Where the redirect layer sits and which calls use it, apart from the layer
 * itself (redirects.ts): the one-shot functions register it with a wrapper
 * that loads the layer on first use, so their bundles carry only this.
 */
import { type Layer, type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'

/**
 * The redirect layer's entry (SPEC §7): a call follows redirects itself when
 * it follows redirects at all and has a cookie jar (`jar`) to feed every
 * hop's `Set-Cookie` to, or `auth` to re-check per origin. `layer` is this
 * module's `redirectLayer`, or a wrapper that loads it on first use.
 */
export function redirectEntry(jar: boolean, layer: Layer): StackEntry {
  return { rank: RANK.redirects, wanted: ({ options }) => options.redirect === 'follow' && (jar || !!options.auth), layer }
}

/** The redirect layer, loaded on first use (one-shot calls with `auth` need it). */
export async function followRedirects(request: PreparedRequest, next: Next): Promise<Response> {
  const { redirectLayer } = await import('./redirects.js')
  return redirectLayer(request, next)
}
