#!/usr/bin/env node
// Streaming benchmark (issue 6): 64 MiB of newline-delimited text over
// loopback, read line by line — surefetch `lines()` against a hand-written
// `body.getReader()` + `TextDecoder` + split (what a user would write), in
// alternating rounds of one run; peak RSS growth of each; then `sse()` on
// 100 000 events.
//
//   node bench/streaming.mjs [--mib 64] [--rounds 3] [--events 100000]
import { createServer } from 'node:http'
import { get } from '../dist/index.js'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return Number(i >= 0 ? args[i + 1] : fallback)
}
const MIB = option('mib', 64)
const ROUNDS = option('rounds', 3)
const EVENTS = option('events', 100_000)

// 64-byte lines, served from one prebuilt 1 MiB block so the server is not the bottleneck.
const line = (i) => {
  const head = `{"i":${i % 100000},"pad":"`
  return `${head}${'x'.repeat(64 - head.length - 3)}"}\n`
}
const block = Buffer.from(Array.from({ length: 16_384 }, (_, i) => line(i)).join(''))
const sseBlock = Buffer.from(Array.from({ length: 1000 }, (_, i) => `id: ${i}\nevent: tick\ndata: {"i":${i}}\n\n`).join(''))

const server = createServer((req, res) => {
  if (req.url.startsWith('/sse')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    let left = EVENTS / 1000
    const pump = () => {
      while (left > 0) {
        left--
        if (!res.write(sseBlock)) return void res.once('drain', pump)
      }
      res.end()
    }
    return pump()
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': MIB * block.length })
  let left = MIB
  const pump = () => {
    while (left > 0) {
      left--
      if (!res.write(block)) return void res.once('drain', pump)
    }
    res.end()
  }
  pump()
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`

/** The hand-written baseline: reader + streaming decoder + split on \n. */
async function* rawLines(stream) {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let carry = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const text = carry + decoder.decode(value, { stream: true })
    const parts = text.split('\n')
    carry = parts.pop()
    for (const part of parts) yield part
  }
  carry += decoder.decode()
  if (carry) yield carry
}

async function timed(run) {
  globalThis.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const started = performance.now()
  const count = await run()
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { count, ms, rssGrowth: (peak - baseline) / 2 ** 20 }
}

const variants = {
  'raw reader + split': async () => {
    const response = await fetch(`${base}/lines`)
    let n = 0
    for await (const _ of rawLines(response.body)) n++
    return n
  },
  'surefetch lines()': async () => {
    const response = await get(`${base}/lines`)
    let n = 0
    for await (const _ of response.lines()) n++
    return n
  },
}

const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(variants)) results[name].push(await timed(run))
}
const best = (name) => results[name].reduce((a, b) => (b.ms < a.ms ? b : a))
const raw = best('raw reader + split')
const rows = Object.keys(variants).map((name) => {
  const r = best(name)
  return {
    variant: name,
    lines: r.count,
    'best ms': Math.round(r.ms),
    'MiB/s': Math.round(MIB / (r.ms / 1000)),
    'ratio to raw': Number((raw.ms / r.ms).toFixed(3)),
    'peak RSS growth MiB': Number(Math.max(...results[name].map((x) => x.rssGrowth)).toFixed(1)),
  }
})
console.log(`${MIB} MiB of 64-byte lines over loopback, best of ${ROUNDS} alternating rounds (Node ${process.version})`)
console.table(rows)

const sse = await timed(async () => {
  const response = await get(`${base}/sse`)
  let n = 0
  for await (const _ of response.sse()) n++
  return n
})
console.log(`sse(): ${sse.count} events in ${Math.round(sse.ms)} ms (${Math.round(sse.count / (sse.ms / 1000))} events/s), peak RSS growth ${sse.rssGrowth.toFixed(1)} MiB`)
server.close()
