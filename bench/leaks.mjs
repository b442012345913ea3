#!/usr/bin/env node --expose-gc
// Leak benchmark (issue 4): N sequential calls sharing one long-lived
// AbortController.signal, each with a timeout. Reports abort listeners left on
// the shared signal, live timers after the calls settled, and heap growth per
// call — for surefetch and for raw fetch given the same signal.
//
//   node --expose-gc bench/leaks.mjs [--calls 100000] [--transport stub|loopback]
//
// `stub` (default) answers from memory, isolating what the client itself
// retains; `loopback` goes through Node's fetch to a local server.
import { createServer } from 'node:http'
import { getEventListeners, setMaxListeners } from 'node:events'
import { get } from '../dist/index.js'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const calls = Number(option('calls', '100000'))
const transport = option('transport', 'stub')
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc')
  process.exit(2)
}

let server
let url = 'http://127.0.0.1:9/leak'
let doFetch = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } })
if (transport === 'loopback') {
  server = createServer((req, res) => res.end('{"ok":true}'))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${server.address().port}/leak`
  doFetch = globalThis.fetch
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

async function measure(name, once) {
  const controller = new AbortController()
  const signal = controller.signal
  setMaxListeners(0, signal) // count the listeners ourselves instead of printing a warning per call
  for (let i = 0; i < 1000; i++) await once(signal) // warm up
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  globalThis.gc()
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  for (let i = 0; i < calls; i++) await once(signal)
  const seconds = (performance.now() - started) / 1000
  const listeners = getEventListeners(signal, 'abort').length
  const liveTimers = timers()
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  globalThis.gc()
  const growth = (process.memoryUsage().heapUsed - before) / calls
  return { name, calls, listeners, liveTimers, bytesPerCall: Math.round(growth * 10) / 10, callsPerSecond: Math.round(calls / seconds) }
}

const rows = [
  await measure('raw fetch + signal', async (signal) => {
    const response = await doFetch(url, { signal })
    await response.json()
  }),
  await measure('surefetch get + signal + timeout', async (signal) => {
    await get(url, { signal, timeout: { total: 60_000, attempt: 10_000, read: 30_000 }, fetch: doFetch }).json()
  }),
]
console.log(`transport: ${transport}, ${calls} sequential calls, one shared signal`)
console.table(rows)
server?.close()
