/// <reference types="node" />
// Coalescing and upload progress (issue 21) on Deno and Bun, against the
// fault server (vitest covers Node, happy-dom, Chromium and workerd in
// test/layers/coalesce.test.ts and test/body-progress.test.ts). Run through
// test/runtimes/run.mjs, which starts the fault server and sets BASE.
import assert from 'node:assert/strict'
import { test } from 'node:test'
// @ts-types="../../dist/index.d.ts"
import { post, Session, type UploadProgress } from '../../dist/index.js'

const BASE = process.env.BASE ?? ''
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  throw new Error(`BASE must be the fault server origin (got ${JSON.stringify(BASE)}); run test/runtimes/run.mjs`)
}

test('coalesce: 20 concurrent identical GETs are one request, each caller reads the body', async () => {
  const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`
  const api = new Session({ coalesce: true, retry: false })
  const url = `${BASE}/coalesce?key=${key}&delay=100&chunks=2&interval=10`
  const texts = await Promise.all(Array.from({ length: 20 }, () => api.get(url).text()))
  assert.deepEqual(new Set(texts), new Set(['chunk 0\nchunk 1\n']))
  const counts = (await (await fetch(`${BASE}/coalesce-count?key=${key}`)).json()) as { count: number }
  assert.equal(counts.count, 1)
})

test('onUploadProgress: a 5 MiB body is streamed, loaded increases and ends at total', async () => {
  const events: UploadProgress[] = []
  const total = 5 * 1024 * 1024
  const upload = await post(`${BASE}/upload`, { body: new Uint8Array(total), onUploadProgress: (p) => void events.push(p) }).json<{ bytes: number }>()
  assert.equal(upload.bytes, total)
  assert.ok(events.length >= 80, `expected streamed progress, got ${events.length} events`)
  assert.deepEqual(events.at(-1), { loaded: total, total, percent: 100 })
  for (let i = 1; i < events.length; i++) assert.ok((events[i] as UploadProgress).loaded > (events[i - 1] as UploadProgress).loaded)
})
