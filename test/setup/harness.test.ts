// The test harness itself, in every project: the fault server is reached for
// real (through CORS where the runtime enforces it), the mock httpbin through
// MSW, and streamed bodies stay cancellable with MSW installed.
import { http, HttpResponse } from 'msw'
import { describe, expect, inject, it } from 'vitest'
import { MOCK, useHandlers } from '../support/mock.js'

const base = inject('base')

describe('test harness', () => {
  it('reaches the fault server for real', async () => {
    const res = await fetch(`${base}/json`)
    expect(await res.json()).toEqual({ hello: 'world' })
  })

  it('reaches the fault server with a preflighted request', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'PUT',
      headers: { 'x-custom': 'yes', authorization: 'Bearer t' },
      body: 'hi',
    })
    const echo = (await res.json()) as { method: string; headers: Record<string, string>; body: string }
    expect(echo).toMatchObject({ method: 'PUT', body: 'hi' })
    expect(echo.headers['x-custom']).toBe('yes')
    expect(echo.headers.authorization).toBe('Bearer t')
  })

  it('reaches the mock httpbin through MSW', async () => {
    const res = await fetch(`${MOCK}/get?a=1`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ args: { a: '1' } })
  })

  it('adds per-test handlers with useHandlers', async () => {
    useHandlers(http.get(`${MOCK}/get`, () => HttpResponse.json({ overridden: true })))
    expect(await (await fetch(`${MOCK}/get`)).json()).toEqual({ overridden: true })
  })

  it('drops per-test handlers after the test', async () => {
    expect(await (await fetch(`${MOCK}/get`)).json()).not.toHaveProperty('overridden')
  })

  // MSW tees every response; the setup files cancel the unread branch, or
  // this cancel would never settle.
  it('cancels a stalled body passed through MSW', async () => {
    const res = await fetch(`${base}/stall-body`)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
  })

  it('cancels a large body passed through MSW after the first chunk', async () => {
    const res = await fetch(`${base}/big?mib=64`)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
  })

  it('cancels a streamed mocked body', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('first\n')),
    })
    useHandlers(http.get(`${MOCK}/stalled-stream`, () => new HttpResponse(stream)))
    const res = await fetch(`${MOCK}/stalled-stream`)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
  })

  // The rejection differs per runtime: TypeError (Node, Chromium), happy-dom's
  // NetworkError DOMException, a plain Error "Network connection lost." (workerd).
  it('rejects a refused connection at 127.0.0.1:59999', async () => {
    await expect(fetch('http://127.0.0.1:59999/')).rejects.toThrow()
  })
})
