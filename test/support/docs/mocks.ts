// What the doc blocks talk to: the httpbin mock on https://httpbin.org, the
// tour's api.github.com, and an "example API" for any *.example.com host.
// Anything else is answered with a network error and remembered, so that a
// block reaching for a host nobody mocks fails with a clear message.
import { http, HttpResponse, type RequestHandler } from 'msw'
import { githubHandlers, GITHUB } from '../../../examples/tour/github-mock.js'
import { createHttpbin } from '../../../mocks/index.js'

export const httpbin = createHttpbin({ baseUrl: 'https://httpbin.org' })

/** Hosts of the example API: example.com, example.org, example.net and their subdomains. */
export const EXAMPLE_HOST = /(^|\.)example\.(com|org|net)$/

/** Requests to hosts nobody mocks, since the last `takeUnmocked()`. */
const unmocked: string[] = []
export function takeUnmocked(): string[] {
  return unmocked.splice(0)
}

const repos = [
  { id: 1296269, name: 'Hello-World', full_name: 'octocat/Hello-World', stargazers_count: 80, language: null },
  { id: 1300192, name: 'Spoon-Knife', full_name: 'octocat/Spoon-Knife', stargazers_count: 12, language: 'HTML' },
  { id: 18221276, name: 'git-consortium', full_name: 'octocat/git-consortium', stargazers_count: 5, language: null },
]

/** GitHub routes the docs use beyond the tour's. */
const githubExtras: RequestHandler[] = [
  http.get(`${GITHUB}/users/:user/repos`, ({ request }) => {
    const perPage = Number(new URL(request.url).searchParams.get('per_page') ?? 30)
    return HttpResponse.json(repos.slice(0, perPage), {
      headers: { link: `<${GITHUB}/user/583231/repos?page=2>; rel="next", <${GITHUB}/user/583231/repos?page=3>; rel="last"` },
    })
  }),
  http.get(`${GITHUB}/repos/:owner/:repo`, ({ params }) =>
    HttpResponse.json({ full_name: `${String(params.owner)}/${String(params.repo)}`, stargazers_count: 53_000 }),
  ),
]

let tokens = 0

/**
 * The example API (any *.example.com host), a small JSON service:
 *
 *   POST /login, /session          302 → /account with `Set-Cookie: session=…`
 *   GET  /account, /me             200 with the session cookie (401 without)
 *   POST /token, /oauth/token      200 { access_token, token_type, expires_in }
 *   …/missing, …/invalid, …/nope   404
 *   /status/:code                  that status
 *   anything else                  200, the request echoed as JSON { method, url, headers, args, json, data }
 */
async function exampleApi(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const path = url.pathname.replace(/\/+$/, '')
  const last = path.slice(path.lastIndexOf('/') + 1)
  const status = /\/status\/(\d{3})$/.exec(path)?.[1]
  if (status !== undefined) return new Response(null, { status: Number(status) })
  if (['missing', 'invalid', 'nope'].includes(last)) {
    return HttpResponse.json({ message: 'Not Found' }, { status: 404, statusText: 'Not Found' })
  }
  if (request.method === 'POST' && (last === 'login' || last === 'session')) {
    return new Response(null, {
      status: 302,
      statusText: 'Found',
      headers: { location: '/account', 'set-cookie': `session=s${Date.now().toString(36)}; Path=/; HttpOnly; Secure` },
    })
  }
  if (last === 'account' || last === 'me') {
    const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
    const auth = request.headers.get('authorization')
    if (session === undefined && auth === null) {
      return HttpResponse.json({ message: 'Not logged in' }, { status: 401, statusText: 'Unauthorized' })
    }
    return HttpResponse.json({ user: 'alice', session: session ?? null })
  }
  if (request.method === 'POST' && last === 'token') {
    tokens++
    return HttpResponse.json({ access_token: `token-${tokens}`, token_type: 'Bearer', expires_in: 3600 })
  }
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {}
  const args: Record<string, string | string[]> = {}
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key)
    args[key] = values.length === 1 ? (values[0] as string) : values
  }
  return HttpResponse.json({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    args,
    json,
    data: text,
  })
}

const catchAll = http.all('*', async ({ request }) => {
  const url = new URL(request.url)
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return undefined // real servers
  if (EXAMPLE_HOST.test(url.hostname)) return exampleApi(request)
  unmocked.push(`${request.method} ${request.url}`)
  return HttpResponse.error()
})

/** Every handler the doc blocks get, most specific first. */
export function docHandlers(): RequestHandler[] {
  return [...githubExtras, ...githubHandlers, ...httpbin.handlers, catchAll]
}

/** Answers one request with the doc handlers, outside MSW's interception (Miniflare's outbound, Playwright's routes). */
export { getResponse } from 'msw'
