/**
 * The requests tutorial, re-told with surefetch, step by step.
 *
 *   npm run demo            against the built-in mocks (no network)
 *   npm run demo -- --live  against the real api.github.com and httpbin.org
 */
import {
  basicAuth,
  del,
  get,
  head,
  HTTPError,
  options,
  patch,
  post,
  put,
  Session,
  TimeoutError,
  type AuthFunction,
} from '../../src/index.js'
import { DEMO_PASSWORD, DEMO_USER, GITHUB } from './github-mock.js'

const HTTPBIN = 'https://httpbin.org'
const live = process.argv.includes('--live')
const user = live ? (process.env.GITHUB_USER ?? 'username') : DEMO_USER
const password = live ? (process.env.GITHUB_TOKEN ?? 'wrong') : DEMO_PASSWORD

let stepNumber = 0
async function step(title: string, run: () => Promise<void>): Promise<void> {
  stepNumber++
  console.log(`\n${stepNumber}. ${title}`)
  await run()
}
const show = (label: string, value: unknown) =>
  console.log(`   ${label.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`)

async function tour(): Promise<void> {
  await step('A GET request', async () => {
    const response = await get(GITHUB)
    show('await get(GITHUB)', String(response))
  })

  await step('Status codes: ok, status, and the branches they take', async () => {
    for (const url of [GITHUB, `${GITHUB}/invalid`]) {
      const response = await get(url, { throwHttpErrors: false })
      show(`${url} →`, `${response.status} ${response.ok ? 'Success!' : 'Not Found.'}`)
    }
  })

  await step('raiseForStatus() and HTTPError', async () => {
    try {
      const response = await get(`${GITHUB}/invalid`, { throwHttpErrors: false })
      response.raiseForStatus()
    } catch (error) {
      if (!(error instanceof HTTPError)) throw error
      show('raiseForStatus() threw', `${error.name}: ${error.message}`)
    }
    // By default, surefetch throws for ≥ 400 on its own:
    const error = await get(`${GITHUB}/invalid`).catch((e: unknown) => e)
    show('get() rejected with', error instanceof HTTPError ? `HTTPError ${error.status}` : String(error))
  })

  await step('Content: bytes, text, encoding, JSON', async () => {
    const response = await get(GITHUB)
    const bytes = await response.clone().bytes()
    show('bytes()', `Uint8Array(${bytes.length}) [${bytes.slice(0, 8).join(', ')}, …]`)
    show('encoding', response.encoding)
    const text = await response.clone().text()
    show('text()', `${text.slice(0, 60)}…`)
    const json = await response.json<Record<string, string>>()
    show('json().current_user_url', json.current_user_url)
    show('one line: get(url).json()', Object.keys(await get(GITHUB).json<object>()).length + ' keys')
  })

  await step('Response headers (case-insensitive)', async () => {
    const response = await get(GITHUB)
    show("headers.get('Content-Type')", response.headers.get('Content-Type'))
    show("headers.get('content-type')", response.headers.get('content-type'))
  })

  await step('Query string parameters: a record, tuples, or a string', async () => {
    const search = `${GITHUB}/search/repositories`
    const first = async (params: Parameters<typeof get>[1]) => {
      const body = await get(search, params).json<{ items: Array<{ name: string; description: string }> }>()
      return body.items[0]
    }
    const repository = await first({ params: { q: 'requests+language:python' } })
    show('record → name', repository?.name)
    show('record → description', repository?.description)
    show('tuples → name', (await first({ params: [['q', 'requests+language:python']] }))?.name)
    show('string → name', (await first({ params: 'q=requests+language:python' }))?.name)
  })

  await step('Request headers', async () => {
    const body = await get(`${GITHUB}/search/repositories`, {
      params: { q: 'requests+language:python' },
      headers: { Accept: 'application/vnd.github.v3.text-match+json' },
    }).json<{ items: Array<{ text_matches: unknown }> }>()
    show('text_matches', body.items[0]?.text_matches)
  })

  await step('Other HTTP methods', async () => {
    show('post', String(await post(`${HTTPBIN}/post`, { form: { key: 'value' } })))
    show('put', String(await put(`${HTTPBIN}/put`, { form: { key: 'value' } })))
    show('del', String(await del(`${HTTPBIN}/delete`)))
    show('head', String(await head(`${HTTPBIN}/get`)))
    show('patch', String(await patch(`${HTTPBIN}/patch`, { form: { key: 'value' } })))
    show('options', String(await options(`${HTTPBIN}/get`)))
    const response = await head(`${HTTPBIN}/get`)
    show("head → content-type", response.headers.get('content-type'))
    const deleted = await del(`${HTTPBIN}/delete`).json<{ args: object }>()
    show('del → json().args', deleted.args)
  })

  await step('The message body: form vs json', async () => {
    const form = await post(`${HTTPBIN}/post`, { form: { key: 'value' } }).json<{ form: object }>()
    show('form: { key } → form', form.form)
    const tuples = await post(`${HTTPBIN}/post`, { form: [['key', 'value']] }).json<{ form: object }>()
    show('form: [[key, value]] → form', tuples.form)
    const json = await post(`${HTTPBIN}/post`, { json: { key: 'value' } }).json<{
      data: string
      headers: Record<string, string>
    }>()
    show('json: { key } → data', json.data)
    show('json → Content-Type', json.headers['Content-Type'])
  })

  await step('Inspecting the request that was sent', async () => {
    const response = await post(`${HTTPBIN}/post`, { json: { key: 'value' } })
    show('request.headers content-type', response.request.headers.get('content-type'))
    show('request.url', response.request.url)
    show('request.body', response.request.body)
  })

  await step('Authentication: Basic with [user, password] or basicAuth()', async () => {
    const ok = await get(`${GITHUB}/user`, { auth: [user, password], throwHttpErrors: false })
    show('auth: [user, password]', String(ok))
    const explicit = await get(`${GITHUB}/user`, { auth: basicAuth(user, password), throwHttpErrors: false })
    show('auth: basicAuth(user, pass)', String(explicit))
    const anonymous = await get(`${GITHUB}/user`, { throwHttpErrors: false })
    show('no auth', String(anonymous))
  })

  await step('Custom authentication: a function that signs the request', async () => {
    const tokenAuth =
      (token: string): AuthFunction =>
      (request) => {
        request.headers.set('X-TokenAuth', token)
      }
    const body = await get(`${HTTPBIN}/get`, { auth: tokenAuth('12345abcde-token') }).json<{
      headers: Record<string, string>
    }>()
    show('server saw X-Tokenauth', body.headers['X-Tokenauth'])
  })

  await step('A Session keeps auth and headers for every request', async () => {
    await using session = new Session({ auth: [user, password], headers: { 'user-agent': 'surefetch-tour' } })
    const me = await session.get(`${GITHUB}/user`, { throwHttpErrors: false })
    show('session.get(/user)', String(me))
    const again = await session.get(`${GITHUB}/user`, { throwHttpErrors: false })
    show('and again, same credentials', String(again))
    const seen = await session.get(`${HTTPBIN}/headers`).json<{ headers: Record<string, string> }>()
    show('user-agent the server saw', seen.headers['User-Agent'])
  })

  await step('Timeouts: never wait forever', async () => {
    const error = await get(`${HTTPBIN}/delay/3`, { timeout: 1_000, retry: false }).catch((e: unknown) => e)
    show('timeout: 1_000 on /delay/3', error instanceof TimeoutError ? `${error.name} (${error.phase})` : String(error))
    const response = await get(`${HTTPBIN}/delay/1`, { timeout: { attempt: 3_000, read: 5_000 } })
    show('attempt 3 s, read 5 s', String(response))
  })

  await step('Retries: a Session mounted with a retry policy', async () => {
    const session = new Session()
    session.mount(HTTPBIN, { retry: { limit: 3, backoff: { initial: 100 } } })
    const flaky = await session.get(`${HTTPBIN}/status/200`)
    show('a healthy call, attempts', flaky.attempts)
    if (!live) {
      const recovered = await session.get(`${HTTPBIN}/flaky?fail=2`)
      show('/flaky?fail=2 → attempts', recovered.attempts)
    }
    const failing = await session.get(`${HTTPBIN}/status/503`, { retry: { limit: 2, backoff: { initial: 50 } } }).catch((e: unknown) => e)
    if (failing instanceof HTTPError) show('503 every time →', failing.message)   // the message says how many attempts
  })

  console.log(`\nDone: ${stepNumber} steps${live ? ' (live)' : ' against the built-in mocks'}.`)
}

async function main(): Promise<void> {
  if (live) return tour()
  const [{ setupServer }, { createHttpbin, failUnhandledRequest }, { githubHandlers }] = await Promise.all([
    import('msw/node'),
    import('../../mocks/index.js'),
    import('./github-mock.js'),
  ])
  const server = setupServer(...githubHandlers, ...createHttpbin({ baseUrl: HTTPBIN }).handlers)
  // An unmocked request fails once, as a 501 HTTPError (not a retried NetworkError).
  server.listen({ onUnhandledRequest: failUnhandledRequest })
  try {
    await tour()
  } finally {
    server.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
