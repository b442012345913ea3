// Node-only: coalescing in a Cloudflare Worker (issue 21). workerd forbids one
// request's I/O objects (a response body) in another request's handler, so a
// module-wide session must not hand one Worker request's response to another:
// calls within one Worker request are coalesced, calls of concurrent Worker
// requests are not (each would fail reading the other's body).
import { join, resolve } from 'node:path'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startWorker } from '../support/miniflare.js'

const root = resolve(import.meta.dirname, '../..')
const base = inject('base')

describe('coalesce: true in a Worker with a module-wide session', () => {
  let mf: Miniflare

  beforeAll(async () => {
    mf = await startWorker(join(root, 'test/support/coalesce-worker.ts'), '2026-04-01', { UPSTREAM: base })
  }, 30_000)
  afterAll(() => mf?.dispose())

  it('calls of one Worker request share a request; concurrent Worker requests each send their own', async () => {
    const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`
    const responses = await Promise.all(Array.from({ length: 3 }, () => mf.dispatchFetch(`https://worker.test/?key=${key}&calls=5`)))
    const bodies = await Promise.all(responses.map((response) => response.json()))
    const texts = Array.from({ length: 5 }, () => 'chunk 0\nchunk 1\nchunk 2\n')
    expect(bodies).toEqual(Array.from({ length: 3 }, () => ({ texts })))
    const counts = (await (await fetch(`${base}/coalesce-count?key=${key}`)).json()) as { count: number }
    expect(counts.count).toBe(3)
  }, 30_000)
})
