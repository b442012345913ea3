/**
 * The one-shot functions: each call uses a fresh, cookie-less default
 * configuration (no Session, so a bundle importing only `get` carries no
 * session or cookie code). The redirect layer comes with them, not on first
 * use: loaded lazily, it put the code it shares with them (responses,
 * errors, options) in a chunk of the package of its own, which an app's
 * bundler keeps up front anyway, plus the names crossing between that chunk
 * and the entry: 0.4 kB more (issue 18).
 */
import { type Client, createClient, register, send } from './core.js'
import { redirectEntry } from './layers/redirects.js'
import type { ResponsePromise } from './response-promise.js'
import type { MethodOptions, NoBodyOptions, RequestOptions } from './types.js'
import { isBrowserLike } from './util/runtime.js'

const client = /* @__PURE__ */ oneShotClient()

function oneShotClient(): Client {
  const client = createClient()
  // A call with `auth` follows redirects itself (as a session does), so that
  // what the auth adds — an API key, a signature — never follows a redirect
  // to another origin: fetch strips only Authorization. Browsers follow
  // natively (their `manual` redirects are opaque).
  if (!isBrowserLike()) register(client, redirectEntry(false))
  return client
}

/**
 * Sends a request; the method comes from `options.method` (default `GET`).
 * @example const response = await request('https://httpbin.org/anything', { method: 'PURGE' })
 */
export function request(input: string | URL, options?: RequestOptions): ResponsePromise {
  return send(client, options?.method ?? 'GET', input, options)
}

/**
 * `GET`, which sends no body (`request()` with `method: 'GET'` does, if you must).
 * @example const repos = await get('https://api.github.com/users/octocat/repos').json()
 */
export function get(input: string | URL, options?: NoBodyOptions): ResponsePromise {
  return send(client, 'GET', input, options)
}

/** `POST`. @example await post('https://httpbin.org/post', { json: { key: 'value' } }) */
export function post(input: string | URL, options?: MethodOptions): ResponsePromise {
  return send(client, 'POST', input, options)
}

/** `PUT`. @example await put('https://httpbin.org/put', { form: { key: 'value' } }) */
export function put(input: string | URL, options?: MethodOptions): ResponsePromise {
  return send(client, 'PUT', input, options)
}

/** `PATCH`. @example await patch('https://httpbin.org/patch', { json: { op: 'x' } }) */
export function patch(input: string | URL, options?: MethodOptions): ResponsePromise {
  return send(client, 'PATCH', input, options)
}

/** `DELETE` (`delete` is a reserved word for a binding). @example await del('https://httpbin.org/delete') */
export function del(input: string | URL, options?: MethodOptions): ResponsePromise {
  return send(client, 'DELETE', input, options)
}

/** `HEAD`, which sends no body. @example const { headers } = await head('https://httpbin.org/get') */
export function head(input: string | URL, options?: NoBodyOptions): ResponsePromise {
  return send(client, 'HEAD', input, options)
}

/** `OPTIONS`. @example const allow = (await options('https://httpbin.org/get')).headers.get('allow') */
export function options(input: string | URL, options?: MethodOptions): ResponsePromise {
  return send(client, 'OPTIONS', input, options)
}
