// Outage simulation for the failure-isolation features (SPEC §10, issue 10):
// how much load do 200 callers put on an upstream that goes down, with
// (1) no retry, (2) naive retry, (3) retry + budget, (4) retry + budget + breaker?
//
//   npx tsup && node bench/simulate-outage.mjs
//
// Self-contained and bounded: the upstream is a node:http server on
// 127.0.0.1:0 in a child process (so client and server each get a core); no
// traffic goes anywhere else. Every caller stops starting calls at the end of
// the timeline, every call has a total deadline, and a watchdog ends the
// script after 150 s whatever happens. The upstream child exits when this
// process disconnects.
//
// Timeline (per configuration, wall clock shared by both processes):
//   0 – 3 s        healthy: 200 "ok"
//   3 – 9.25 s     down: every request is answered 503 (no Retry-After, body "down"),
//                  so every arrival is counted and the connection stays up
//   9.25 – 14.25 s recovered: 200 "ok"
// The outage ends 6.25 s after it starts — 0.25 s after the breaker's third
// failed probe (probes come every `cooldown` = 2 s from its opening at ~3 s) —
// so the breaker's recovery shown is close to its worst case (≈ cooldown).
//
// Load: 200 callers, each starting one GET every 400 ms (phases spread evenly),
// i.e. 500 first attempts/s offered whatever the outcome. If a call runs past
// its slot the next one starts when it settles (no catch-up burst); such late
// starts are counted. The upstream counts arrivals per 250 ms bucket.
//
// Before the first run, 2 s of the same healthy load (uncounted) warms up the
// JIT, the connection pool and the server.
//
// Output: a markdown table on stdout, circuit state changes, and
// docs/resilience-load.svg (upstream requests per 250 ms, one line per config).
// Flags: --only=none,naive,budget,breaker runs a subset (no chart written);
// --buckets prints the per-bucket counts.

import { fork } from 'node:child_process'
import http from 'node:http'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { renderChart } from './outage-chart.mjs'

const BUCKET_MS = 250
const HEALTHY_MS = 3_000
const DOWN_MS = 6_250
const RECOVERED_MS = 5_000
const TOTAL_MS = HEALTHY_MS + DOWN_MS + RECOVERED_MS
const BUCKETS = TOTAL_MS / BUCKET_MS
const DOWN_FROM = HEALTHY_MS
const DOWN_TO = HEALTHY_MS + DOWN_MS

const CALLERS = 200
const PERIOD_MS = 400
const MAX_CALLS_PER_CALLER = Math.ceil(TOTAL_MS / PERIOD_MS) + 5 // hard bound on each caller's loop
const TIMEOUT = { attempt: 2_000, total: 4_000 } // loopback answers in ~1 ms; these only bound the worst case

const LAG_RESOLUTION_MS = 10

const BACKOFF = { initial: 50, factor: 2, max: 1_000 } // full jitter (the default)
const BUDGET = { ratio: 0.2, minPerSecond: 10 }
const BREAKER = { threshold: 5, cooldown: 2_000 }

const CONFIGS = [
  { key: 'none', name: '1. no retry', color: '#9a9a9a', width: 4, options: { retry: false } },
  { key: 'naive', name: '2. naive retry (limit 3)', color: '#d62728', options: { retry: { limit: 3, backoff: BACKOFF } } },
  {
    key: 'budget',
    name: '3. retry + budget',
    color: '#ff7f0e',
    options: { retry: { limit: 3, backoff: BACKOFF, budget: BUDGET } },
  },
  {
    key: 'breaker',
    name: '4. retry + budget + breaker',
    color: '#1f77b4',
    options: { retry: { limit: 3, backoff: BACKOFF, budget: BUDGET }, breaker: BREAKER },
  },
]

if (process.argv.includes('--upstream')) upstream()
else await main()

// ------------------------------------------------------------------ upstream (child process)

function upstream() {
  let run // { t0, total: arrivals per bucket, outside: arrivals before t0 or after the timeline }
  const server = http.createServer((req, res) => {
    const now = Date.now()
    let down = false
    if (run !== undefined) {
      const t = now - run.t0
      down = t >= DOWN_FROM && t < DOWN_TO
      const bucket = Math.floor(t / BUCKET_MS)
      if (bucket >= 0 && bucket < BUCKETS) run.total[bucket]++
      else run.outside++
    }
    // Drain the (empty) request body before answering, so keep-alive holds.
    req.resume()
    const body = down ? 'down' : 'ok'
    res.writeHead(down ? 503 : 200, { 'content-type': 'text/plain', 'content-length': body.length })
    res.end(body)
  })
  server.keepAliveTimeout = 30_000
  process.on('message', (message) => {
    if (message.cmd === 'run') {
      run = { t0: message.t0, total: new Array(BUCKETS).fill(0), outside: 0 }
      process.send({ cmd: 'ready' })
    } else if (message.cmd === 'report') {
      process.send({ cmd: 'report', total: run.total, outside: run.outside })
      run = undefined
    }
  })
  process.on('disconnect', () => {
    server.closeAllConnections()
    server.close()
    process.exit(0)
  })
  server.listen(0, '127.0.0.1', () => process.send({ cmd: 'listening', port: server.address().port }))
}

// ------------------------------------------------------------------ driver

async function main() {
  const watchdog = setTimeout(() => {
    console.error('simulate-outage: watchdog fired after 150 s, aborting')
    process.exit(1)
  }, 150_000)
  watchdog.unref()

  const { Session } = await import('../dist/index.js')
  const child = fork(fileURLToPath(import.meta.url), ['--upstream'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const inbox = []
  const waiters = []
  child.on('message', (m) => {
    const waiter = waiters.findIndex((w) => w.cmd === m.cmd)
    if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(m)
    else inbox.push(m)
  })
  const receive = (cmd) =>
    new Promise((resolve, reject) => {
      const queued = inbox.findIndex((m) => m.cmd === cmd)
      if (queued >= 0) return resolve(inbox.splice(queued, 1)[0])
      const timer = setTimeout(() => reject(new Error(`upstream did not answer ${cmd}`)), 10_000)
      waiters.push({ cmd, resolve: (m) => (clearTimeout(timer), resolve(m)) })
    })

  try {
    const { port } = await receive('listening')
    const url = `http://127.0.0.1:${port}/item`
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
    await warmUp(url, Session)
    const results = []
    for (const config of CONFIGS) {
      if (only !== undefined && !only.split(',').includes(config.key)) continue
      await pause(1_000) // let the previous run's stragglers and timers settle
      results.push(await runConfig(config, url, Session, child, receive))
      const r = results.at(-1)
      console.error(
        `${config.name}: offered ${r.offeredOutage.toFixed(0)}/s, upstream ${r.upstreamOutage.toFixed(0)}/s during outage (×${r.amplification.toFixed(2)})`,
      )
    }
    report(results, only === undefined)
    if (process.argv.includes('--buckets')) {
      for (const r of results) console.log(`${r.config.key} upstream: ${r.upstream.join(' ')}\n${r.config.key} started:  ${r.started.join(' ')}`)
    }
  } finally {
    child.disconnect()
  }
}

/** 2 s of the same healthy load, uncounted: JIT, connection pool and server warm up before the first run. */
async function warmUp(url, Session) {
  const session = new Session({ cookies: false, retry: false, timeout: TIMEOUT })
  const end = Date.now() + 2_000
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, i) => {
      await pause((i * PERIOD_MS) / CALLERS)
      for (let n = 0; n < 10 && Date.now() < end; n++) {
        await session.get(url).text().catch(() => {})
        await pause(PERIOD_MS)
      }
    }),
  )
  session.close()
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function runConfig(config, url, Session, child, receive) {
  const transitions = []
  let t0 = 0
  const options = structuredClone({ ...config.options, breaker: undefined })
  if (config.options.breaker) {
    options.breaker = {
      ...config.options.breaker,
      onStateChange: ({ from, to }) => transitions.push({ t: Date.now() - t0, from, to }),
    }
  }
  const session = new Session({ ...options, cookies: false, timeout: TIMEOUT })

  const started = new Array(BUCKETS).fill(0) // first attempts offered by callers, by start time
  const done = Array.from({ length: BUCKETS }, () => ({ ok: 0, failed: 0 })) // by completion time
  const errors = { http503: 0, circuitOpen: 0, other: 0 }
  const otherSamples = new Set()
  let lateStarts = 0
  let attemptsOfFailures = 0
  let failLatency = 0
  let firstOkAfterRecovery
  let lastFailAfterRecovery

  t0 = Date.now() + 200 // callers and upstream agree on t0 (same machine clock)
  child.send({ cmd: 'run', t0 })
  await receive('ready')
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS })
  lag.enable()

  const caller = async (index) => {
    let slot = t0 + (index * PERIOD_MS) / CALLERS
    for (let n = 0; n < MAX_CALLS_PER_CALLER; n++) {
      const wait = slot - Date.now()
      if (wait > 0) await pause(wait)
      const start = Date.now()
      if (start - t0 >= TOTAL_MS) return
      started[Math.floor((start - t0) / BUCKET_MS)]++
      let ok = false
      try {
        await session.get(url).text()
        ok = true
      } catch (error) {
        if (error?.name === 'HTTPError' && error.status === 503) errors.http503++
        else if (error?.name === 'CircuitOpenError') errors.circuitOpen++
        else {
          errors.other++
          if (otherSamples.size < 5) otherSamples.add(`${error?.name}: ${String(error?.message).slice(0, 120)}`)
        }
        attemptsOfFailures += error?.attempts ?? 1
        failLatency += Date.now() - start
      }
      const end = Date.now()
      const t = end - t0
      const bucket = Math.min(BUCKETS - 1, Math.floor(t / BUCKET_MS))
      if (ok) done[bucket].ok++
      else done[bucket].failed++
      if (t >= DOWN_TO) {
        if (ok && (firstOkAfterRecovery === undefined || t < firstOkAfterRecovery)) firstOkAfterRecovery = t
        if (!ok && (lastFailAfterRecovery === undefined || t > lastFailAfterRecovery)) lastFailAfterRecovery = t
      }
      if (end > slot + PERIOD_MS) lateStarts++ // this call ran past the next slot: the offered load dips
      slot = Math.max(slot + PERIOD_MS, end)
    }
  }
  await Promise.all(Array.from({ length: CALLERS }, (_, i) => caller(i)))
  lag.disable()
  child.send({ cmd: 'report' })
  const upstream = await receive('report')
  const circuitAtEnd = config.options.breaker ? session.circuit(url).state : undefined
  session.close()

  const sum = (values, from, to) => values.slice(from / BUCKET_MS, to / BUCKET_MS).reduce((a, b) => a + b, 0)
  const seconds = (ms) => ms / 1000
  const offeredOutage = sum(started, DOWN_FROM, DOWN_TO) / seconds(DOWN_MS)
  const upstreamOutage = sum(upstream.total, DOWN_FROM, DOWN_TO) / seconds(DOWN_MS)
  const outageBuckets = upstream.total.slice(DOWN_FROM / BUCKET_MS, DOWN_TO / BUCKET_MS)
  // The first bucket at or after recovery in which ≥ 99 % of the calls that settled succeeded.
  let fullSuccessBucket
  for (let b = DOWN_TO / BUCKET_MS; b < BUCKETS; b++) {
    const { ok, failed } = done[b]
    if (ok + failed > 0 && ok / (ok + failed) >= 0.99) {
      fullSuccessBucket = b
      break
    }
  }
  const failures = errors.http503 + errors.circuitOpen + errors.other
  return {
    config,
    started,
    upstream: upstream.total,
    outside: upstream.outside,
    offeredHealthy: sum(started, 0, DOWN_FROM) / seconds(HEALTHY_MS),
    upstreamHealthy: sum(upstream.total, 0, DOWN_FROM) / seconds(HEALTHY_MS),
    offeredOutage,
    upstreamOutage,
    upstreamOutageCount: sum(upstream.total, DOWN_FROM, DOWN_TO),
    amplification: upstreamOutage / offeredOutage,
    peakOutage: (Math.max(...outageBuckets) * 1000) / BUCKET_MS,
    upstreamSteady: // the outage minus its first second (the budget's initial allowance, the breaker's opening)
      sum(upstream.total, DOWN_FROM + 1000, DOWN_TO) / seconds(DOWN_MS - 1000),
    offeredSteady: sum(started, DOWN_FROM + 1000, DOWN_TO) / seconds(DOWN_MS - 1000),
    upstreamRecovered: sum(upstream.total, DOWN_TO, TOTAL_MS) / seconds(RECOVERED_MS),
    calls: started.reduce((a, b) => a + b, 0),
    errors,
    failures,
    otherSamples: [...otherSamples],
    meanAttemptsPerFailure: failures ? attemptsOfFailures / failures : 0,
    meanFailLatency: failures ? failLatency / failures : 0,
    lateStarts,
    fullSuccessAfter: fullSuccessBucket === undefined ? undefined : fullSuccessBucket * BUCKET_MS - DOWN_TO,
    firstOkAfterRecovery: firstOkAfterRecovery === undefined ? undefined : firstOkAfterRecovery - DOWN_TO,
    lastFailAfterRecovery: lastFailAfterRecovery === undefined ? undefined : lastFailAfterRecovery - DOWN_TO,
    transitions,
    circuitAtEnd,
    // The histogram measures the sampling interval itself; what exceeds it is lag.
    lagP99: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
    lagMax: Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS),
    load: loadavg()[0],
  }
}

// ------------------------------------------------------------------ report

function report(results, complete) {
  const f0 = (n) => n.toFixed(0)
  const amp = (n) => `${n < 0.1 ? n.toFixed(3) : n.toFixed(2)}×`
  const ms = (n) => (n === undefined ? '—' : `${f0(n)} ms`)
  const lines = []
  lines.push(
    `Node ${process.version}, ${CALLERS} callers × 1 GET / ${PERIOD_MS} ms; healthy ${HEALTHY_MS / 1000} s, down (503) ${DOWN_MS / 1000} s, recovered ${RECOVERED_MS / 1000} s; backoff ${JSON.stringify(BACKOFF)} full jitter; budget ${JSON.stringify(BUDGET)}; breaker ${JSON.stringify(BREAKER)}; timeout ${JSON.stringify(TIMEOUT)}`,
    '',
    '| configuration | offered (first attempts/s) during outage | upstream req/s during outage | amplification | upstream req/s, outage minus its 1st s | peak 250 ms bucket (req/s) | calls failed (503 / circuit open / other) | mean attempts per failed call | mean time to fail | first ≥ 99 % success bucket after recovery | last failure after recovery |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  )
  for (const r of results) {
    lines.push(
      `| ${r.config.name} | ${f0(r.offeredOutage)} | ${f0(r.upstreamOutage)} | ${amp(r.amplification)} | ${f0(r.upstreamSteady)} (${amp(r.upstreamSteady / r.offeredSteady)}) | ${f0(r.peakOutage)} | ${r.failures} of ${r.calls} (${r.errors.http503} / ${r.errors.circuitOpen} / ${r.errors.other}) | ${r.meanAttemptsPerFailure.toFixed(2)} | ${ms(r.meanFailLatency)} | +${ms(r.fullSuccessAfter)} | ${r.lastFailAfterRecovery === undefined ? 'none' : `+${ms(r.lastFailAfterRecovery)}`} |`,
    )
  }
  lines.push('')
  for (const r of results) {
    lines.push(
      `${r.config.name}: ${r.upstreamOutageCount} upstream requests during the outage; healthy offered ${f0(r.offeredHealthy)}/s, upstream ${f0(r.upstreamHealthy)}/s; recovered upstream ${f0(r.upstreamRecovered)}/s; late starts ${r.lateStarts}; arrivals outside the timeline ${r.outside}; event-loop lag p99 ${r.lagP99.toFixed(1)} ms, max ${r.lagMax.toFixed(0)} ms; 1-min load average ${r.load.toFixed(2)}` +
        (r.otherSamples.length ? `; other errors: ${r.otherSamples.join(' | ')}` : ''),
    )
    if (r.transitions.length) {
      lines.push(
        `  circuit: ${r.transitions.map((t) => `${(t.t / 1000).toFixed(3)} s ${t.from}→${t.to}`).join(', ')}; at the end: ${r.circuitAtEnd}`,
      )
    }
  }
  const disturbed = results.filter((r) => Math.abs(r.offeredOutage - (CALLERS * 1000) / PERIOD_MS) > 0.03 * ((CALLERS * 1000) / PERIOD_MS))
  if (disturbed.length) {
    lines.push(
      '',
      `WARNING: the offered load strayed > 3 % from ${(CALLERS * 1000) / PERIOD_MS}/s in: ${disturbed.map((r) => r.config.name).join(', ')} — the machine was busy (see load average and event-loop delay); re-run on a quiet machine before quoting.`,
    )
  }
  console.log(lines.join('\n'))

  if (!complete) return
  const svg = renderChart({
    title: `Upstream load during a ${DOWN_MS / 1000} s outage — ${CALLERS} callers, ${(CALLERS * 1000) / PERIOD_MS} calls/s offered`,
    yLabel: `upstream requests per ${BUCKET_MS} ms`,
    bucketMs: BUCKET_MS,
    buckets: BUCKETS,
    shade: [DOWN_FROM, DOWN_TO],
    shadeLabel: 'upstream down (503)',
    series: [
      ...results.map((r) => ({
        name: `${r.config.name} — ${amp(r.amplification)} during the outage`,
        color: r.config.color,
        width: r.config.width,
        values: r.upstream,
      })),
      {
        name: 'offered load (first attempts, breaker run)',
        color: '#2ca02c',
        dash: '5 4',
        width: 1.5,
        values: results.at(-1).started,
      },
    ],
  })
  const out = fileURLToPath(new URL('../docs/resilience-load.svg', import.meta.url))
  writeFileSync(out, svg)
  console.log(`\nchart: ${out}`)
}
