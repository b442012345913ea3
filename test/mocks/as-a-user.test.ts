// Testing with surefetch/mocks as a user does (issue 20, item 6), in every
// vitest project: an unmocked request fails once and says so, `failTimes()`
// fails a route of one's own n times, an HTTPError says how many attempts
// were made, and a schema failure names the path of its first issue.
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failTimes } from '../../mocks/index.js'
import { get, HTTPError, NetworkError, ParseError, type RetryOptions, Session, type StandardSchemaV1 } from '../../src/index.js'
import { useHandlers } from '../support/mock.js'
import { MOCK, pause } from './helpers.js'

const fast: RetryOptions = { limit: 3, backoff: { initial: 1, jitter: 'none' } }

afterEach(() => {
  vi.restoreAllMocks()
})

/** The lines MSW printed about unhandled requests (console.error is silenced and recorded). */
function recordUnhandledPrints(): () => string[] {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
  return () => spy.mock.calls.map((args) => args.map(String).join(' ')).filter((line) => line.includes('without a matching request handler'))
}

/** MSW prints asynchronously: waits for its one line, then checks that no second one follows. */
async function expectOnePrint(prints: () => string[], request: string): Promise<void> {
  await vi.waitFor(() => expect(prints()).toHaveLength(1))
  await pause(50)
  expect(prints()).toHaveLength(1)
  expect(prints()[0]).toContain(request)
}

describe('an unhandled request (failUnhandledRequest, set up as docs/testing.md says)', () => {
  it('fails once with a 501 HTTPError naming the request, and MSW prints its error once', async () => {
    const prints = recordUnhandledPrints()
    const retries: number[] = []
    const api = new Session({ retry: fast, hooks: { beforeRetry: [({ attempt }) => void retries.push(attempt)] } })
    const error = await api.get(`${MOCK}/no-such-route`, { params: { q: 1 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(error).not.toBeInstanceOf(NetworkError)
    expect((error as HTTPError).status).toBe(501)
    expect((error as HTTPError).attempts).toBe(1)
    expect((error as HTTPError).message).toBe(`501 Unhandled Request — GET ${MOCK}/no-such-route?q=1`)
    expect(await (error as HTTPError).response.text()).toBe(`surefetch/mocks: no MSW request handler for GET ${MOCK}/no-such-route?q=1\n`)
    expect(retries).toEqual([])
    await expectOnePrint(prints, `GET ${MOCK}/no-such-route?q=1`)
  })

  it('is not retried for a POST with an Idempotency-Key either', async () => {
    const prints = recordUnhandledPrints()
    const error = await new Session({ retry: fast })
      .post(`${MOCK}/nothing`, { json: { a: 1 }, headers: { 'Idempotency-Key': 'k1' } })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 501, attempts: 1 })
    await expectOnePrint(prints, `POST ${MOCK}/nothing`)
  })

  it('answers plain fetch with the 501 and the explanation', async () => {
    const prints = recordUnhandledPrints()
    const response = await fetch(`${MOCK}/nope`, { method: 'DELETE' })
    expect(response.status).toBe(501)
    expect(response.statusText).toBe('Unhandled Request')
    expect(await response.text()).toBe(`surefetch/mocks: no MSW request handler for DELETE ${MOCK}/nope\n`)
    await expectOnePrint(prints, `DELETE ${MOCK}/nope`)
  })
})

describe('failTimes(n, fault, resolver?)', () => {
  const users = () => HttpResponse.json([{ id: 1 }])

  it('fails n times with a status and Retry-After, then delegates to the resolver', async () => {
    useHandlers(http.get(`${MOCK}/users`, failTimes(2, { status: 503, retryAfter: 0 }, users)))
    const first = await fetch(`${MOCK}/users`)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('0')
    expect(await first.json()).toEqual({ attempt: 1, error: 'Service Unavailable', failures: 2 })
    const second = await fetch(`${MOCK}/users`)
    expect([second.status, await second.json()]).toEqual([503, { attempt: 2, error: 'Service Unavailable', failures: 2 }])
    const third = await fetch(`${MOCK}/users`)
    expect([third.status, await third.json()]).toEqual([200, [{ id: 1 }]])
  })

  it('lets surefetch retry through the failures', async () => {
    useHandlers(http.get(`${MOCK}/users`, failTimes(2, { status: 429, retryAfter: 0 }, users)))
    const response = await get(`${MOCK}/users`, { retry: fast })
    expect(response.attempts).toBe(3)
    expect(await response.json()).toEqual([{ id: 1 }])
  })

  it('without a resolver hands over to the next matching handler (here httpbin /get)', async () => {
    useHandlers(http.get(`${MOCK}/get`, failTimes(1, 'reset')))
    await expect(fetch(`${MOCK}/get?n=1`)).rejects.toThrow(TypeError)
    const echo = (await (await fetch(`${MOCK}/get?n=2`)).json()) as { args: unknown }
    expect(echo.args).toEqual({ n: '2' })
  })

  it("'reset' is a NetworkError that surefetch retries", async () => {
    useHandlers(http.get(`${MOCK}/get`, failTimes(2, 'reset')))
    const response = await get(`${MOCK}/get`, { retry: fast })
    expect(response.attempts).toBe(3)
    useHandlers(http.get(`${MOCK}/get`, failTimes(1, 'reset')))
    await expect(get(`${MOCK}/get`, { retry: false })).rejects.toBeInstanceOf(NetworkError)
  })

  it("'stall' sends nothing until the attempt timeout, then delegates", async () => {
    useHandlers(http.get(`${MOCK}/get`, failTimes(1, 'stall')))
    const response = await get(`${MOCK}/get`, { timeout: { attempt: 200 }, retry: fast })
    expect(response.attempts).toBe(2)
    expect(response.status).toBe(200)
  })

  it('sends an HTTP-date Retry-After as given', async () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT'
    useHandlers(http.post(`${MOCK}/jobs`, failTimes(1, { status: 503, retryAfter: date }, () => new Response('done'))))
    const response = await fetch(`${MOCK}/jobs`, { method: 'POST', body: 'x' })
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, date])
    expect(await (await fetch(`${MOCK}/jobs`, { method: 'POST', body: 'x' })).text()).toBe('done')
  })

  it('counts per failTimes() call, whatever the path', async () => {
    useHandlers(http.all(`${MOCK}/a/*`, failTimes(1, 500, users)), http.all(`${MOCK}/b/*`, failTimes(2, 502, users)))
    const statuses: number[] = []
    for (const path of ['/a/1', '/b/1', '/a/2', '/b/2', '/b/3', '/a/3']) statuses.push((await fetch(`${MOCK}${path}`)).status)
    expect(statuses).toEqual([500, 502, 200, 502, 200, 200])
  })

  it('with 0 failures delegates at once', async () => {
    useHandlers(http.get(`${MOCK}/users`, failTimes(0, 503, users)))
    expect((await fetch(`${MOCK}/users`)).status).toBe(200)
  })

  it.each([
    ['times -1', () => failTimes(-1, 503), RangeError],
    ['times 1.5', () => failTimes(1.5, 503), RangeError],
    ['times "2"', () => failTimes('2' as never, 503), TypeError],
    ['status 200', () => failTimes(1, 200), RangeError],
    ['status 600', () => failTimes(1, { status: 600 }), RangeError],
    ["fault 'boom'", () => failTimes(1, 'boom' as never), RangeError],
    ['fault null', () => failTimes(1, null as never), RangeError],
    ['retryAfter -1', () => failTimes(1, { status: 503, retryAfter: -1 }), RangeError],
    ['retryAfter true', () => failTimes(1, { status: 503, retryAfter: true as never }), TypeError],
  ])('refuses %s at once', (_what, make, kind) => {
    expect(make).toThrow(kind)
    expect(make).toThrow(/^failTimes: /)
  })
})

describe('HTTPError messages say how many attempts were made', () => {
  it('after retries: "(after n attempts)"', async () => {
    const error = await get(`${MOCK}/status/503`, { retry: { limit: 2, backoff: { initial: 1 } } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).attempts).toBe(3)
    expect((error as HTTPError).message).toBe(`503 Service Unavailable (after 3 attempts) — GET ${MOCK}/status/503`)
  })

  it('with one attempt: unchanged', async () => {
    const error = await get(`${MOCK}/status/404`, { retry: fast }).catch((e: unknown) => e)
    expect((error as HTTPError).message).toBe(`404 Not Found — GET ${MOCK}/status/404`)
  })

  it('from raiseForStatus() too', async () => {
    useHandlers(http.get(`${MOCK}/users`, failTimes(9, 500)))
    const response = await get(`${MOCK}/users`, { retry: { limit: 1, backoff: { initial: 1 } }, throwHttpErrors: false })
    expect(() => response.raiseForStatus()).toThrow(`500 Internal Server Error (after 2 attempts) — GET ${MOCK}/users`)
  })
})

describe('a schema failure names the path of its first issue', () => {
  type Issues = StandardSchemaV1.Issue[]
  const failing = (issues: Issues): StandardSchemaV1<unknown, never> => ({
    '~standard': { version: 1, vendor: 'test', validate: () => ({ issues }) },
  })
  const messageFor = async (issues: Issues): Promise<string> => {
    const error = await get(`${MOCK}/json`).json(failing(issues)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as ParseError).issues).toEqual(issues)
    return (error as ParseError).message
  }

  it('keys and { key } segments, joined by dots, and how many more issues there are', async () => {
    const issues = [
      { message: 'Invalid input: expected number, received string', path: ['user', { key: 'id' }] },
      { message: 'Required', path: ['user', 'name'] },
    ]
    expect(await messageFor(issues)).toBe(
      `schema validation failed at user.id: Invalid input: expected number, received string (+1 more) — 200 GET ${MOCK}/json`,
    )
  })

  it.each([
    ['numbers', [{ message: 'bad', path: ['items', 0, { key: 1 }, 'id'] }], 'schema validation failed at items.0.1.id: bad'],
    ['symbols', [{ message: 'bad', path: [Symbol('s'), { key: Symbol('t') }] }], 'schema validation failed at Symbol(s).Symbol(t): bad'],
    ['an empty path', [{ message: 'not an object', path: [] }], 'schema validation failed: not an object'],
    ['no path', [{ message: 'not an object' }, { message: 'x' }, { message: 'y' }], 'schema validation failed: not an object (+2 more)'],
    ['no issue at all', [], 'schema validation failed: invalid'],
  ])('%s → %s', async (_what, issues, expected) => {
    expect(await messageFor(issues as Issues)).toBe(`${expected} — 200 GET ${MOCK}/json`)
  })
})
