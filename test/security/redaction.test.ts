// Secrets never reach a log through an error: not its message, String(),
// stack, JSON.stringify (toJSON), util.inspect / console.log (Node's custom
// inspection), nor any logger that walks its enumerable fields. The calls
// below carry every kind of secret surefetch handles — Basic auth, a bearer
// token, an Authorization header, cookies, a JSON body, a secret query and
// fragment, credentials in the URL — and fail in every way a call can.
import { describe, expect, inject, it } from 'vitest'
import {
  bearerAuth,
  CircuitOpenError,
  get,
  HTTPError,
  NetworkError,
  ParseError,
  post,
  RequestError,
  Session,
  TimeoutError,
  TooManyRedirectsError,
} from '../../src/index.js'
import { redactText, redactUrl } from '../../src/util/redact.js'
import { isBrowserLike } from '../../src/util/runtime.js'
import { MOCK } from '../support/mock.js'

const SECRETS = [
  'hunter2',
  btoa('user:hunter2'),
  'tok-secret',
  'hdr-secret',
  'key-secret',
  'frag-secret',
  'cookie-secret',
  'body-secret',
  'urlpass-secret',
]
const QUERY = 'api_key=key-secret&x=1'
const FRAGMENT = '#access_token=frag-secret'
const AUTH: [string, string] = ['user', 'hunter2']
const quick = { limit: 1, backoff: { initial: 1, jitter: 'none' as const } }

/** Node's util, where there is one (node, happy-dom; workerd's nodejs_compat has one too). */
interface NodeUtil {
  inspect(value: unknown, options?: Record<string, unknown>): string
  format(format: string, ...values: unknown[]): string
}
async function nodeUtil(): Promise<NodeUtil | undefined> {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return undefined
  const specifier = 'node:util'
  try {
    return (await import(/* @vite-ignore */ specifier)) as NodeUtil
  } catch {
    return undefined
  }
}

/**
 * What a logger that serialises an error's fields writes (pino's and
 * winston's error serialisers): name, message, stack and cause of errors, then
 * every enumerable field (for…in: own and inherited), recursively, with a
 * depth limit and a cycle guard.
 */
function serialise(value: unknown, depth = 0, seen = new Set<object>()): unknown {
  if (typeof value === 'function') return `[Function ${value.name}]`
  if (typeof value === 'bigint') return String(value)
  if (typeof value !== 'object' || value === null) return value
  if (seen.has(value)) return '[Circular]'
  if (depth > 10) return '[Deep]'
  seen.add(value)
  const out: Record<string, unknown> = {}
  if (value instanceof Error) {
    out.type = value.name
    out.message = value.message
    out.stack = value.stack
    if (value.cause !== undefined) out.cause = serialise(value.cause, depth + 1, seen)
  }
  for (const key in value) out[key] = serialise((value as Record<string, unknown>)[key], depth + 1, seen)
  return out
}

/** Everything reachable, hidden fields and header values included: proves a case really carries its secrets. */
function reachable(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return value
  if (typeof value !== 'object' || value === null || seen.has(value) || seen.size > 5000) return ''
  seen.add(value)
  if (value instanceof Headers) return [...value].flat().join(' ')
  const parts: string[] = []
  for (const key of Object.getOwnPropertyNames(value)) {
    let child: unknown
    try {
      child = (value as Record<string, unknown>)[key]
    } catch {
      continue
    }
    parts.push(reachable(child, seen))
  }
  return parts.join(' ')
}

const fail = async (promise: Promise<unknown>): Promise<RequestError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`)
  return error
}

type Case = readonly [name: string, type: abstract new (...args: never[]) => RequestError, make: () => Promise<RequestError>]

const cases: Case[] = [
  [
    'HTTPError with Basic auth, cookies and an API-key header',
    HTTPError,
    () => fail(get(`${MOCK}/status/401?${QUERY}${FRAGMENT}`, { auth: AUTH, cookies: { sid: 'cookie-secret' }, headers: { 'x-api-key': 'hdr-secret' } })),
  ],
  [
    'HTTPError after a retry, with a bearer token',
    HTTPError,
    () => fail(get(`${MOCK}/status/503?${QUERY}`, { auth: bearerAuth('tok-secret'), retry: quick })),
  ],
  [
    'NetworkError after a retry, with an Authorization header and a JSON body',
    NetworkError,
    () =>
      fail(
        post(`${MOCK}/reset?${QUERY}`, {
          headers: { authorization: 'Token hdr-secret' },
          json: { password: 'body-secret' },
          retry: { ...quick, methods: ['POST'] },
        }),
      ),
  ],
  [
    'NetworkError from a real connection reset',
    NetworkError,
    () => fail(get(`${inject('base')}/reset?${QUERY}`, { auth: AUTH, retry: false })),
  ],
  [
    'TimeoutError',
    TimeoutError,
    () => fail(get(`${MOCK}/stall?${QUERY}`, { auth: AUTH, timeout: { attempt: 50 }, retry: false })),
  ],
  ['ParseError', ParseError, () => fail(get(`${MOCK}/html?${QUERY}`, { auth: AUTH }).json())],
  // Browsers follow redirects themselves: no TooManyRedirectsError there.
  ...(isBrowserLike()
    ? []
    : [
        [
          'TooManyRedirectsError',
          TooManyRedirectsError,
          // maxRedirects 0: the hop named is the first, whose URL carries the secrets (httpbin drops the query on later hops).
          () => fail(new Session({ baseUrl: MOCK, auth: AUTH }).get(`/redirect/3?${QUERY}`, { maxRedirects: 0 })),
        ] as const,
      ]),
  [
    'CircuitOpenError',
    CircuitOpenError,
    async () => {
      const api = new Session({ auth: bearerAuth('tok-secret'), retry: false, breaker: { threshold: 1, cooldown: 60_000 } })
      await fail(api.get(`${MOCK}/status/503?${QUERY}`))
      return fail(api.get(`${MOCK}/status/503?${QUERY}`))
    },
  ],
  [
    'HTTPError for a URL with credentials in it',
    HTTPError,
    () => fail(get(`http://user:urlpass-secret@${MOCK.slice('http://'.length)}/status/500?${QUERY}`, { retry: false })),
  ],
]

describe('an error never shows the secrets of its request', () => {
  it.each(cases)('%s', async (_name, type, make) => {
    const error = await make()
    expect(error).toBeInstanceOf(type)
    // The secrets are there, one hidden step away: the test is not vacuous.
    const hidden = reachable(error)
    expect(SECRETS.some((secret) => hidden.includes(secret))).toBe(true)

    const views: Record<string, string> = {
      message: error.message,
      'String()': String(error),
      stack: error.stack ?? '',
      'JSON.stringify': JSON.stringify(error),
      'enumerable fields': JSON.stringify(serialise(error)),
      'history': JSON.stringify(serialise(error.history)),
    }
    const util = await nodeUtil()
    if (util !== undefined) {
      views['inspect depth 10'] = util.inspect(error, { depth: 10 })
      views['inspect showHidden: false'] = util.inspect(error, { depth: 10, showHidden: false })
      views['inspect showHidden: true'] = util.inspect(error, { depth: 10, showHidden: true })
      views['inspect inside an object'] = util.inspect({ error, errors: [error] }, { depth: 10 })
      views['format %o %O %s'] = util.format('%o %O %s', error, error, error)
      expect(views['inspect depth 10']).toContain(`${error.name}: ${error.message}`)
      expect(views['inspect depth 10']).toContain('api_key=***')
      expect(views['inspect depth 10']).toContain(`attempts: ${error.attempts}`)
    }
    for (const [view, text] of Object.entries(views)) {
      for (const secret of SECRETS) expect(text, `${view} shows ${secret}`).not.toContain(secret)
    }
  })

  it('keeps request and response readable, but not enumerable', async () => {
    const error = (await cases[0]![2]()) as HTTPError
    expect(error.request.url).toContain('api_key=key-secret')
    expect(error.response.status).toBe(401)
    expect(Object.keys(error)).not.toContain('request')
    expect(Object.keys(error)).not.toContain('response')
    expect({ ...error }).not.toHaveProperty('request')
    expect(Object.keys(error)).toEqual(expect.arrayContaining(['attempts', 'history', 'status']))
  })

  it('inspection shows the safe fields and the history', async () => {
    const util = await nodeUtil()
    if (util === undefined) return
    const error = await cases[1]![2]()
    const text = util.inspect(error, { depth: 10 })
    expect(text).toContain("method: 'GET'")
    expect(text).toContain(`url: '${MOCK}/status/503?api_key=***&x=1'`)
    expect(text).toContain('status: 503')
    expect(text).toContain('{ attempt: 1, status: 503, delay: 1 }')
    expect(util.inspect({ nested: { deeper: error } }, { depth: 1 })).toContain('[HTTPError:')
  })

  it('inspection heads with the current name and message (Bun writes `Error:` in any stack; a hook may extend the message)', async () => {
    const util = await nodeUtil()
    if (util === undefined) return
    const error = await cases[0]![2]()
    error.stack = 'Error: old message\n    at somewhere (file:///app/x.js:1:1)'
    error.message = 'new message'
    expect(util.inspect(error).startsWith('HTTPError: new message\n    at somewhere (file:///app/x.js:1:1) {')).toBe(true)
  })

  it("Deno's custom inspection (called as Deno.inspect calls it) shows the safe fields only", async () => {
    const error = await cases[0]![2]()
    const custom = (error as unknown as Record<symbol, (inspect: (value: unknown) => string, options: object) => string>)[
      Symbol.for('Deno.customInspect')
    ]!
    const text = custom.call(error, (value) => JSON.stringify(value), {})
    // Past the depth (Deno calls the hook there too), only the name and message.
    expect(custom.call(error, (value) => JSON.stringify(value), { depth: 0, currentDepth: 1 })).toMatch(/^\[HTTPError: [^{]*\]$/)
    expect(text).toContain(`"url":"${MOCK}/status/401?api_key=***&x=1#access_token=***"`)
    expect(text).toContain('"status":401')
    for (const secret of SECRETS) expect(text).not.toContain(secret)
  })

  it('masks a runtime error that quotes the URL (Deno, Bun, happy-dom) and keeps it as the cause', async () => {
    const util = await nodeUtil()
    const inner = Object.assign(new Error(`connect to ${MOCK}/x?api_key=key-secret refused`), { code: 'ECONNREFUSED' })
    const cause = new TypeError(`error sending request for url (${MOCK}/x?api_key=key-secret): connection refused`, { cause: inner })
    Object.assign(cause, { path: `${MOCK}/x?api_key=key-secret` })
    const error = await fail(get(`${MOCK}/x?api_key=key-secret`, { retry: false, fetch: () => Promise.reject(cause) }))
    expect(error.cause).toBe(cause)
    expect(cause).toBeInstanceOf(TypeError)
    expect(cause.message).toBe(`error sending request for url (${MOCK}/x?api_key=***): connection refused`)
    expect(cause.stack).not.toContain('key-secret')
    expect((cause as TypeError & { path: string }).path).toBe(`${MOCK}/x?api_key=***`)
    expect(inner.message).toBe(`connect to ${MOCK}/x?api_key=*** refused`)
    expect(inner.code).toBe('ECONNREFUSED')
    expect(error.message).toContain('api_key=***')
    expect(JSON.stringify(serialise(error))).not.toContain('key-secret')
    if (util !== undefined) {
      const text = util.inspect(error, { depth: 10 })
      expect(text).toContain('connection refused')
      expect(text).not.toContain('key-secret')
    }
  })
})

describe('redactUrl', () => {
  it.each([
    ['https://x/a', 'https://x/a'],
    ['data:text/plain,hello', 'data:text/plain,hello'],
    // the fragment, as OAuth's implicit flow returns tokens, and hash routes
    ['https://x/cb#access_token=abc&expires_in=3600', 'https://x/cb#access_token=***&expires_in=3600'],
    ['https://x/#/callback?code=abc&state=xyz', 'https://x/#/callback?code=***&state=xyz'],
    // keys: pwd, jwt, OAuth's code (only as the exact key), ticket, PHPSESSID
    ['https://x/a?pwd=1&jwt=2&code=3&zipcode=4&country_code=5', 'https://x/a?pwd=***&jwt=***&code=***&zipcode=4&country_code=5'],
    ['https://x/cas?ticket=ST-1&PHPSESSID=2&sid=3&side=4', 'https://x/cas?ticket=***&PHPSESSID=***&sid=***&side=4'],
    // path (matrix) parameters
    ['https://x/a;jsessionid=ABC/b;password=p;v=2?q=1', 'https://x/a;jsessionid=***/b;password=***;v=2?q=1'],
    // a nested unencoded query, a percent-encoded key, `;` as a separator
    ['https://x/a?next=/cb?token=abc', 'https://x/a?next=/cb?token=***'],
    ['https://x/a?api%5Fkey=1&b=2', 'https://x/a?api%5Fkey=***&b=2'],
    ['https://x/a?b=2;token=1', 'https://x/a?b=2;token=***'],
    ['https://x/a?token=&b=2', 'https://x/a?token=&b=2'],
    // userinfo, also in the forms only an invalid-URL message echoes
    ['https://u@x/', 'https://***@x/'],
    ['https://u:p@x/', 'https://***:***@x/'],
    ['https://a@b:c@x/', 'https://***:***@x/'],
    ['http://user:pw@', 'http://***:***@'],
    ['//user:pw@x/', '//***:***@x/'],
    ['http:user:pw@x/', 'http:***:***@x/'],
    ['/relative?api_key=1', '/relative?api_key=***'],
    ['not a url user:pw@', 'not a url user:pw@'],
  ])('redactUrl(%s)', (input, expected) => {
    expect(redactUrl(input)).toBe(expected)
  })
})

describe('redactText', () => {
  it.each([
    ['failed for http://a:b@h/p and ftp://c@d', 'failed for http://***:***@h/p and ftp://***@d'],
    [
      'error sending request for url (http://127.0.0.1:59999/x?api_key=abc): client error (Connect)',
      'error sending request for url (http://127.0.0.1:59999/x?api_key=***): client error (Connect)',
    ],
    ['Fetch to "https://x/cb#access_token=abc" failed.', 'Fetch to "https://x/cb#access_token=***" failed.'],
    ['Headers.set: "Bearer abc.def-1" is an invalid header value.', 'Headers.set: "Bearer ***" is an invalid header value.'],
    ['Basic dXNlcjpodW50ZXIy', 'Basic ***'],
    ['no URL here', 'no URL here'],
  ])('redactText(%j)', (input, expected) => {
    expect(redactText(input)).toBe(expected)
  })
})

describe('a response never shows the secrets of its request', () => {
  it('console.log(response) and enumerable-field loggers do not reach the request headers or options', async () => {
    const response = await new Session({ auth: AUTH, headers: { 'x-api-key': 'key-secret' } }).get(`${MOCK}/get`)
    expect(response.request.headers.get('authorization')).toBe(`Basic ${btoa('user:hunter2')}`) // there, one hidden step away
    // `raw` (the native Response, no request headers in it) is left out of the walk: in happy-dom it reaches the whole window.
    const fields = Object.fromEntries(Object.entries(response).filter(([key]) => key !== 'raw'))
    expect(Object.keys(response)).not.toContain('request')
    const views = [JSON.stringify(serialise(fields)), Object.keys(response).join(',')]
    const util = await nodeUtil()
    // Not under happy-dom: inspecting its native Response walks into the window, whose getters throw.
    const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
    if (util !== undefined && !happyDom) views.push(util.inspect(response, { depth: 10 }), util.format('%o', response))
    for (const view of views) for (const secret of SECRETS) expect(view).not.toContain(secret)
    await response.text()
  })

  it('a header value the runtime refuses is not quoted in the TypeError', async () => {
    const error = await get(`${MOCK}/get`, { headers: { authorization: 'Bearer tok-secret\n' } }).catch((e: unknown) => e)
    // happy-dom's Headers accepts anything: there the request simply goes out.
    if (!(error instanceof TypeError)) return
    expect(error.message).not.toContain('tok-secret')
    expect(error.message).toContain('"authorization"')
  })
})
