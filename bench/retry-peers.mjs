// Retry behaviour of surefetch against ky and ofetch on the same flaky loopback
// routes (issue 5). Self-contained: starts its own node:http servers on
// 127.0.0.1 (port 0), sends no traffic anywhere else, and exits by itself.
//
//   npm run build && node bench/retry-peers.mjs
//
// Scenarios
//   1. flaky:        every logical request (?id=) gets 503 twice, then 200. 50 requests, concurrency 10.
//   2. retry-after:  503 with `Retry-After: 1` once, then 200. One request per client.
//   3. outage:       the server resets every connection (socket.destroy()) for the first 5 s, then 200.
//                    'retries in 20 ms (max)' is the largest number of retries (attempt ≥ 2) that hit the
//                    server within any 20 ms: 20 means all callers retried in lock-step.
//                    20 callers start at t=0, one request each. Run with limit 2 (the default-ish config)
//                    and again with limit 5 (enough backoff to outlast the outage for some clients).
//   4. long wait:    503 with `Retry-After: 5` on every response, timeout 1 s.
//
// Every client gets its own server (own port, so its own connection pool) in
// every scenario. Scenarios 1 and 3a run the clients one after another (they
// measure latency and arrival times); 2, 3b and 4 run them side by side (they
// are dominated by sleeps of 1 s and more).
// Every call is raced against a bench guard, so a client that never settles
// cannot hang the script; servers are closed with closeAllConnections().

import http from 'node:http'
import { performance } from 'node:perf_hooks'
import ky from 'ky'
import { ofetch } from 'ofetch'
import { get as sureGet } from '../dist/index.js'

const LIMIT = 2
const RETRY_STATUSES = [408, 413, 429, 500, 502, 503, 504]
const GUARD_MS = 20_000 // no single call may take longer than this in the bench
const watchdog = setTimeout(() => {
  console.error('retry-peers: watchdog fired after 120 s, aborting')
  process.exit(1)
}, 120_000)
watchdog.unref()

// ---------------------------------------------------------------- clients

/** ofetch has no backoff and no Retry-After support: this is the user code one would write for it. */
function ofetchBackoff(limit) {
  const fn = (context) => {
    const attempt = limit - context.options.retry + 1 // ofetch decrements `retry` on every retry
    const status = context.response?.status
    const header = context.response?.headers.get('retry-after')
    if (header != null && [413, 429, 503].includes(status)) {
      const seconds = Number(header)
      if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    }
    return 300 * 2 ** (attempt - 1)
  }
  fn.toJSON = () => '(ctx) => Retry-After delta-seconds on 413/429/503, else 300·2^(n−1) ms'
  return fn
}

/**
 * Each client: `config(limit, timeoutMs)` gives the exact options passed, and
 * `call(url, config)` resolves with the body text or rejects with the client's error.
 */
const CLIENTS = [
  {
    name: 'surefetch',
    config: (limit, timeout) => ({ retry: { limit }, timeout: { total: timeout } }),
    call: (url, options) => sureGet(url, options).text(),
    defaults: 'backoff 300·2^(n−1) ms, cap 30 s, full jitter; statuses 408 413 429 500 502 503 504; Retry-After on 413 429 503 (≤ maxRetryAfter 60 s and ≤ the time left before `total`); attempt timeout 10 s',
  },
  {
    name: 'ky',
    config: (limit, timeout) => ({ retry: { limit }, timeout }),
    call: (url, options) => ky.get(url, options).text(),
    defaults: 'delay 300·2^(n−1) ms, no cap, no jitter; statuses 408 413 429 500 502 503 504; Retry-After on 413 429 503, maxRetryAfter Infinity; `timeout` re-armed for every attempt (does not cover the sleeps)',
  },
  {
    name: 'ofetch',
    config: (limit, timeout) => ({ retry: limit, retryDelay: 300, retryStatusCodes: RETRY_STATUSES, timeout }),
    call: (url, options) => ofetch(url, { ...options, responseType: 'text' }),
    defaults: 'fixed retryDelay (no backoff, no jitter); Retry-After ignored; network errors count as status 500; `timeout` only arms the first attempt',
  },
  {
    name: 'ofetch+fn',
    config: (limit, timeout) => ({ retry: limit, retryDelay: ofetchBackoff(limit), retryStatusCodes: RETRY_STATUSES, timeout }),
    call: (url, options) => ofetch(url, { ...options, responseType: 'text' }),
    defaults: 'ofetch with a hand-written retryDelay function (exponential, Retry-After delta-seconds); no deadline awareness',
  },
]

// ---------------------------------------------------------------- helpers

const now = () => performance.now()

/** A loopback server; `handler(req, res, state)` decides; every arrival is logged. */
async function startServer(handler) {
  const state = { hits: new Map(), arrivals: [], t0: now() }
  const server = http.createServer((req, res) => {
    const id = new URL(req.url, 'http://x').searchParams.get('id') ?? '-'
    const n = (state.hits.get(id) ?? 0) + 1
    state.hits.set(id, n)
    state.arrivals.push({ id, n, t: now() - state.t0 })
    handler(req, res, { id, n, state })
  })
  server.keepAliveTimeout = 5_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    state,
    url: (path, id) => `http://127.0.0.1:${port}${path}?id=${encodeURIComponent(id)}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

function reply(res, status, headers = {}, body = status === 200 ? 'ok' : `status ${status}`) {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

/** Runs `call()` with the bench guard; resolves with { ok, ms, error }. */
async function timed(call) {
  const start = now()
  let guard
  const guarded = new Promise((_, reject) => {
    guard = setTimeout(() => reject(Object.assign(new Error(`bench guard: no result after ${GUARD_MS} ms`), { name: 'BenchGuard' })), GUARD_MS)
  })
  try {
    const body = await Promise.race([call(), guarded])
    return { ok: body === 'ok', ms: now() - start, body }
  } catch (error) {
    return { ok: false, ms: now() - start, error }
  } finally {
    clearTimeout(guard)
  }
}

/** `count` jobs, at most `concurrency` at once. */
async function pool(count, concurrency, job) {
  const results = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      results[i] = await job(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

function quantile(values, q) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '—')
const pct = (part, whole) => `${((100 * part) / whole).toFixed(0)} %`

function describeError(error) {
  if (error === undefined) return '—'
  const name = error.name ?? error.constructor?.name
  const status = error.status ?? error.response?.status ?? error.statusCode
  const parts = [name]
  if (status !== undefined) parts.push(String(status))
  if (error.phase !== undefined) parts.push(`phase=${error.phase}`)
  if (error.retryAfter !== undefined) parts.push(`retryAfter=${error.retryAfter}`)
  if (error.attempts !== undefined) parts.push(`attempts=${error.attempts}`)
  if (status === undefined) {
    // The innermost cause names the transport failure (the messages carry URLs, which differ per call).
    let cause = error
    while (cause?.cause !== undefined) cause = cause.cause
    if (cause !== error) parts.push(`(cause ${cause.code ?? cause.name ?? String(cause)})`)
    else if (!/^(Timeout|Abort)/.test(name)) parts.push(JSON.stringify(String(error.message).slice(0, 40)))
  }
  return parts.join(' ')
}

/** Aligned text table (console.table quotes strings and adds an index column). */
function printTable(title, rows) {
  console.log(`\n${title}`)
  const keys = Object.keys(rows[0])
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')
  console.log(line(keys))
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
  for (const row of rows) console.log(line(keys.map((k) => row[k])))
}

function configJSON(config) {
  return JSON.stringify(config, (key, value) => (typeof value === 'function' ? (value.toJSON?.() ?? 'function') : value))
}

// ---------------------------------------------------------------- scenarios

const summary = {}

async function scenarioFlaky() {
  const REQUESTS = 50
  const CONCURRENCY = 10
  const rows = []
  for (const client of CLIENTS) {
    const config = client.config(LIMIT, 10_000)
    const server = await startServer((req, res, { n }) => (n <= 2 ? reply(res, 503) : reply(res, 200)))
    const results = await pool(REQUESTS, CONCURRENCY, (i) => timed(() => client.call(server.url('/flaky', `${client.name}-${i}`), config)))
    await server.close()
    const ok = results.filter((r) => r.ok)
    const hits = [...server.state.hits.values()]
    const errors = [...new Set(results.filter((r) => !r.ok).map((r) => describeError(r.error)))]
    rows.push({
      client: client.name,
      success: `${ok.length}/${REQUESTS} (${pct(ok.length, REQUESTS)})`,
      'attempts/request': (hits.reduce((a, b) => a + b, 0) / REQUESTS).toFixed(2),
      'median to success': ms(quantile(ok.map((r) => r.ms), 0.5)),
      'p95 to success': ms(quantile(ok.map((r) => r.ms), 0.95)),
      'wall time': ms(server.state.arrivals.at(-1).t),
      'failures (error)': errors.join('; ') || '—',
    })
  }
  printTable(`1. Flaky route: 503, 503, then 200 per request id — ${REQUESTS} requests, concurrency ${CONCURRENCY}, limit ${LIMIT}`, rows)
  summary.flaky = rows
}

async function scenarioRetryAfter() {
  const rows = await Promise.all(
    CLIENTS.map(async (client) => {
      const config = client.config(LIMIT, 10_000)
      const server = await startServer((req, res, { n }) => (n === 1 ? reply(res, 503, { 'retry-after': '1' }) : reply(res, 200)))
      const result = await timed(() => client.call(server.url('/retry-after', client.name), config))
      await server.close()
      const arrivals = server.state.arrivals
      const gap = arrivals.length > 1 ? arrivals[1].t - arrivals[0].t : NaN
      return {
        client: client.name,
        result: result.ok ? '200' : describeError(result.error),
        'time to success': result.ok ? ms(result.ms) : '—',
        attempts: arrivals.length,
        'wait before retry': ms(gap),
        'Retry-After honoured': gap >= 950 ? 'yes' : 'no',
      }
    }),
  )
  printTable(`2. Retry-After: 503 + "Retry-After: 1" once, then 200 — one request per client, run side by side`, rows)
  summary.retryAfter = rows
}

async function scenarioOutage(limit) {
  const OUTAGE = 5_000
  const CALLERS = 20
  const TOTAL = 15_000
  // limit 2 is over in about a second per client: run the clients one after another so that the
  // arrival times (the herding column) are not skewed by the other clients' traffic. Limit 5 takes
  // up to ~10 s per client: run side by side (sleep-dominated; one server and pool per client).
  const sequential = limit === LIMIT
  const runClient = async (client) => {
    const config = client.config(limit, TOTAL)
    const server = await startServer((req, res, { state }) => {
      if (now() - state.t0 < OUTAGE) req.socket.destroy()
      else reply(res, 200)
    })
    server.state.t0 = now()
    const results = await pool(CALLERS, CALLERS, (i) => timed(() => client.call(server.url('/down', `c${i}`), config)))
    await server.close()
    const during = server.state.arrivals.filter((a) => a.t < OUTAGE)
    // Herding: the most retries (attempt ≥ 2) arriving in any 20 ms window of the outage.
    const retries = during.filter((a) => a.n > 1)
    let peak = 0
    for (const a of retries) peak = Math.max(peak, retries.filter((b) => b.t >= a.t && b.t < a.t + 20).length)
    const ok = results.filter((r) => r.ok)
    const errors = [...new Set(results.filter((r) => !r.ok).map((r) => describeError(r.error)))]
    return {
      client: client.name,
      'requests in outage': during.length,
      'per caller': (during.length / CALLERS).toFixed(2),
      'retries in 20 ms (max)': peak,
      succeeded: `${ok.length}/${CALLERS}`,
      'time to success (median / max)': ok.length ? `${ms(quantile(ok.map((r) => r.ms), 0.5))} / ${ms(Math.max(...ok.map((r) => r.ms)))}` : '—',
      'gave up after (max)': ok.length < CALLERS ? ms(Math.max(...results.filter((r) => !r.ok).map((r) => r.ms))) : '—',
      'failure (error)': errors.join('; ') || '—',
    }
  }
  const rows = []
  if (sequential) for (const client of CLIENTS) rows.push(await runClient(client))
  else rows.push(...(await Promise.all(CLIENTS.map(runClient))))
  printTable(`3${sequential ? 'a' : 'b'}. Outage: connections reset for ${OUTAGE / 1000} s, then 200 — ${CALLERS} callers at t=0, limit ${limit}, timeout ${TOTAL / 1000} s, clients ${sequential ? 'one after another' : 'side by side'}`, rows)
  summary[`outage${limit}`] = rows
}

async function scenarioLongRetryAfter() {
  const TIMEOUT = 1_000
  const rows = await Promise.all(
    CLIENTS.map(async (client) => {
      const config = client.config(LIMIT, TIMEOUT)
      const server = await startServer((req, res) => reply(res, 503, { 'retry-after': '5' }))
      const result = await timed(() => client.call(server.url('/long', client.name), config))
      await server.close()
      return {
        client: client.name,
        outcome: result.ok ? 'succeeded' : 'rejected',
        'after': ms(result.ms),
        'attempts at server': server.state.arrivals.length,
        'attempt times': server.state.arrivals.map((a) => (a.t / 1000).toFixed(2)).join(', ') + ' s',
        error: describeError(result.error),
      }
    }),
  )
  printTable(`4. Retry-After: 5 on every 503, timeout ${TIMEOUT / 1000} s, limit ${LIMIT} — run side by side`, rows)
  summary.longRetryAfter = rows
}

// ---------------------------------------------------------------- main

console.log(`retry-peers — Node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString()}`)
console.log('\nClient configurations (timeout is 10 s in scenarios 1–2, 15 s in 3, 1 s in 4):')
for (const client of CLIENTS) {
  console.log(`  ${client.name.padEnd(10)} ${configJSON(client.config(LIMIT, '<timeout>'))}`)
  console.log(`  ${''.padEnd(10)} ${client.defaults}`)
}

const started = now()
await scenarioFlaky()
await scenarioRetryAfter()
await scenarioOutage(LIMIT)
await scenarioOutage(5)
await scenarioLongRetryAfter()

const find = (rows, name) => rows.find((r) => r.client === name)
const each = (rows, column) => rows.map((r) => `${r.client} ${r[column]}`).join(', ')
console.log(`\nSummary (${((now() - started) / 1000).toFixed(1)} s):`)
console.log(
  [
    `On the flaky route every client succeeds with 3 attempts; median time to success ${each(summary.flaky, 'median to success')}`,
    `(surefetch's full jitter draws each wait uniformly below ky's fixed 300/600 ms, so its expected wait is half; plain ofetch waits a fixed 300 ms).`,
    `Retry-After: 1 → wait before the retry ${each(summary.retryAfter, 'wait before retry')}: plain ofetch does not read the header.`,
    `In a 5 s connection-reset outage with limit 2, callers that succeeded: ${each(summary.outage2, 'succeeded')} (last caller gave up after ${each(summary.outage2, 'gave up after (max)')}: three attempts and two waits of at most 0.3 + 0.6 s are over long before the outage).`,
    `With limit 5: ${each(summary.outage5, 'succeeded')}; ky's undithered 0.3+0.6+1.2+2.4+4.8 s schedule outlasts the outage for every caller`,
    `but sends the 20 retries in lock-step (most retries within 20 ms with limit 2: ${each(summary.outage2, 'retries in 20 ms (max)')}), while full jitter spreads them and makes the sum of the waits random, so only some callers outlast the outage.`,
    `With Retry-After: 5 and a 1 s timeout: ${summary.longRetryAfter.map((r) => `${r.client} ${r.outcome} after ${r.after} (${r.error}; ${r["attempts at server"]} request(s) at the server)`).join('; ')}.`,
  ].join(' '),
)
