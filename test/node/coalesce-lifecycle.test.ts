// Node-only: what coalesced calls leave on a long-lived signal (issue 21).
import { getEventListeners } from 'node:events'
import { describe, expect, inject, it } from 'vitest'
import { Session } from '../../src/index.js'

const base = inject('base')

describe('coalesced calls and a shared signal', () => {
  it('50 coalesced callers on one long-lived signal hold one listener while waiting and none after', async () => {
    const api = new Session({ coalesce: true, retry: false })
    const controller = new AbortController()
    const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`
    const url = `${base}/coalesce?key=${key}&delay=100&chunks=2&interval=10`
    const calls = Array.from({ length: 50 }, () => api.get(url, { signal: controller.signal, timeout: { total: 5_000 } }))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    const texts = await Promise.all(calls.map(async (call) => (await call).text()))
    expect(texts.every((text) => text === 'chunk 0\nchunk 1\n')).toBe(true)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
