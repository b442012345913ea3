import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CircuitOpenError, HTTPError, NetworkError, Session } from '../../src/index.js'

const A = 'http://127.0.0.1:1'
const B = 'http://127.0.0.2:1'

/** A transport whose health is switched by the test; counts what reaches it. */
function upstream() {
  const state = { status: 200 as number | 'down', calls: 0 }
  const fetch = vi.fn(async () => {
    state.calls++
    if (state.status === 'down') throw new TypeError('fetch failed')
    return new Response('x', { status: state.status })
  }) as unknown as typeof globalThis.fetch
  return { state, fetch }
}

function session(fetch: typeof globalThis.fetch, changes: string[] = []) {
  return new Session({
    fetch,
    retry: false,
    timeout: false,
    breaker: { threshold: 3, cooldown: 10_000, onStateChange: ({ from, to }) => void changes.push(`${from}→${to}`) },
  })
}

const fail = (promise: Promise<unknown>) => promise.catch((e: unknown) => e)

describe('circuit breaker', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.UTC(2026, 0, 1))
  })
  afterEach(() => vi.useRealTimers())

  it('closed: counts consecutive failures; a success resets the count', async () => {
    const { state, fetch } = upstream()
    const api = session(fetch)
    state.status = 503
    await fail(api.get(`${A}/x`))
    await fail(api.get(`${A}/x`))
    expect(api.circuit(A)).toEqual({ state: 'closed', failures: 2 })
    state.status = 200
    await api.get(`${A}/x`)
    expect(api.circuit(A)).toEqual({ state: 'closed', failures: 0 })
  })

  it('closed → open after threshold failures; open calls fail at once without reaching the upstream', async () => {
    const { state, fetch } = upstream()
    const changes: string[] = []
    const api = session(fetch, changes)
    state.status = 'down'
    for (let i = 0; i < 3; i++) expect(await fail(api.get(`${A}/x`))).toBeInstanceOf(NetworkError)
    expect(changes).toEqual(['closed→open'])
    const status = api.circuit(A)
    expect(status.state).toBe('open')
    expect(status.retryAt).toBe(Date.now() + 10_000)
    const error = (await fail(api.get(`${A}/y`))) as CircuitOpenError
    expect(error).toBeInstanceOf(CircuitOpenError)
    expect(error.origin).toBe(A)
    expect(error.retryAt).toBe(status.retryAt)
    expect(error.message).toMatch(/^circuit open for http:\/\/127\.0\.0\.1:1 until .* — GET http:\/\/127\.0\.0\.1:1\/y$/)
    expect(state.calls).toBe(3)
  })

  it('open → half-open after the cooldown: one probe; its success closes the circuit', async () => {
    const { state, fetch } = upstream()
    const changes: string[] = []
    const api = session(fetch, changes)
    state.status = 500
    for (let i = 0; i < 3; i++) await fail(api.get(`${A}/x`))
    vi.setSystemTime(Date.now() + 10_000)
    expect(api.circuit(A).state).toBe('half-open')
    state.status = 200
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    ;(fetch as unknown as ReturnType<typeof vi.fn>).mockImplementationOnce(async () => {
      state.calls++
      await gate
      return new Response('ok')
    })
    const probe = api.get(`${A}/probe`)
    await Promise.resolve()
    // While the probe is in flight, other calls are refused.
    expect(await fail(api.get(`${A}/other`))).toBeInstanceOf(CircuitOpenError)
    release()
    expect((await probe).status).toBe(200)
    expect(api.circuit(A)).toEqual({ state: 'closed', failures: 0 })
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed'])
  })

  it('half-open → open again when the probe fails, with a new cooldown', async () => {
    const { state, fetch } = upstream()
    const changes: string[] = []
    const api = session(fetch, changes)
    state.status = 'down'
    for (let i = 0; i < 3; i++) await fail(api.get(`${A}/x`))
    vi.setSystemTime(Date.now() + 10_001)
    expect(await fail(api.get(`${A}/probe`))).toBeInstanceOf(NetworkError)
    expect(api.circuit(A)).toMatchObject({ state: 'open', retryAt: Date.now() + 10_000 })
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→open'])
  })

  it('a call admitted before the circuit opened does not close it when it succeeds late', async () => {
    const { state, fetch } = upstream()
    const api = session(fetch)
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    ;(fetch as unknown as ReturnType<typeof vi.fn>).mockImplementationOnce(async () => {
      await gate
      return new Response('late but fine')
    })
    const slow = api.get(`${A}/slow`)
    state.status = 'down'
    for (let i = 0; i < 3; i++) await fail(api.get(`${A}/x`))
    expect(api.circuit(A).state).toBe('open')
    const retryAt = api.circuit(A).retryAt
    release()
    await slow
    expect(api.circuit(A)).toMatchObject({ state: 'open', retryAt })
  })

  it('4xx answers and user aborts are not failures', async () => {
    const { state, fetch } = upstream()
    const api = session(fetch)
    state.status = 404
    for (let i = 0; i < 5; i++) expect(await fail(api.get(`${A}/x`))).toBeInstanceOf(HTTPError)
    expect(api.circuit(A).state).toBe('closed')
    for (let i = 0; i < 5; i++) await fail(api.get(`${A}/x`, { signal: AbortSignal.abort() }))
    expect(api.circuit(A)).toEqual({ state: 'closed', failures: 0 })
  })

  it('keeps one circuit per origin', async () => {
    const { state, fetch } = upstream()
    const api = session(fetch)
    state.status = 503
    for (let i = 0; i < 3; i++) await fail(api.get(`${A}/x`))
    state.status = 200
    expect((await api.get(`${B}/x`)).status).toBe(200)
    expect(api.circuit(A).state).toBe('open')
    expect(api.circuit(B).state).toBe('closed')
  })

  it('is off unless configured, and validated', async () => {
    const { state, fetch } = upstream()
    const api = new Session({ fetch, retry: false, timeout: false })
    state.status = 'down'
    for (let i = 0; i < 10; i++) await fail(api.get(`${A}/x`))
    expect(state.calls).toBe(10)
    expect(() => new Session({ breaker: { threshold: 0 } })).toThrow(RangeError)
    expect(() => new Session({ breaker: { cooldown: -1 } })).toThrow(/breaker.cooldown/)
    expect(() => api.circuit('nope')).toThrow(TypeError)
  })
})
