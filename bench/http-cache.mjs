#!/usr/bin/env node
// httpCache (issue 21): a cached hit vs a loopback round trip. Acceptance:
// the hit is ≥ 20× faster.
//
//   node bench/http-cache.mjs [--calls 5000] [--rounds 5] [--json]
//
// Method. A node:http server in a child process (its own core) answers a
// small JSON document with `cache-control: max-age=3600`. In this process,
// two sessions of the built dist/ (SUREFETCH_DIST when set) make sequential
// `get(url).json()` calls (concurrency 1, so each is one full round trip):
// one without httpCache (every call goes over loopback, keep-alive), one
// with `httpCache: true` (after one warming call, every call is a hit). Per
// round, --calls calls of each, alternating batches of 500 (round trip,
// hit, round trip, hit …); the round's ratio is round-trip time ÷ hit time.
// Reported: the median ratio over the rounds, its range, and µs per call;
// also the floor: the same session with a stub fetch that answers at once
// (no cache, no I/O), which is what surefetch's own per-call work costs, and
// `new Response(body).json()` with no client at all.
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

if (process.argv.includes('--server')) {
  const payload = Buffer.from(JSON.stringify({ id: 1, name: 'surefetch', ok: true, tags: ['a', 'b'], score: 0.5 }))
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length, 'cache-control': 'max-age=3600' })
    res.end(payload)
  })
  server.keepAliveTimeout = 120_000
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('disconnect', () => process.exit(0))
  setTimeout(() => process.exit(0), 10 * 60_000)
} else {
  const here = dirname(fileURLToPath(import.meta.url))
  const dist = process.env.SUREFETCH_DIST ? resolve(process.env.SUREFETCH_DIST) : resolve(here, '../dist/index.js')
  const { Session } = await import(pathToFileURL(dist).href)
  const CALLS = Number(option('calls', '5000'))
  const ROUNDS = Number(option('rounds', '5'))
  const BATCH = 500
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { port } = await new Promise((resolveReady) => child.once('message', resolveReady))
  const url = `http://127.0.0.1:${port}/item`
  const plain = new Session({ retry: false })
  const cached = new Session({ retry: false, httpCache: true })
  const body = JSON.stringify({ id: 1, name: 'surefetch', ok: true, tags: ['a', 'b'], score: 0.5 })
  const stub = async () => new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'max-age=3600' } })
  const floor = new Session({ retry: false, fetch: stub })
  const batch = async (session, n) => {
    const started = performance.now()
    for (let i = 0; i < n; i++) await session.get(url).json()
    return performance.now() - started
  }
  /** No client at all: a native Response of the body, read as JSON (what any hit must at least do). */
  const native = async (n) => {
    const started = performance.now()
    for (let i = 0; i < n; i++) await new Response(body, { headers: { 'content-type': 'application/json' } }).json()
    return performance.now() - started
  }
  // Warm-up: JIT, the connection, the cache entry.
  await batch(plain, 1000)
  await batch(cached, 1000)
  await batch(floor, 1000)
  const check = await cached.get(url)
  if (check.cached !== 'hit') throw new Error(`expected hits, got ${check.cached}`)
  await check.json()
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    let trip = 0
    let hit = 0
    let stubbed = 0
    let bare = 0
    for (let done = 0; done < CALLS; done += BATCH) {
      trip += await batch(plain, BATCH)
      hit += await batch(cached, BATCH)
      stubbed += await batch(floor, BATCH)
      bare += await native(BATCH)
    }
    const us = (ms) => (ms / CALLS) * 1000
    rounds.push({ ratio: trip / hit, tripUs: us(trip), hitUs: us(hit), floorUs: us(stubbed), nativeUs: us(bare) })
  }
  plain.close()
  cached.close()
  floor.close()
  child.disconnect()
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio)
  const mid = sorted[sorted.length >> 1]
  const result = {
    scenario: 'http-cache',
    description: 'bench/http-cache.mjs: sequential get().json() over loopback vs httpCache hits, same session settings',
    calls: CALLS,
    rounds: ROUNDS,
    ratio: mid.ratio,
    range: [sorted[0].ratio, sorted[sorted.length - 1].ratio],
    roundTripUs: mid.tripUs,
    hitUs: mid.hitUs,
    floorUs: mid.floorUs,
    nativeResponseUs: mid.nativeUs,
    target: 20,
    met: mid.ratio >= 20,
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else
    console.log(
      `cached hit vs loopback round trip: ${result.ratio.toFixed(1)}× faster (rounds ${result.range.map((x) => x.toFixed(1)).join('–')}×); ` +
        `${result.roundTripUs.toFixed(1)} µs per round trip, ${result.hitUs.toFixed(1)} µs per hit, ${result.floorUs.toFixed(1)} µs per call with a stub fetch (no cache, no I/O), ${result.nativeResponseUs.toFixed(1)} µs for new Response(body).json() alone; target ≥ 20×: ${result.met ? 'met' : 'not met'}`,
    )
}
