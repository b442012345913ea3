// Node-only: httpCache in a Cloudflare Worker that returns `response.raw` as
// is (a caching proxy). workerd reads a returned Response's body natively,
// not through its JS members, so a hit must be a Response whose native body
// is the stored one (layers/http-cache.ts: StoredResponse is for Node only).
import { join, resolve } from 'node:path'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startWorker } from '../support/miniflare.js'

const root = resolve(import.meta.dirname, '../..')
const base = inject('base')

describe('httpCache in a Worker that returns response.raw', () => {
  let mf: Miniflare

  beforeAll(async () => {
    mf = await startWorker(join(root, 'test/support/cache-proxy-worker.ts'), '2026-04-01', { UPSTREAM: base })
  }, 30_000)
  afterAll(() => mf?.dispose())

  it('a hit returned as is carries the stored body, and the upstream saw one request', async () => {
    const key = crypto.randomUUID()
    const miss = await mf.dispatchFetch(`https://worker.test/?key=${key}`)
    const missBody = await miss.text()
    const hit = await mf.dispatchFetch(`https://worker.test/?key=${key}`)
    expect(missBody.length).toBeGreaterThan(0)
    expect(await hit.text()).toBe(missBody)
    expect(hit.headers.get('age')).not.toBeNull()
    const counts = (await (await fetch(`${base}/__count?key=${key}`)).json()) as { count: number }
    expect(counts.count).toBe(1)
  }, 30_000)
})
