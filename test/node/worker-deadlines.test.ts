// Node-only: deadlines in a Cloudflare Worker across requests (issue 16).
// workerd cancels a finished request's timers and forbids one request's I/O
// objects in another; a deadline design that shares a timer between calls
// went dead after an idle gap, and every later call in that isolate waited on
// its upstream forever. Here each call is a Worker request of its own
// (Miniflare runs the same workerd as `wrangler dev`), with idle gaps longer
// than the previous request's deadlines in between.
import { join, resolve } from 'node:path'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startWorker } from '../support/miniflare.js'

const root = resolve(import.meta.dirname, '../..')
const base = inject('base')
const idle = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('a Worker isolate, request after request with idle gaps', () => {
  let mf: Miniflare

  beforeAll(async () => {
    mf = await startWorker(join(root, 'test/support/deadline-worker.ts'), '2026-04-01', { UPSTREAM: base })
  }, 30_000)
  afterAll(() => mf?.dispose())

  async function call(path: string): Promise<{ ok?: boolean; phase?: string; timeout?: number; ms: number }> {
    const response = await mf.dispatchFetch(`https://worker.test${path}`)
    expect(response.status, await response.clone().text()).toBe(200)
    return response.json() as Promise<{ ok?: boolean; phase?: string; timeout?: number; ms: number }>
  }

  it('every timeout fires on time, after every gap', async () => {
    const script: Array<[string, string | undefined]> = [
      ['/fast', undefined],
      ['/total', 'total'],
      ['/fast', undefined],
      ['/attempt', 'attempt'],
      ['/session-fast', undefined],
      ['/read', 'read'],
      ['/session-total', 'total'],
      ['/fast', undefined],
      ['/attempt', 'attempt'],
      ['/session-total', 'total'],
    ]
    const seen: unknown[] = []
    for (const [path, phase] of script) {
      const result = await call(path)
      seen.push({ path, ...result })
      if (phase === undefined) expect(result.ok, path).toBe(true)
      else {
        expect(result.phase, path).toBe(phase)
        expect(result.ms, `${path} took ${result.ms} ms`).toBeLessThan(2_000)
      }
      await idle(700) // longer than any deadline the request before set
    }
    expect(seen).toHaveLength(script.length)
  }, 60_000)
})
