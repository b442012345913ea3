import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { bearerAuth, get, HTTPError, post, Session } from '../../src/index.js'
import { MOCK, useHandlers } from '../support/mock.js'

/**
 * Whether surefetch can send a `ReadableStream` body in this runtime: where
 * fetch cannot stream an upload (happy-dom, workerd here) it refuses one up
 * front, so the stream-body cases do not apply there.
 */
async function streamUploads(): Promise<boolean> {
  const probe = post(`${MOCK}/anything`, { body: new ReadableStream(), fetch: async () => new Response(null), retry: false })
  return probe.then(
    () => true,
    () => false,
  )
}

/** `/protected` accepts only `Bearer <valid>` and counts what it saw. */
function protectedRoute(valid: string): { seen: string[] } {
  const seen: string[] = []
  useHandlers(
    http.all(`${MOCK}/protected`, async ({ request }) => {
      const authorization = request.headers.get('authorization') ?? ''
      seen.push(authorization)
      // A tiny delay, so that concurrent requests really are in flight together.
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (authorization !== `Bearer ${valid}`) {
        return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
      }
      return Response.json({ ok: true, body: await request.text() })
    }),
  )
  return { seen }
}

describe('bearerAuth', () => {
  it('sends a fixed token against /bearer', async () => {
    const body = await get(`${MOCK}/bearer`, { auth: bearerAuth('abc.def-ghi') }).json()
    expect(body).toEqual({ authenticated: true, token: 'abc.def-ghi' })
  })

  it('returns a 401 for a fixed token as is (nothing to refresh)', async () => {
    const { seen } = protectedRoute('good')
    const response = await get(`${MOCK}/protected`, { auth: bearerAuth('bad'), throwHttpErrors: false })
    expect(response.status).toBe(401)
    expect(response.history).toEqual([])
    expect(seen).toEqual(['Bearer bad'])
  })

  it('fetches the token once and reuses it', async () => {
    protectedRoute('t1')
    const source = vi.fn(async () => 't1')
    const api = new Session({ auth: bearerAuth(source) })
    await api.get(`${MOCK}/protected`)
    await api.get(`${MOCK}/protected`)
    expect(source).toHaveBeenCalledTimes(1)
  })

  it('refreshes an expired token once for 20 concurrent requests, and all 20 succeed', async () => {
    const { seen } = protectedRoute('fresh')
    let calls = 0
    const source = vi.fn(async () => {
      calls += 1
      await new Promise((resolve) => setTimeout(resolve, 10))
      return calls === 1 ? 'expired' : 'fresh'
    })
    const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source) })
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.get('/protected')))
    expect(source).toHaveBeenCalledTimes(2) // the first fetch, then exactly one refresh
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200))
    expect(responses.every((response) => response.history.length === 1 && response.history[0]?.status === 401)).toBe(true)
    expect(seen.filter((value) => value === 'Bearer expired')).toHaveLength(20)
    expect(seen.filter((value) => value === 'Bearer fresh')).toHaveLength(20)
  })

  it('replays the request once: a second 401 is returned, not refreshed again', async () => {
    const { seen } = protectedRoute('never')
    const source = vi.fn(() => 'still-wrong')
    const error = await get(`${MOCK}/protected`, { auth: bearerAuth(source) }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.history).toHaveLength(1)
    expect(seen).toHaveLength(2)
    expect(source).toHaveBeenCalledTimes(2)
  })

  describe('cool-down after a refresh that did not help', () => {
    /** A token function that hands out `t1`, `t2`, … and counts its calls. */
    function numbered(): { source: () => Promise<string>; calls: () => number } {
      let n = 0
      return {
        source: async () => {
          n += 1
          return `t${n}`
        },
        calls: () => n,
      }
    }

    const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (caught: unknown) => caught)

    it('20 calls in a row against an endpoint that always answers 401 refresh the token once, not 20 times', async () => {
      const { seen } = protectedRoute('never')
      const { source, calls } = numbered()
      const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source) })
      for (let i = 0; i < 20; i++) {
        const error = await rejection(api.get('/protected'))
        expect(error).toBeInstanceOf(HTTPError)
        expect((error as HTTPError).status).toBe(401)
      }
      expect(calls()).toBe(2) // the first fetch, then the one refresh that did not help
      // The first call: t1, then its replay with t2; the other 19: t2 once each, no replay.
      expect(seen).toEqual(['Bearer t1', ...Array(20).fill('Bearer t2')])
    })

    it('20 concurrent calls, twice, refresh the token once in all', async () => {
      const { seen } = protectedRoute('never')
      const { source, calls } = numbered()
      const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source), throwHttpErrors: false })
      const burst = () => Promise.all(Array.from({ length: 20 }, () => api.get('/protected')))
      const first = await burst()
      // Each is replayed once with t2 (one whose 401 came back after t2 was
      // already refused is not replayed: that replay could only be refused).
      expect(first.every((response) => response.status === 401 && response.history.length <= 1)).toBe(true)
      expect(seen.filter((value) => value === 'Bearer t1')).toHaveLength(20)
      expect(calls()).toBe(2)
      seen.length = 0
      const second = await burst()
      expect(second.every((response) => response.status === 401 && response.history.length === 0)).toBe(true)
      expect(seen).toEqual(Array(20).fill('Bearer t2'))
      expect(calls()).toBe(2)
    })

    it('refreshes again once the cool-down has passed, and picks up a token that now works', async () => {
      const { seen } = protectedRoute('t3')
      const { source, calls } = numbered()
      const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source, { refreshCooldown: 50 }) })
      expect(await rejection(api.get('/protected'))).toBeInstanceOf(HTTPError) // t1, then t2: both refused
      expect(await rejection(api.get('/protected'))).toBeInstanceOf(HTTPError) // in the cool-down: t2, no refresh
      expect(calls()).toBe(2)
      await new Promise((resolve) => setTimeout(resolve, 80))
      const response = await api.get('/protected') // t2 refused, refreshed to t3
      expect(response.status).toBe(200)
      expect(response.history.map((entry) => entry.status)).toEqual([401])
      expect(calls()).toBe(3)
      expect(seen).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t2', 'Bearer t2', 'Bearer t3'])
      // The working token is kept: no more refreshes.
      expect((await api.get('/protected')).status).toBe(200)
      expect(calls()).toBe(3)
    })

    it('a refresh that helped starts no cool-down: a later 401 refreshes at once', async () => {
      let valid = 't2'
      const seen: string[] = []
      useHandlers(
        http.all(`${MOCK}/rotating`, ({ request }) => {
          const authorization = request.headers.get('authorization') ?? ''
          seen.push(authorization)
          return authorization === `Bearer ${valid}` ? Response.json({ ok: true }) : new Response(null, { status: 401 })
        }),
      )
      const { source, calls } = numbered()
      const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source) })
      expect((await api.get('/rotating')).status).toBe(200) // t1 refused, t2 accepted
      valid = 't3' // the server revokes t2
      expect((await api.get('/rotating')).status).toBe(200) // t2 refused, t3 accepted
      expect(calls()).toBe(3)
    })

    it('refreshCooldown: 0 turns the cool-down off: every 401 refreshes', async () => {
      protectedRoute('never')
      const { source, calls } = numbered()
      const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source, { refreshCooldown: 0 }), throwHttpErrors: false })
      for (let i = 0; i < 3; i++) await api.get('/protected')
      expect(calls()).toBe(4)
    })

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '30s'])('rejects refreshCooldown %s', (value) => {
      expect(() => bearerAuth(() => 't', { refreshCooldown: value as number })).toThrow(
        /^bearerAuth: refreshCooldown must be a non-negative, finite number of ms/,
      )
    })
  })

  it('replays the body of a POST', async () => {
    protectedRoute('fresh')
    let token = 'old'
    const auth = bearerAuth(() => {
      const current = token
      token = 'fresh'
      return current
    })
    const body = await post(`${MOCK}/protected`, { json: { n: 1 }, auth }).json()
    expect(body).toEqual({ ok: true, body: '{"n":1}' })
  })

  it('calls a body function again for the replay', async () => {
    protectedRoute('fresh')
    let token = 'old'
    const auth = bearerAuth(async () => {
      const current = token
      token = 'fresh'
      return current
    })
    const makeBody = vi.fn(() => 'payload')
    const body = await post(`${MOCK}/protected`, { body: makeBody, auth }).json()
    expect(body).toEqual({ ok: true, body: 'payload' })
    expect(makeBody).toHaveBeenCalledTimes(2)
  })

  it('does not replay a one-shot stream body: the 401 is returned', async (context) => {
    if (!(await streamUploads())) context.skip('this runtime cannot send a stream body')
    const transport = vi.fn<typeof fetch>(async () => new Response(null, { status: 401 }))
    const source = vi.fn(() => 'tok')
    const response = await post(`${MOCK}/protected`, {
      body: new Blob(['once']).stream(),
      auth: bearerAuth(source),
      fetch: transport,
      throwHttpErrors: false,
    })
    expect(response.status).toBe(401)
    expect(transport).toHaveBeenCalledTimes(1)
    expect(source).toHaveBeenCalledTimes(1)
  })

  it('rejects the call with the token function’s error, and tries again on the next call', async () => {
    protectedRoute('ok')
    const failure = new Error('token service down')
    const source = vi.fn<() => Promise<string>>().mockRejectedValueOnce(failure).mockResolvedValue('ok')
    const api = new Session({ baseUrl: MOCK, auth: bearerAuth(source) })
    await expect(api.get('/protected')).rejects.toBe(failure)
    expect((await api.get('/protected')).status).toBe(200)
  })

  it.each([
    ['an empty string', ''],
    ['a newline', 'secret-token\nX-Injected: 1'],
    ['non-ASCII', 'tökén'],
  ])('rejects a token with %s, without showing it', async (_, token) => {
    expect(() => bearerAuth(token)).toThrow(TypeError)
    try {
      bearerAuth(token)
    } catch (error) {
      if (token !== '') expect((error as Error).message).not.toContain(token.slice(0, 6))
    }
    const fromFunction = await get(`${MOCK}/bearer`, { auth: bearerAuth(() => token) }).catch((caught: unknown) => caught)
    expect(fromFunction).toBeInstanceOf(TypeError)
    if (token !== '') expect((fromFunction as Error).message).not.toContain(token.slice(0, 6))
  })

  it('rejects what is neither a string nor a function', () => {
    expect(() => bearerAuth(42 as never)).toThrow(TypeError)
  })
})
