/// <reference types="node" />
// The fault server's own contract, checked with plain fetch, so that a
// surefetch test failing against it points at surefetch, not at the server.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startFaultServer, type FaultServer } from '../fault-server.js'

let server: FaultServer
let base: string

beforeAll(async () => {
  server = await startFaultServer()
  base = server.url
})
afterAll(() => server.close())

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text()
}

describe('fault server', () => {
  it('is provided to every project by the global setup', async () => {
    const res = await fetch(`${inject('base')}/json`)
    expect(await res.json()).toEqual({ hello: 'world' })
  })

  it('listens on 127.0.0.1 and a free port', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers /json', async () => {
    const res = await fetch(`${base}/json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ hello: 'world' })
  })

  it('closes the connection after each response to browsers only', async () => {
    expect((await fetch(`${base}/json`)).headers.get('connection')).not.toBe('close')
    const res = await fetch(`${base}/json`, { headers: { origin: 'http://localhost:3000' } })
    expect(res.headers.get('connection')).toBe('close')
  })

  it('sends CORS headers on every response and answers preflights', async () => {
    const res = await fetch(`${base}/json`)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toBe('*')

    const pre = await fetch(`${base}/echo`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, x-custom',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toBe('PUT')
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, x-custom')
  })

  it('echoes method, url, headers and body', async () => {
    const res = await fetch(`${base}/echo?a=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ n: 1 }),
    })
    const echo = (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: string }
    expect(echo.method).toBe('POST')
    expect(echo.url).toBe(`${base}/echo?a=1`)
    expect(echo.headers['x-test']).toBe('yes')
    expect(echo.headers['content-type']).toBe('application/json')
    expect(JSON.parse(echo.body)).toEqual({ n: 1 })
  })

  it.each([200, 404, 418, 500, 503])('answers /status/%i with that status', async (code) => {
    const res = await fetch(`${base}/status/${code}`)
    expect(res.status).toBe(code)
    expect(await res.text()).toMatch(new RegExp(`^${code} `))
  })

  it('answers /status/204 without a body', async () => {
    const res = await fetch(`${base}/status/204`)
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  it('answers unknown routes with 404', async () => {
    const res = await fetch(`${base}/nope`)
    expect(res.status).toBe(404)
  })

  it('delays the headers of /delay/:ms', async () => {
    const start = performance.now()
    const res = await fetch(`${base}/delay/150`)
    expect(performance.now() - start).toBeGreaterThanOrEqual(140)
    expect(await res.json()).toEqual({ delayed: 150 })
  })

  it('never sends headers on /stall, and lets the client abort', async () => {
    const controller = new AbortController()
    const pending = fetch(`${base}/stall`, { signal: controller.signal })
    const winner = await Promise.race([pending.then(() => 'response'), sleep(200).then(() => 'stalled')])
    expect(winner).toBe('stalled')
    controller.abort()
    await expect(pending).rejects.toThrow(/abort/i)
  })

  it('sends headers and a first chunk on /stall-body, then nothing', async () => {
    const res = await fetch(`${base}/stall-body`)
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first chunk\n')
    const winner = await Promise.race([reader.read().then(() => 'chunk'), sleep(200).then(() => 'stalled')])
    expect(winner).toBe('stalled')
    await reader.cancel()
  })

  it('drips /drip chunks at a steady pace', async () => {
    const start = performance.now()
    const res = await fetch(`${base}/drip?chunks=4&interval=50`)
    expect(await res.text()).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\n')
    expect(performance.now() - start).toBeGreaterThanOrEqual(140)
  })

  it('drips many chunks without piling up listeners', async () => {
    const warnings: Error[] = []
    const onWarning = (warning: Error): void => void warnings.push(warning)
    process.on('warning', onWarning)
    try {
      const text = await (await fetch(`${base}/drip?chunks=30&interval=1`)).text()
      expect(text.split('\n')).toHaveLength(31)
      await sleep(10)
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings).toEqual([])
  })

  it('resets the connection on /reset', async () => {
    await expect(fetch(`${base}/reset`)).rejects.toThrow(TypeError)
  })

  it('resets the connection mid-body on /reset?after=body', async () => {
    const res = await fetch(`${base}/reset?after=body`)
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })

  it('fails the first n calls of /retry-after/:n per key with Retry-After', async () => {
    const url = `${base}/retry-after/2?after=1&key=ra-${Math.random()}`
    const first = await fetch(url)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('1')
    expect((await fetch(url)).status).toBe(503)
    const third = await fetch(url)
    expect(third.status).toBe(200)
    expect(await third.json()).toEqual({ attempts: 3 })
  })

  it('uses the status given to /retry-after, and omits Retry-After without `after`', async () => {
    const res = await fetch(`${base}/retry-after/1?status=429&key=ra-${Math.random()}`)
    expect(res.status).toBe(429)
    expect(res.headers.has('retry-after')).toBe(false)
  })

  it('resets the first n calls of /flaky per key, then succeeds', async () => {
    const url = `${base}/flaky?fail=2&key=fl-${Math.random()}`
    await expect(fetch(url)).rejects.toThrow(TypeError)
    await expect(fetch(url)).rejects.toThrow(TypeError)
    expect(await (await fetch(url)).json()).toEqual({ attempts: 3 })
  })

  it('answers /flaky failures with a status when one is given', async () => {
    const url = `${base}/flaky?fail=1&status=502&key=fl-${Math.random()}`
    expect((await fetch(url)).status).toBe(502)
    expect((await fetch(url)).status).toBe(200)
  })

  it('clears the counters on /__reset', async () => {
    const url = `${base}/retry-after/1?key=reset-me`
    expect((await fetch(url)).status).toBe(503)
    expect((await fetch(url)).status).toBe(200)
    expect(await (await fetch(`${base}/__reset`)).json()).toEqual({ reset: true })
    expect((await fetch(url)).status).toBe(503)
  })

  it('redirects /redirect/:n n times, ending at /echo', async () => {
    const res = await fetch(`${base}/redirect/3`)
    expect(res.redirected).toBe(true)
    expect(res.url).toBe(`${base}/echo`)
    expect(((await res.json()) as { method: string }).method).toBe('GET')

    const hop = await fetch(`${base}/redirect/3`, { redirect: 'manual' })
    expect(hop.status).toBe(302)
    expect(hop.headers.get('location')).toBe('/redirect/2')
  })

  it('keeps the redirect status along the chain (307 replays the body)', async () => {
    const res = await fetch(`${base}/redirect/2?status=307`, { method: 'POST', body: 'payload' })
    const echo = (await res.json()) as { method: string; body: string }
    expect(echo).toMatchObject({ method: 'POST', body: 'payload' })
  })

  it('sets cookies on /cookies/set and echoes the Cookie header on /cookies', async () => {
    const set = await fetch(`${base}/cookies/set?a=1&b=two`, { redirect: 'manual' })
    expect(set.status).toBe(302)
    expect(set.headers.get('location')).toBe('/cookies')
    expect(set.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=two; Path=/'])

    const res = await fetch(`${base}/cookies`, { headers: { cookie: 'a=1; b=two' } })
    expect(await res.json()).toEqual({ cookie: 'a=1; b=two', cookies: { a: '1', b: 'two' } })
  })

  it('streams /ndjson lines', async () => {
    const res = await fetch(`${base}/ndjson?count=3`)
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    expect(await res.text()).toBe('{"i":0}\n{"i":1}\n{"i":2}\n')
  })

  it('streams /sse events', async () => {
    const res = await fetch(`${base}/sse?count=2`)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(await res.text()).toBe('id: 0\nevent: message\ndata: {"i":0}\n\nid: 1\nevent: message\ndata: {"i":1}\n\n')
  })

  it('generates exactly n MiB of NDJSON on /big', async () => {
    const res = await fetch(`${base}/big?mib=2`)
    expect(res.headers.get('content-length')).toBe(String(2 * 1024 * 1024))
    const text = await readAll(res.body!)
    expect(text.length).toBe(2 * 1024 * 1024)
    const lines = text.split('\n').slice(0, -1)
    expect(lines).toHaveLength(2 * 16_384)
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ i: 2 * 16_384 - 1 })
  })

  it('stops generating /big when the client cancels', async () => {
    const res = await fetch(`${base}/big?mib=64`)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
    // The server is still healthy afterwards.
    expect((await fetch(`${base}/json`)).status).toBe(200)
  })

  it('closes promptly with stalled and dripping requests in flight', async () => {
    const own = await startFaultServer()
    const stalled = fetch(`${own.url}/stall`).catch((error: unknown) => error)
    const dripping = fetch(`${own.url}/drip?chunks=100&interval=10000`).then((r) => r.text()).catch((error: unknown) => error)
    await sleep(50)
    const start = performance.now()
    await own.close()
    expect(performance.now() - start).toBeLessThan(500)
    expect(await stalled).toBeInstanceOf(TypeError)
    expect(await dripping).toBeInstanceOf(Error)
  })
})

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
