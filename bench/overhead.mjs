#!/usr/bin/env node
// Call overhead (issue 11, scenario 1): GET + json() against a stub fetch that
// answers a small JSON `Response` from memory, installed as globalThis.fetch
// so that every client calls it. What is left is the client's own cost.
//
//   node --expose-gc bench/overhead.mjs [--clients surefetch,ky] [--rounds 5] [--ms 500] [--chunk 32] [--budget 75]
//   node --expose-gc bench/overhead.mjs --only surefetch [--ms 5000]   one client alone, e.g. under --cpu-prof
//
// Method. Calls are sequential (one in flight). Every (round, client) pair is
// a fresh child process that loads only raw fetch and that client, so no
// client runs on JIT feedback polluted by the others (in one shared process
// surefetch measured 10–20 % lower). In the child, after a
// warm-up, raw fetch and the client run interleaved for --ms milliseconds in
// cycles of raw ×chunk, client ×2·chunk, raw ×chunk calls; a cycle's ratio is
// raw's time ÷ the client's time for the same number of calls (= client
// calls/s ÷ raw calls/s), and the round's ratio is the median over its
// cycles. Both sides of a cycle see the same load from other processes, and
// the median drops the cycles a burst of that load landed in. The clients'
// order rotates by one per round. Reported: the median of the per-round
// ratios and their range.
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { clientIds, loadVariants, pick, versions } from './adapters/index.mjs'
import { emit, listOption, median, option, quantile, rotate, round3, spawnJsonRetry } from './adapters/_common.mjs'

const ROUNDS = Number(option('rounds', '5'))
const MS = Number(option('ms', '500'))
const WARM_MS = Number(option('warm-ms', '300'))
const CHUNK = Number(option('chunk', '32'))
const MAX_CALLS = Number(option('max-calls', '2000000'))
// After the first round, no new round starts once this many seconds have gone.
const BUDGET_S = Number(option('budget', '75'))
const ONLY = option('only', undefined)
const WORKER = option('worker', undefined)

export const SMALL_JSON = { id: 1, name: 'surefetch', ok: true, tags: ['a', 'b'], score: 0.5 }
const body = JSON.stringify(SMALL_JSON)
const URL_ = 'http://127.0.0.1:9/item'

if (WORKER !== undefined) await worker(WORKER)
else if (ONLY !== undefined) await only(ONLY)
else await main()

function installStub() {
  // Async like the real fetch (some clients chain .then on its result).
  globalThis.fetch = async function stubFetch() {
    return new Response(body, { headers: { 'content-type': 'application/json' } })
  }
}

/** The adapter behind a variant id (surefetch-bare → surefetch). */
function adapterOf(id) {
  const adapter = clientIds.find((c) => id === c || id.startsWith(`${c}-`))
  if (!adapter) throw new Error(`no client for ${id} (known: ${clientIds.join(', ')})`)
  return adapter
}

async function load(ids) {
  installStub()
  const variants = await loadVariants(pick(ids.map(adapterOf)))
  // Every client must return the parsed body, or it is not measuring the same thing.
  for (const v of variants) {
    const got = await v.get(URL_)
    if (!isDeepStrictEqual(got, SMALL_JSON)) throw new Error(`${v.id} returned ${JSON.stringify(got)}`)
  }
  return variants
}

/** Wall time of `n` sequential calls. */
async function chunk(get, n) {
  const started = performance.now()
  for (let i = 0; i < n; i++) await get(URL_)
  return performance.now() - started
}

/** raw / client / raw cycles for `ms`: per-cycle ratios and the totals. */
async function interleaved(raw, client, ms) {
  const ratios = []
  let rawMs = 0
  let clientMs = 0
  let calls = 0
  const ends = performance.now() + ms
  do {
    const a = await chunk(raw, CHUNK)
    const b = await chunk(client, 2 * CHUNK)
    const c = await chunk(raw, CHUNK)
    ratios.push((a + c) / b)
    rawMs += a + c
    clientMs += b
    calls += 2 * CHUNK
  } while (performance.now() < ends && calls < MAX_CALLS)
  return { ratios, rawRate: calls / (rawMs / 1000), clientRate: calls / (clientMs / 1000), calls }
}

/** Child: one client against raw fetch, one round. */
async function worker(id) {
  const variants = await load([id])
  const raw = variants.find((v) => v.id === 'raw')
  const client = variants.find((v) => v.id === id)
  if (!client) throw new Error(`no variant ${id}`)
  await interleaved(raw.get, client.get, WARM_MS)
  globalThis.gc?.()
  const m = await interleaved(raw.get, client.get, MS)
  await emit({
    id,
    label: client.label,
    ratio: median(m.ratios),
    p10: quantile(m.ratios, 0.1),
    p90: quantile(m.ratios, 0.9),
    sumRatio: m.clientRate / m.rawRate,
    cycles: m.ratios.length,
    rawRate: m.rawRate,
    clientRate: m.clientRate,
  })
}

/** Profiling mode: one variant alone for --ms (default 5 s); prints its rate and the number of calls. */
async function only(id) {
  const variants = await load([id])
  const list = variants.some((v) => v.id === id) ? variants.filter((v) => v.id === id) : variants.filter((v) => v.id !== 'raw')
  const ms = Number(option('ms', '5000'))
  for (const v of list) {
    const warm = 300
    let calls = 0
    let started = performance.now()
    while (performance.now() - started < warm) calls += (await chunk(v.get, CHUNK), CHUNK)
    const cpu = process.cpuUsage()
    started = performance.now()
    let measured = 0
    while (performance.now() - started < ms) measured += (await chunk(v.get, CHUNK), CHUNK)
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    console.log(
      `${v.label}: ${Math.round(measured / seconds)} calls/s over ${ms} ms ` +
        `(${Math.round(measured / ((used.user + used.system) / 1e6))} per CPU-second); ${calls + measured + 1} calls in all`,
    )
  }
}

async function main() {
  installStub()
  const adapters = pick(listOption('clients'))
  const variants = await loadVariants(adapters) // for ids and labels; measuring happens in children
  const others = variants.filter((v) => v.id !== 'raw')
  const script = fileURLToPath(import.meta.url)
  const perRound = Object.fromEntries(others.map((v) => [v.id, []]))
  const budgetEnds = performance.now() + BUDGET_S * 1000
  let rounds = 0
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0 && performance.now() > budgetEnds) {
      process.stderr.write(`overhead: time budget of ${BUDGET_S} s spent, stopping after ${round} round(s)\n`)
      break
    }
    rounds++
    for (const v of rotate(others, round)) {
      const args = ['--worker', v.id, '--ms', String(MS), '--warm-ms', String(WARM_MS), '--chunk', String(CHUNK)]
      perRound[v.id].push(await spawnJsonRetry(script, args, { limitMs: 60_000 }))
    }
    process.stderr.write(`overhead: round ${round + 1}/${ROUNDS} done\n`)
  }

  const rawRates = others.flatMap((v) => perRound[v.id].map((r) => r.rawRate))
  const rows = [
    { id: 'raw', label: variants.find((v) => v.id === 'raw').label, callsPerSecond: Math.round(median(rawRates)), ratio: 1, ratioMin: 1, ratioMax: 1, extraNsPerCall: 0 },
    ...others.map((v) => {
      const r = perRound[v.id]
      return {
        id: v.id,
        label: v.label,
        callsPerSecond: Math.round(median(r.map((x) => x.clientRate))),
        ratio: round3(median(r.map((x) => x.ratio))),
        ratioMin: round3(Math.min(...r.map((x) => x.ratio))),
        ratioMax: round3(Math.max(...r.map((x) => x.ratio))),
        sumRatio: round3(median(r.map((x) => x.sumRatio))),
        // Added time per call: median over rounds of (client's time per call − raw's, same window).
        extraNsPerCall: Math.round(median(r.map((x) => 1e9 / x.clientRate - 1e9 / x.rawRate))),
      }
    }),
  ]
  const result = {
    scenario: 'overhead',
    description: 'GET + json() against an in-memory stub fetch (globalThis.fetch), sequential calls',
    rounds,
    roundsAsked: ROUNDS,
    msPerMeasurement: MS,
    chunk: CHUNK,
    statistic:
      'per (round, client): a fresh process, raw and client interleaved in cycles (raw ×chunk, client ×2·chunk, raw ×chunk); round ratio = median over cycles of raw time ÷ client time; reported ratio = median over rounds',
    body,
    versions: versions(adapters),
    rows,
    perRound,
  }
  if (!(await emit(result))) {
    console.log(`GET + json, stub fetch, ${rounds} rounds × ${MS} ms per client (median over rounds of the per-round median cycle ratio)`)
    console.table(
      rows.map(({ label, callsPerSecond, ratio, ratioMin, ratioMax, sumRatio, extraNsPerCall }) => ({
        client: label,
        'calls/s': callsPerSecond,
        ratio,
        range: `${ratioMin}–${ratioMax}`,
        'ratio of totals': sumRatio ?? 1,
        'added µs/call': Math.round(extraNsPerCall / 100) / 10,
      })),
    )
  }
}
