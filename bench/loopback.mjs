#!/usr/bin/env node
// Loopback throughput (issue 11, scenario 2): 20 000 GETs + json() at
// concurrency 64 against a node:http server on 127.0.0.1 that runs in a child
// process (so it has its own core), over Node's fetch.
//
//   node --expose-gc bench/loopback.mjs [--clients surefetch,ky] [--requests 20000]
//                                      [--concurrency 64] [--chunk 1000] [--rounds 3] [--budget 110]
//
// Method. One server process for the whole run. Every (round, client) pair is
// a fresh child process that loads only raw fetch and that client (its own
// JIT state and connection pool, shared by the two). After a warm-up, it runs
// batches of --chunk requests, each at the full concurrency, in the order raw,
// client, client, raw, client, client, raw, … until the client has made
// --requests requests (raw makes about half as many); a cycle's ratio is the
// time of its two raw batches ÷ the time of the two client batches between
// them, the round's ratio the median over its cycles. The clients' order rotates by one per
// round. Reported: the median of the per-round ratios and their range.
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'

const EXPECTED = { id: 1, name: 'surefetch', ok: true, tags: ['a', 'b'], score: 0.5 }

if (process.argv.includes('--server')) {
  // The child: answers every request with the same small JSON document.
  const payload = Buffer.from(JSON.stringify(EXPECTED))
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length })
    res.end(payload)
  })
  server.keepAliveTimeout = 120_000 // idle sockets survive between batches
  server.headersTimeout = 121_000
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('disconnect', () => process.exit(0)) // parent gone: stop
  setTimeout(() => process.exit(0), 15 * 60_000) // hard stop whatever happens
} else if (process.argv.includes('--worker')) {
  await worker()
} else {
  await main()
}

async function common() {
  const adapters = await import('./adapters/index.mjs')
  const util = await import('./adapters/_common.mjs')
  return { ...adapters, ...util }
}

/** Child: one client against raw fetch, one round, against the server at --port. */
async function worker() {
  const { emit, loadVariants, median, option, pick, clientIds, quantile } = await common()
  const id = option('worker')
  const url = `http://127.0.0.1:${option('port')}/item`
  const REQUESTS = Number(option('requests', '20000'))
  const CONCURRENCY = Number(option('concurrency', '64'))
  const CHUNK = Number(option('chunk', '1000'))
  const adapter = clientIds.find((c) => id === c || id.startsWith(`${c}-`))
  const variants = await loadVariants(pick([adapter]))
  const raw = variants.find((v) => v.id === 'raw')
  const client = variants.find((v) => v.id === id)
  for (const v of [raw, client]) {
    const got = await v.get(url)
    if (!isDeepStrictEqual(got, EXPECTED)) throw new Error(`${v.id} returned ${JSON.stringify(got)}`)
  }

  /** `n` GETs at CONCURRENCY: wall ms. */
  async function batch(get, n) {
    let next = 0
    let errors = 0
    let firstError
    const run = async () => {
      while (next < n) {
        next++
        try {
          await get(url)
        } catch (error) {
          errors++
          firstError ??= error
        }
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, run))
    const ms = performance.now() - started
    if (errors > 0) throw new Error(`${id}: ${errors} of ${n} requests failed: ${firstError?.stack ?? firstError}`)
    return ms
  }

  // Warm-up: opens the connections and optimises both paths.
  for (const get of [raw.get, client.get, client.get, raw.get]) await batch(get, CHUNK / 2)
  globalThis.gc?.()

  // raw, client, client, raw, client, client, raw, …: every pair of client
  // batches sits between two raw batches; all batches have the same size, so
  // the ramp-up and drain at batch edges weigh the same on both sides.
  const ratios = []
  let rawMs = 0
  let rawRequests = 0
  let clientMs = 0
  let done = 0
  const cpu = process.cpuUsage()
  let before = await batch(raw.get, CHUNK)
  rawMs += before
  rawRequests += CHUNK
  while (done < REQUESTS) {
    const b = (await batch(client.get, CHUNK)) + (await batch(client.get, CHUNK))
    const after = await batch(raw.get, CHUNK)
    ratios.push((before + after) / b)
    rawMs += after
    rawRequests += CHUNK
    clientMs += b
    done += 2 * CHUNK
    before = after
  }
  const used = process.cpuUsage(cpu)
  await emit({
    id,
    label: client.label,
    ratio: median(ratios),
    p10: quantile(ratios, 0.1),
    p90: quantile(ratios, 0.9),
    sumRatio: done / clientMs / (rawRequests / rawMs),
    cycles: ratios.length,
    requests: done,
    rawRequests,
    rawRate: rawRequests / (rawMs / 1000),
    clientRate: done / (clientMs / 1000),
    cpuUsPerRequestBoth: (used.user + used.system) / (done + rawRequests),
  })
}

async function main() {
  const { emit, listOption, loadVariants, median, option, pick, rotate, round3, spawnJsonRetry, versions } = await common()
  const REQUESTS = Number(option('requests', '20000'))
  const CONCURRENCY = Number(option('concurrency', '64'))
  const CHUNK = Math.min(Number(option('chunk', '1000')), REQUESTS / 2)
  const ROUNDS = Number(option('rounds', '3'))
  // After the first round, no round and no peer is started once this many seconds have gone.
  const BUDGET_S = Number(option('budget', '110'))

  const server = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const port = await new Promise((resolve, reject) => {
    server.once('message', (m) => resolve(m.port))
    server.once('error', reject)
    server.once('exit', (code) => reject(new Error(`loopback server exited (${code})`)))
  })
  process.on('exit', () => server.kill())
  try {
    const adapters = pick(listOption('clients'))
    const variants = await loadVariants(adapters) // ids and labels; measuring happens in children
    const others = variants.filter((v) => v.id !== 'raw')
    const script = fileURLToPath(import.meta.url)
    const perRound = Object.fromEntries(others.map((v) => [v.id, []]))
    const budgetEnds = performance.now() + BUDGET_S * 1000
    let rounds = 0
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0 && performance.now() > budgetEnds) {
        process.stderr.write(`loopback: time budget of ${BUDGET_S} s spent, stopping after ${round} round(s)\n`)
        break
      }
      rounds++
      for (const v of rotate(others, round)) {
        // A spent budget ends the round for the peers (they get one round fewer); surefetch and
        // raw fetch + signal (the floor surefetch's defaults are judged against) are always measured.
        if (round > 0 && performance.now() > budgetEnds && v.adapter !== 'surefetch' && v.id !== 'raw-signal') continue
        const args = ['--worker', v.id, '--port', String(port), '--requests', String(REQUESTS), '--concurrency', String(CONCURRENCY), '--chunk', String(CHUNK)]
        perRound[v.id].push(await spawnJsonRetry(script, args, { limitMs: 120_000 }))
      }
      process.stderr.write(`loopback: round ${round + 1}/${ROUNDS} done\n`)
    }

    const rawRates = others.flatMap((v) => perRound[v.id].map((r) => r.rawRate))
    const rows = [
      { id: 'raw', label: variants.find((v) => v.id === 'raw').label, requestsPerSecond: Math.round(median(rawRates)), ratio: 1, ratioMin: 1, ratioMax: 1, sumRatio: 1 },
      ...others.map((v) => {
        const r = perRound[v.id]
        return {
          id: v.id,
          label: v.label,
          requestsPerSecond: Math.round(median(r.map((x) => x.clientRate))),
          ratio: round3(median(r.map((x) => x.ratio))),
          ratioMin: round3(Math.min(...r.map((x) => x.ratio))),
          ratioMax: round3(Math.max(...r.map((x) => x.ratio))),
          sumRatio: round3(median(r.map((x) => x.sumRatio))),
          rounds: r.length,
        }
      }),
    ]
    const result = {
      scenario: 'loopback',
      description: `${REQUESTS} GETs + json() at concurrency ${CONCURRENCY} to a node:http server in a child process on 127.0.0.1`,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      chunk: CHUNK,
      rounds,
      roundsAsked: ROUNDS,
      statistic:
        'per (round, client): a fresh process, batches of chunk requests at full concurrency in the order raw, client, client, raw, client, client, raw…; cycle ratio = time of the two raw batches ÷ time of the two client batches between them; round ratio = median over cycles; reported ratio = median over rounds',
      versions: versions(adapters),
      rows,
      perRound,
    }
    if (!(await emit(result))) {
      console.log(`${result.description}, ${rounds} rounds (median over rounds of the per-round median cycle ratio)`)
      console.table(rows.map(({ label, requestsPerSecond, ratio, ratioMin, ratioMax, sumRatio }) => ({ client: label, 'req/s': requestsPerSecond, ratio, range: `${ratioMin}–${ratioMax}`, 'ratio of totals': sumRatio })))
    }
  } finally {
    if (server.connected) server.disconnect()
  }
}
