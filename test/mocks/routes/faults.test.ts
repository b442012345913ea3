import { describe, expect, it } from 'vitest'
import { createHttpbin } from '../../../mocks/index.js'
import { httpbin, useHandlers } from '../../support/mock.js'
import { activeTimers, isNode, MOCK, pause } from '../helpers.js'

async function statuses(url: string, count: number, init?: RequestInit): Promise<number[]> {
  const seen: number[] = []
  for (let index = 0; index < count; index += 1) {
    const response = await fetch(url, init)
    await response.arrayBuffer()
    seen.push(response.status)
  }
  return seen
}

describe('/retry-after/:n', () => {
  it('answers 503 with Retry-After: 1 for the first n calls, then 200 with the /get shape', async () => {
    const first = await fetch(`${MOCK}/retry-after/2`)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('1')
    expect(first.headers.get('x-attempt')).toBe('1')
    expect(await first.json()).toEqual({ attempt: 1, error: 'Service Unavailable', failures: 2 })
    expect(await statuses(`${MOCK}/retry-after/2`, 3)).toEqual([503, 200, 200])
    const success = await fetch(`${MOCK}/retry-after/2?x=1`)
    expect(success.headers.get('x-attempt')).toBe('5')
    expect(await success.json()).toMatchObject({ args: { x: '1' }, url: `${MOCK}/retry-after/2?x=1` })
  })

  it.each([
    ['?after=Wed, 21 Oct 2015 07:28:00 GMT', 503, 'Wed, 21 Oct 2015 07:28:00 GMT'],
    ['?after=0', 503, '0'],
    ['?status=429', 429, '1'],
    ['?status=429&after=3', 429, '3'],
  ])('%s sets status %i and Retry-After %j', async (query, status, retryAfter) => {
    const response = await fetch(`${MOCK}/retry-after/1${query}`)
    expect(response.status).toBe(status)
    expect(response.headers.get('retry-after')).toBe(retryAfter)
  })

  it('counts each n separately, and accepts any method', async () => {
    expect(await statuses(`${MOCK}/retry-after/1`, 2, { method: 'POST', body: 'x' })).toEqual([503, 200])
    expect(await statuses(`${MOCK}/retry-after/2`, 3, { method: 'PUT', body: 'x' })).toEqual([503, 503, 200])
  })

  it('starts counting again after reset()', async () => {
    expect(await statuses(`${MOCK}/retry-after/1`, 2)).toEqual([503, 200])
    httpbin.reset()
    expect(await statuses(`${MOCK}/retry-after/1`, 2)).toEqual([503, 200])
  })

  it('keeps counters per createHttpbin instance', async () => {
    const other = createHttpbin({ baseUrl: 'http://127.0.0.1:59997' })
    useHandlers(...other.handlers)
    expect(await statuses(`${MOCK}/retry-after/1`, 1)).toEqual([503])
    expect(await statuses('http://127.0.0.1:59997/retry-after/1', 2)).toEqual([503, 200])
    expect(await statuses(`${MOCK}/retry-after/1`, 1)).toEqual([200])
  })

  it.each(['/retry-after/x', '/retry-after/1?status=abc'])('answers %s with an error status', async (path) => {
    expect((await fetch(`${MOCK}${path}`)).status).toBeGreaterThanOrEqual(400)
  })
})

describe('/flaky', () => {
  it.each([
    ['?fail=2', [500, 500, 200, 200]],
    ['', [500, 200]],
    ['?fail=0', [200]],
    ['?fail=1&status=502', [502, 200]],
  ])('%s answers %j', async (query, expected) => {
    expect(await statuses(`${MOCK}/flaky${query}`, expected.length)).toEqual(expected)
  })

  it('counts each distinct query separately, so tests can isolate with an extra key', async () => {
    expect(await statuses(`${MOCK}/flaky?fail=1&id=a`, 2)).toEqual([500, 200])
    expect(await statuses(`${MOCK}/flaky?fail=1&id=b`, 2)).toEqual([500, 200])
  })

  it('starts counting again after reset()', async () => {
    expect(await statuses(`${MOCK}/flaky?fail=1`, 2)).toEqual([500, 200])
    httpbin.reset()
    expect(await statuses(`${MOCK}/flaky?fail=1`, 1)).toEqual([500])
  })
})

describe('/reset', () => {
  it.each(['GET', 'POST'])('makes %s fetch reject with a TypeError, as a dropped connection does', async (method) => {
    await expect(fetch(`${MOCK}/reset`, { method, ...(method === 'POST' ? { body: 'x' } : {}) })).rejects.toThrow(TypeError)
  })
})

describe('/stall', () => {
  it('never sends headers, and rejects with the signal\'s reason once the client aborts', async () => {
    const controller = new AbortController()
    const reason = new Error('gave up')
    const pending = fetch(`${MOCK}/stall`, { signal: controller.signal })
    await pause(50)
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  it('rejects with a TimeoutError under AbortSignal.timeout', async () => {
    await expect(fetch(`${MOCK}/stall`, { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  it.runIf(isNode)('adds no timer while it waits', async () => {
    const before = activeTimers()
    const controller = new AbortController()
    const pending = fetch(`${MOCK}/stall`, { signal: controller.signal }).catch(() => 'aborted')
    await pause(30)
    expect(activeTimers()).toBeLessThanOrEqual(before)
    controller.abort()
    expect(await pending).toBe('aborted')
  })
})

describe('/sse', () => {
  it('streams a comment, a retry, then named, multi-line and id-carrying events', async () => {
    const response = await fetch(`${MOCK}/sse?count=2`)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(await response.text()).toBe(
      ': surefetch mock event stream\nretry: 1000\n\n' +
        'id: 1\nevent: tick\ndata: {"id":1}\n\n' +
        'id: 2\ndata: event 2\ndata: second line\n\n',
    )
  })

  it.each([
    ['', 3],
    ['?count=0', 0],
    ['?count=5', 5],
  ])('?count%s sends %i events', async (query, count) => {
    const text = await (await fetch(`${MOCK}/sse${query}`)).text()
    expect(text.match(/^id: /gm) ?? []).toHaveLength(count)
  })

  it('resumes after the Last-Event-ID a reconnecting client sends', async () => {
    const text = await (await fetch(`${MOCK}/sse?count=4`, { headers: { 'last-event-id': '2' } })).text()
    expect(text.match(/^id: \d+/gm)).toEqual(['id: 3', 'id: 4'])
  })
})

describe('/ndjson', () => {
  it.each([
    ['', 3],
    ['?count=1', 1],
    ['?count=0', 0],
  ])('?count%s sends %i JSON lines as application/x-ndjson', async (query, count) => {
    const response = await fetch(`${MOCK}/ndjson${query}`)
    expect(response.headers.get('content-type')).toBe('application/x-ndjson')
    const text = new TextDecoder().decode(await response.arrayBuffer())
    const lines = text === '' ? [] : text.trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      Array.from({ length: count }, (_, id) => ({ id, message: `line ${id}` })),
    )
  })
})
