import { describe, expect, it } from 'vitest'
import { activeTimers, getJson, isNode, MOCK, pause, readChunks, timersAbove } from '../helpers.js'

describe('/delay/:n', () => {
  it('answers after n seconds (fractions allowed) with the body-echo shape', async () => {
    const start = Date.now()
    const { status, body } = await getJson('/delay/0.2?x=1', { method: 'POST', body: 'hi' })
    expect(Date.now() - start).toBeGreaterThanOrEqual(180)
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['args', 'data', 'files', 'form', 'headers', 'json', 'origin', 'url'])
    expect(body).toMatchObject({ args: { x: '1' }, data: 'hi' })
  })

  it('rejects with the signal\'s reason as soon as the client aborts', async () => {
    const start = Date.now()
    await expect(fetch(`${MOCK}/delay/10`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(Date.now() - start).toBeLessThan(2000)
  })

  it.runIf(isNode)('clears its timer when the client aborts', async () => {
    const before = activeTimers()
    const controller = new AbortController()
    const pending = fetch(`${MOCK}/delay/10`, { signal: controller.signal })
    const waiting = await timersAbove(before)
    expect(waiting).toBeGreaterThan(before)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await pause(0)
    expect(activeTimers()).toBe(waiting - 1)
  })

  it.each(['abc', '-1'])('answers /delay/%s with 400', async (n) => {
    expect((await fetch(`${MOCK}/delay/${n}`)).status).toBe(400)
  })
})

describe('/drip', () => {
  it('spreads numbytes asterisks over duration seconds, with Content-Length', async () => {
    const start = Date.now()
    const response = await fetch(`${MOCK}/drip?numbytes=5&duration=0.25`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-length')).toBe('5')
    const body = response.body
    if (!body) throw new Error('expected a body')
    const { bytes, times } = await readChunks(body)
    expect(new TextDecoder().decode(bytes)).toBe('*****')
    expect(times.length).toBeGreaterThan(1)
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(120)
    expect(Date.now() - start).toBeGreaterThanOrEqual(200)
  })

  it('waits delay seconds before the headers and answers with code', async () => {
    const start = Date.now()
    const response = await fetch(`${MOCK}/drip?numbytes=2&duration=0&delay=0.1&code=503`)
    expect(Date.now() - start).toBeGreaterThanOrEqual(90)
    expect(response.status).toBe(503)
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('**')
  })

  it('sends large bodies in a bounded number of chunks', async () => {
    const response = await fetch(`${MOCK}/drip?numbytes=100000&duration=0.05`)
    expect((await response.arrayBuffer()).byteLength).toBe(100000)
  })

  it.each(['numbytes=0', 'numbytes=x', 'duration=-1', 'code=99', 'delay=x'])('answers ?%s with 400', async (query) => {
    expect((await fetch(`${MOCK}/drip?${query}`)).status).toBe(400)
  })

  it.runIf(isNode)('stops dripping, timers included, when the reader cancels', async () => {
    const before = activeTimers()
    const response = await fetch(`${MOCK}/drip?numbytes=10&duration=5`)
    const reader = response.body?.getReader()
    expect((await reader?.read())?.value?.byteLength).toBeGreaterThan(0)
    const dripping = activeTimers()
    await reader?.cancel()
    await pause(0)
    expect(activeTimers()).toBe(dripping - 1)
    expect(activeTimers()).toBeLessThanOrEqual(before)
  })

  it.runIf(isNode)('errors the body with the abort reason when the client aborts mid-body', async () => {
    const controller = new AbortController()
    const response = await fetch(`${MOCK}/drip?numbytes=10&duration=5`, { signal: controller.signal })
    const reader = response.body?.getReader()
    await reader?.read()
    controller.abort()
    await expect(reader?.read()).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('/stream/:n', () => {
  it('sends n JSON lines, each the /get shape plus an id', async () => {
    const response = await fetch(`${MOCK}/stream/3?a=1`)
    expect(response.headers.get('content-type')).toBe('application/json')
    const lines = (await response.text()).split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      [0, 1, 2].map((id) =>
        expect.objectContaining({ id, args: { a: '1' }, url: `${MOCK}/stream/3?a=1`, origin: '127.0.0.1', headers: expect.any(Object) }),
      ),
    )
  })

  it('caps n at 100 lines, as httpbin does', async () => {
    const text = await (await fetch(`${MOCK}/stream/500`)).text()
    expect(text.trimEnd().split('\n')).toHaveLength(100)
  })
})

describe('/bytes/:n', () => {
  it('sends n random bytes as application/octet-stream', async () => {
    const response = await fetch(`${MOCK}/bytes/64`)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-length')).toBe('64')
    expect((await response.arrayBuffer()).byteLength).toBe(64)
  })

  it('repeats the same bytes for the same ?seed and differs for another', async () => {
    const read = async (seed: number): Promise<number[]> => [...new Uint8Array(await (await fetch(`${MOCK}/bytes/32?seed=${seed}`)).arrayBuffer())]
    const first = await read(42)
    expect(await read(42)).toEqual(first)
    expect(await read(43)).not.toEqual(first)
  })

  it('caps n at 100 KiB, as httpbin does', async () => {
    expect((await (await fetch(`${MOCK}/bytes/200000`)).arrayBuffer()).byteLength).toBe(100 * 1024)
  })

  it.each(['/bytes/x', '/bytes/10?seed=x'])('answers %s with an error status', async (path) => {
    expect((await fetch(`${MOCK}${path}`)).status).toBeGreaterThanOrEqual(400)
  })
})
