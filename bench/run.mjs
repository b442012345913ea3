#!/usr/bin/env node
// The benchmark entry point (issue 11): `npm run bench`.
//
//   node --expose-gc bench/run.mjs [options]
//     --scenarios overhead,loopback,bundle,leaks,streaming,http-cache   (default: all)
//     --clients surefetch,ky,…     peers to include (raw fetch is always in);
//                                  known: raw, surefetch, ky, ofetch, wretch, up-fetch, axios, redaxios
//     --quick                      fewer rounds and requests (a smoke run, ~1 min)
//     --overhead-rounds N --overhead-ms N
//     --loopback-rounds N --loopback-requests N --concurrency N
//     --build                      run `npx tsup` first (otherwise dist/ is used as it is)
//     --wait-quiet S               wait up to S seconds for the CPUs to be ≥ 80 % idle first
//     --write-docs                 replace the generated section of docs/benchmarks.md
//     --out FILE                   JSON output (default bench/results/<date>.json)
//     --render FILE                print (and with --write-docs, write) the tables of an earlier run's JSON; measures nothing
//
// dist/ is copied at the start (SUREFETCH_DIST points the adapters at the
// copy), so a rebuild during the run does not mix two builds. Every scenario
// runs in child processes (fresh heap and JIT state) with time limits and time
// budgets, so the whole run is bounded (~3 min here). Prints Markdown tables;
// writes the results, versions, Node version, CPU and date as JSON.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import os from 'node:os'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { adapters, clientIds, versions } from './adapters/index.mjs'
import { flag, listOption, option, sleep, spawnJsonRetry } from './adapters/_common.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const ALL = ['overhead', 'loopback', 'bundle', 'leaks', 'streaming', 'http-cache']
const scenarios = listOption('scenarios') ?? ALL
const unknown = scenarios.filter((s) => !ALL.includes(s))
if (unknown.length > 0) fail(`unknown scenario(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}`)
const clients = listOption('clients')
if (clients) {
  const bad = clients.filter((c) => !clientIds.includes(c))
  if (bad.length > 0) fail(`unknown client(s) ${bad.join(', ')}; known: ${clientIds.join(', ')}`)
}
const quick = flag('quick')
const params = {
  overheadRounds: Number(option('overhead-rounds', quick ? '2' : '5')),
  overheadMs: Number(option('overhead-ms', quick ? '200' : '500')),
  loopbackRounds: Number(option('loopback-rounds', quick ? '1' : '3')),
  loopbackRequests: Number(option('loopback-requests', quick ? '5000' : '20000')),
  concurrency: Number(option('concurrency', '64')),
  leaksStubCalls: quick ? 10000 : 100000,
  leaksLoopbackCalls: quick ? 1000 : 5000,
  streamingMib: quick ? 16 : 64,
  streamingRounds: quick ? 2 : 3,
  streamingEvents: quick ? 20000 : 100000,
}
const TARGETS = { overhead: 0.85, loopback: 0.97, bundleGetPost: 2500, bundleAll: 7000, streaming: 0.95, streamingRss: 10 }

function fail(message) {
  console.error(`bench/run.mjs: ${message}`)
  process.exit(2)
}

// ------------------------------------------------------------------ machine

/** Share of CPU time idle over `ms`, from /proc/stat (undefined off Linux). */
async function idleShare(ms) {
  const read = () => {
    try {
      const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
      const n = fields.map(Number)
      return { idle: n[3] + (n[4] ?? 0), total: n.reduce((a, b) => a + b, 0) }
    } catch {
      return undefined
    }
  }
  const a = read()
  await sleep(ms)
  const b = read()
  if (!a || !b || b.total === a.total) return undefined
  return (b.idle - a.idle) / (b.total - a.total)
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

async function machine() {
  const idle = await idleShare(1000)
  let distBuilt
  try {
    distBuilt = statSync(resolve(root, 'dist/index.js')).mtime.toISOString()
  } catch {}
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    idleAtStart: idle === undefined ? undefined : Math.round(idle * 100) / 100,
    commit: git('rev-parse', '--short', 'HEAD'),
    srcModified: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
    distBuilt,
    versions: { surefetch: versions(adapters).surefetch, ...versions(adapters) },
  }
}

// ------------------------------------------------------------------ children

/** A scenario script in a child process, killed after `limitMs`; its JSON result, or its stdout when `json` is false. */
function child(script, args, { limitMs, json }) {
  return spawnJsonRetry(resolve(here, script), args, { limitMs, json: json === true, cwd: root })
}

/** Rows of a `console.table` printout (cells unquoted, numbers parsed). */
function parseConsoleTable(text) {
  const lines = text.split('\n').filter((l) => l.startsWith('│'))
  if (lines.length === 0) return []
  const cells = (line) => line.split('│').slice(1, -1).map((c) => c.trim())
  const head = cells(lines[0])
  return lines.slice(1).map((line) => {
    const row = {}
    cells(line).forEach((cell, i) => {
      if (i === 0) return // (index)
      const unquoted = cell.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1')
      row[head[i]] = unquoted !== '' && !Number.isNaN(Number(unquoted)) ? Number(unquoted) : unquoted
    })
    return row
  })
}

// ------------------------------------------------------------------ scenarios

const clientArgs = clients ? ['--clients', clients.join(',')] : []

const runners = {
  overhead: () =>
    child('overhead.mjs', [...clientArgs, '--rounds', String(params.overheadRounds), '--ms', String(params.overheadMs), '--budget', '50'], {
      limitMs: 150_000,
      json: true,
    }),
  loopback: () =>
    child(
      'loopback.mjs',
      [...clientArgs, '--rounds', String(params.loopbackRounds), '--requests', String(params.loopbackRequests), '--concurrency', String(params.concurrency), '--chunk', String(Math.min(1000, params.loopbackRequests / 2)), '--budget', '110'],
      { limitMs: 270_000, json: true },
    ),
  bundle: () => child('bundle-peers.mjs', clientArgs, { limitMs: 60_000, json: true }),
  // issue 21: a cached hit vs a loopback round trip (surefetch only).
  'http-cache': () => child('http-cache.mjs', ['--json', '--rounds', quick ? '2' : '5', '--calls', quick ? '2000' : '5000'], { limitMs: 150_000, json: true }),
  leaks: async () => {
    const stubOut = await child(resolve(snapshot.snap, 'bench/leaks.mjs'), ['--calls', String(params.leaksStubCalls), '--transport', 'stub'], { limitMs: 60_000 })
    const loopOut = await child(resolve(snapshot.snap, 'bench/leaks.mjs'), ['--calls', String(params.leaksLoopbackCalls), '--transport', 'loopback'], { limitMs: 90_000 })
    return {
      scenario: 'leaks',
      description: 'bench/leaks.mjs: sequential calls sharing one AbortController.signal, each with a timeout',
      stub: { calls: params.leaksStubCalls, rows: parseConsoleTable(stubOut), output: stubOut },
      loopback: { calls: params.leaksLoopbackCalls, rows: parseConsoleTable(loopOut), output: loopOut },
    }
  },
  streaming: async () => {
    const out = await child(
      resolve(snapshot.snap, 'bench/streaming.mjs'),
      ['--mib', String(params.streamingMib), '--rounds', String(params.streamingRounds), '--events', String(params.streamingEvents)],
      { limitMs: 90_000 },
    )
    const sse = out.match(/sse\(\): (\d+) events in (\d+) ms \((\d+) events\/s\), peak RSS growth ([\d.]+) MiB/)
    return {
      scenario: 'streaming',
      description: 'bench/streaming.mjs: NDJSON over loopback read line by line; sse() events',
      mib: params.streamingMib,
      rounds: params.streamingRounds,
      rows: parseConsoleTable(out),
      sse: sse ? { events: Number(sse[1]), ms: Number(sse[2]), eventsPerSecond: Number(sse[3]), rssGrowthMiB: Number(sse[4]) } : undefined,
      output: out,
    }
  },
}

// ------------------------------------------------------------------ markdown

const fmt = (n, digits = 2) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits))
const thousands = (n) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US').replace(/,/g, ' '))
const kB = (bytes) => (bytes >= 1000 ? `${(bytes / 1000).toFixed(2)} kB` : `${bytes} B`)
const yes = (ok) => (ok === undefined ? '—' : ok ? '**met**' : '**not met**')
const ratio = (x) => `${fmt(x)}×`

function overheadTable(r) {
  const lines = ['| client | calls/s | ratio to raw | range over rounds | ratio of summed times | added µs per call |', '|---|---|---|---|---|---|']
  for (const row of r.rows) {
    const bold = row.id.startsWith('surefetch') ? (s) => `**${s}**` : (s) => s
    lines.push(
      `| ${row.label} | ${thousands(row.callsPerSecond)} | ${bold(ratio(row.ratio))} | ${fmt(row.ratioMin)}–${fmt(row.ratioMax)} | ${row.id === 'raw' ? '—' : ratio(row.sumRatio)} | ${row.id === 'raw' ? '—' : fmt(row.extraNsPerCall / 1000, 1)} |`,
    )
  }
  return lines.join('\n')
}

function loopbackTable(r) {
  const lines = ['| client | requests/s | ratio to raw | range over rounds | ratio of summed times | rounds |', '|---|---|---|---|---|---|']
  for (const row of r.rows) {
    const bold = row.id.startsWith('surefetch') ? (s) => `**${s}**` : (s) => s
    lines.push(`| ${row.label} | ${thousands(row.requestsPerSecond)} | ${bold(ratio(row.ratio))} | ${fmt(row.ratioMin)}–${fmt(row.ratioMax)} | ${row.id === 'raw' ? '—' : ratio(row.sumRatio)} | ${row.rounds ?? '—'} |`)
  }
  return lines.join('\n')
}

function bundleTable(r, vers) {
  const lines = ['| client | entry | minified | gzip | loaded on demand (gzip) | target |', '|---|---|---|---|---|---|']
  for (const row of r.rows) {
    const version = row.client === 'surefetch' || row.id === 'raw' ? '' : ` ${vers[row.id] ?? ''}`
    const note = row.platform === 'neutral' ? '' : ` (platform ${row.platform})`
    const target = row.id === 'surefetch' ? '≤ 2.5 kB' : row.id === 'surefetch-all' ? '≤ 7 kB' : ''
    const bold = row.client === 'surefetch' ? (s) => `**${s}**` : (s) => s
    lines.push(`| ${row.client}${version} | ${row.entry}${note} | ${kB(row.minified)} | ${bold(kB(row.gzip))} | ${row.lazy ? kB(row.lazy) : '—'} | ${target} |`)
  }
  return lines.join('\n')
}

function leaksTable(r) {
  const lines = ['| transport | calls | client | listeners left | live timers | heap growth per call | calls/s |', '|---|---|---|---|---|---|---|']
  for (const [transport, part] of [['stub', r.stub], ['loopback', r.loopback]]) {
    for (const row of part.rows) {
      lines.push(`| ${transport} | ${thousands(part.calls)} | ${row.name} | ${row.listeners} | ${row.liveTimers} | ${row.bytesPerCall} B | ${thousands(row.callsPerSecond)} |`)
    }
  }
  return lines.join('\n')
}

function streamingTable(r) {
  const lines = ['| variant | best ms | MiB/s | ratio to raw | peak RSS growth |', '|---|---|---|---|---|']
  for (const row of r.rows) {
    lines.push(`| ${row.variant} | ${row['best ms']} | ${row['MiB/s']} | ${ratio(row['ratio to raw'])} | ${row['peak RSS growth MiB']} MiB |`)
  }
  return lines.join('\n')
}

/** Target verdicts from whatever scenarios ran. */
function verdicts(results) {
  const out = []
  const bestPeer = (rows, key, ids = ['ky', 'ofetch', 'wretch', 'up-fetch', 'axios', 'redaxios']) => {
    const peers = rows.filter((r) => ids.includes(r.id))
    if (peers.length === 0) return '—'
    const best = peers.reduce((a, b) => (b[key] > a[key] ? b : a))
    return `${best.id} ${ratio(best[key])}`
  }
  const o = results.overhead
  if (o) {
    const sf = o.rows.find((r) => r.id === 'surefetch')
    const bare = o.rows.find((r) => r.id === 'surefetch-bare')
    if (sf)
      out.push({
        scenario: 'GET + json, stub fetch: ratio to raw (median of per-round ratios)',
        target: `≥ ${TARGETS.overhead}×`,
        surefetch: `${ratio(sf.ratio)}; with \`timeout: false, retry: false\` ${ratio(bare?.ratio)}`,
        peer: bestPeer(o.rows, 'ratio'),
        met: sf.ratio >= TARGETS.overhead,
      })
  }
  const l = results.loopback
  if (l) {
    const sf = l.rows.find((r) => r.id === 'surefetch')
    const bare = l.rows.find((r) => r.id === 'surefetch-bare')
    // What handing fetch a signal costs by itself (any client with a timeout must): the floor for the defaults.
    const signal = l.rows.find((r) => r.id === 'raw-signal')
    if (sf)
      out.push({
        scenario: `${thousands(l.requests)} GETs over loopback, concurrency ${l.concurrency}: ratio to raw`,
        target: `≥ ${TARGETS.loopback}×`,
        surefetch: `${ratio(sf.ratio)}; with \`timeout: false, retry: false\` ${ratio(bare?.ratio)}${signal ? `; raw fetch + signal ${ratio(signal.ratio)}` : ''}`,
        peer: bestPeer(l.rows, 'ratio'),
        met: sf.ratio >= TARGETS.loopback,
      })
  }
  const b = results.bundle
  if (b) {
    const sf = b.rows.find((r) => r.id === 'surefetch')
    const all = b.rows.find((r) => r.id === 'surefetch-all')
    const smallestPeer = b.rows.filter((r) => !['raw', 'surefetch', 'surefetch-all'].includes(r.id)).sort((x, y) => x.gzip - y.gzip)
    if (sf)
      out.push({
        scenario: 'bundle: GET + POST json entry, esbuild min + gzip',
        target: '≤ 2.5 kB',
        surefetch: kB(sf.gzip),
        peer: smallestPeer.map((r) => `${r.id} ${kB(r.gzip)}`).slice(0, 3).join(', ') || '—',
        met: sf.gzip <= TARGETS.bundleGetPost,
      })
    if (all) out.push({ scenario: 'bundle: whole API', target: '≤ 7 kB', surefetch: kB(all.gzip), peer: '—', met: all.gzip <= TARGETS.bundleAll })
  }
  const s = results.streaming
  if (s && s.rows.length === 2) {
    const [raw, sf] = s.rows
    out.push({
      scenario: `${s.mib} MiB NDJSON over loopback, lines(): ratio to a hand-written reader; RSS growth`,
      target: `≥ ${TARGETS.streaming}×, RSS ≤ raw + ${TARGETS.streamingRss} MiB`,
      surefetch: `${ratio(sf['ratio to raw'])}, ${sf['peak RSS growth MiB']} MiB (raw ${raw['peak RSS growth MiB']} MiB)`,
      peer: 'not measured (surefetch only)',
      met: sf['ratio to raw'] >= TARGETS.streaming && sf['peak RSS growth MiB'] <= raw['peak RSS growth MiB'] + TARGETS.streamingRss,
    })
  }
  const c = results['http-cache']
  if (c) {
    out.push({
      scenario: 'httpCache: a cached hit vs a loopback round trip (sequential get().json())',
      target: `≥ ${c.target}×`,
      surefetch: `${ratio(c.ratio)} (${fmt(c.hitUs, 1)} µs vs ${fmt(c.roundTripUs, 1)} µs; a stub-fetch call ${fmt(c.floorUs, 1)} µs)`,
      peer: 'not measured (no peer caches)',
      met: c.met,
    })
  }
  const k = results.leaks
  if (k) {
    const pairs = [k.stub, k.loopback].map((part) => ({
      raw: part.rows.find((r) => String(r.name).startsWith('raw')),
      sf: part.rows.find((r) => String(r.name).startsWith('surefetch')),
    }))
    if (pairs.every((p) => p.raw && p.sf)) {
      const listeners = Math.max(...pairs.map((p) => p.sf.listeners))
      const timers = Math.max(...pairs.map((p) => p.sf.liveTimers))
      // Heap per call judged on the stub run (100 000 calls; the loopback run is too short to tell
      // a few bytes from noise), with 2 B of slack.
      const heapOk = pairs[0].sf.bytesPerCall <= Math.max(pairs[0].raw.bytesPerCall, 0) + 2
      out.push({
        scenario: 'calls sharing one signal, each with a timeout (stub / loopback): listeners left, timers, heap per call',
        target: '0 listeners, ≤ raw heap per call',
        surefetch: `${listeners} listeners, ${timers} timers; ${pairs.map((p) => `${p.sf.bytesPerCall} B`).join(' / ')} per call (raw ${pairs.map((p) => `${p.raw.listeners} listeners, ${p.raw.bytesPerCall} B`).join(' / ')})`,
        peer: 'not measured (surefetch and raw only)',
        met: listeners === 0 && timers === 0 && heapOk,
      })
    }
  }
  return out
}

function verdictTable(rows) {
  return [
    '| scenario | target | surefetch | best peer | met? |',
    '|---|---|---|---|---|',
    ...rows.map((v) => `| ${v.scenario} | ${v.target} | ${v.surefetch} | ${v.peer} | ${yes(v.met)} |`),
  ].join('\n')
}

const SECTION = '## Call overhead and throughput against the peers — `npm run bench`'

function markdown(results, meta, file) {
  const params = meta.params
  const v = meta.versions
  const peers = ['ky', 'ofetch', 'wretch', 'up-fetch', 'axios', 'redaxios'].filter((p) => v[p]).map((p) => `${p} ${v[p]}`).join(', ')
  const parts = [SECTION, '']
  parts.push(
    '`npm run bench` (`node --expose-gc bench/run.mjs`) runs every scenario below in a',
    'child process of its own, each client behind a small adapter in `bench/adapters/`',
    '(surefetch from the built `dist/index.js`). Options: `--scenarios overhead,loopback,bundle,leaks,streaming`,',
    '`--clients surefetch,ky`, `--quick`, `--build`, `--wait-quiet 120`, `--write-docs` (regenerates this',
    `section); results go to \`bench/results/<date>.json\`. Peers: ${peers}.`,
    '',
    `Measured ${meta.date.slice(0, 10)}, Node ${meta.node}, ${meta.cores} × ${meta.cpu}, surefetch at \`${meta.commit}\`${meta.srcModified ? ' with uncommitted changes to `src/`' : ''} (dist built ${meta.distBuilt?.slice(0, 16).replace('T', ' ')} UTC, \`index.js\` sha256 \`${meta.distSha256}…\`, copied at the start so the whole run measures one build);`,
    `load average ${meta.loadAverage.join(' / ')} at the start${meta.idleAtStart !== undefined ? ` (CPUs ${Math.round(meta.idleAtStart * 100)} % idle)` : ''} and ${meta.loadAverageAtEnd?.join(' / ')} at the end`,
    '(the machine is shared: other work running meanwhile is what the interleaved method below guards against).',
    `Raw data: \`${file}\`. Run time ${meta.seconds} s.`,
    '',
  )
  const ver = verdicts(results)
  if (ver.length > 0) parts.push('**Against issue 11\'s targets**', '', verdictTable(ver), '')
  if (results.overhead) {
    const r = results.overhead
    parts.push(
      '### GET + json against a stub fetch — `bench/overhead.mjs`',
      '',
      `\`globalThis.fetch\` is replaced by an async function returning \`new Response(${JSON.stringify(r.body)}, { headers: { 'content-type': 'application/json' } })\`,`,
      'so every client calls the same in-memory fetch and what differs is the client itself. One call in flight at a time, the',
      'body read as JSON (`get(url).json()`, `ky.get(url).json()`, `ofetch(url)`, `wretch(url).get().json()`, `upfetch(url)`,',
      '`(await axios.get(url)).data`). surefetch runs with its defaults (attempt timeout 10 s, read timeout 30 s, retry limit 2) unless marked.',
      '',
      'Method: each (round, client) is a fresh process holding only raw fetch and that client (in one process shared by all',
      'clients, surefetch measured 10–20 % lower: the others pollute the JIT feedback of the code they share). After a warm-up the two run interleaved for',
      `${r.msPerMeasurement} ms in cycles of raw ×${r.chunk}, client ×${2 * r.chunk}, raw ×${r.chunk} calls; a cycle's ratio is raw's time ÷ the client's time for`,
      'as many calls (= client calls/s ÷ raw calls/s), so both sides of it see the same load from other processes. The',
      `round's ratio is the median over its cycles; **the ratio reported is the median over ${r.rounds} rounds**, clients in an order`,
      'rotated every round. "Ratio of summed times" is the same from total times instead of the cycle median (it keeps the',
      'cycles a burst of outside load fell into). Calls/s is the client\'s median round; "added µs per call" its time per',
      'call minus raw\'s in the same window.',
      '',
      overheadTable(r),
      '',
    )
  }
  if (results.loopback) {
    const r = results.loopback
    parts.push(
      '### Loopback throughput — `bench/loopback.mjs`',
      '',
      `${r.description} (its own core), keep-alive, every client over Node's fetch (axios with \`adapter: 'fetch'\`).`,
      'Each (round, client) is a fresh process holding raw fetch and that client, which share its connection pool. The',
      `client's ${thousands(r.requests)} requests go in batches of ${thousands(r.chunk)} at concurrency ${r.concurrency}, in the order raw, client, client, raw,`,
      'client, client, raw, …; a cycle\'s ratio is the time of two raw batches ÷ the time of the two client batches between them.',
      `**Ratio = median over rounds of the per-round median cycle ratio** (${r.rounds} of ${r.roundsAsked} rounds run: a time budget`,
      'keeps the run short: once it is spent, the round in progress finishes with surefetch only and no new round starts; the "rounds" column says how many each client got).',
      '',
      loopbackTable(r),
      '',
    )
  }
  if (results.bundle) {
    const r = results.bundle
    parts.push(
      '### Bundle size against the peers — `bench/bundle-peers.mjs`',
      '',
      'The GET + POST-json app of each adapter (`bundleEntry` in `bench/adapters/*.mjs`, e.g. surefetch\'s',
      '`import { get, post } from \'surefetch\'; … get(\'/x\').json() … post(\'/y\', { json: {} }).json()`), bundled with the settings of',
      '`bench/size.mjs` (esbuild `--bundle --minify --splitting`, ESM, platform neutral), gzip -9 of the entry chunk with the shared chunks it imports statically.',
      'surefetch\'s rows are the entries of `bench/size-budget.json` measured as `bench/size.mjs` does. axios and redaxios do not resolve on',
      'platform neutral (axios\'s default condition pulls in Node\'s `http`; redaxios has no `exports`), so they are bundled',
      'for the browser. ky 2 (8.9 kB in the issue) is not installed here.',
      '',
      bundleTable(r, r.versions),
      '',
    )
  }
  if (results.leaks || results.streaming) {
    parts.push('### Leaks and streaming, short runs', '')
    parts.push(
      'The scripts of the [Leaks](#leaks--node---expose-gc-benchleaksmjs) and [Streaming](#streaming--node---expose-gc-benchstreamingmjs)',
      `sections, run by \`npm run bench\`: \`leaks.mjs\` with ${thousands(params.leaksStubCalls)} calls on the stub and ${thousands(params.leaksLoopbackCalls)} over loopback`,
      `(those sections use 100 000 each), \`streaming.mjs\` with ${params.streamingMib} MiB, ${params.streamingRounds} rounds and ${thousands(params.streamingEvents)} SSE events.`,
      'They compare surefetch with raw fetch only; heap growth per call over a few thousand calls is within noise.',
      '',
    )
    if (results.leaks) parts.push(leaksTable(results.leaks), '')
    if (results.streaming) {
      const s = results.streaming
      parts.push(`${s.mib} MiB of 64-byte lines, best of ${s.rounds} alternating rounds:`, '', streamingTable(s), '')
      if (s.sse) parts.push(`\`sse()\`: ${thousands(s.sse.events)} events in ${s.sse.ms} ms (${thousands(s.sse.eventsPerSecond)} events/s), ${s.sse.rssGrowthMiB} MiB RSS growth.`, '')
    }
  }
  return parts.join('\n')
}

/** Replaces (or inserts, before "## Retry against the peers") the generated section; keeps every other section. */
function writeDocs(section, summary) {
  const path = resolve(root, 'docs/benchmarks.md')
  let doc = readFileSync(path, 'utf8')
  const start = doc.indexOf(SECTION)
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + SECTION.length)
    doc = doc.slice(0, start) + section.trimEnd() + '\n' + (next >= 0 ? doc.slice(next) : '')
  } else {
    const anchor = doc.indexOf('\n## Retry against the peers')
    doc = anchor >= 0 ? `${doc.slice(0, anchor + 1)}${section.trimEnd()}\n\n${doc.slice(anchor + 1)}` : `${doc.trimEnd()}\n\n${section.trimEnd()}\n`
  }
  // The summary at the top, between markers, right after the first paragraph.
  const open = '<!-- bench:summary -->'
  const close = '<!-- /bench:summary -->'
  const block = `${open}\n${summary.trimEnd()}\n${close}`
  const a = doc.indexOf(open)
  const b = doc.indexOf(close)
  if (a >= 0 && b > a) doc = doc.slice(0, a) + block + doc.slice(b + close.length)
  else {
    const firstSection = doc.indexOf('\n## ')
    doc = `${doc.slice(0, firstSection + 1)}${block}\n\n${doc.slice(firstSection + 1)}`
  }
  writeFileSync(path, doc)
}

// ------------------------------------------------------------------ dist snapshot

/**
 * Copies dist/ (and the leak and streaming scripts, which import
 * '../dist/index.js') into a private directory, so that every scenario of this
 * run measures one build even if dist/ is rebuilt meanwhile. Retried while the
 * copy does not load (a rebuild in progress). Returns the snapshot's root.
 */
async function snapshotDist() {
  const snap = resolve(root, `.cache/bench/run-${process.pid}`)
  for (let attempt = 1; ; attempt++) {
    rmSync(snap, { recursive: true, force: true })
    try {
      const built = statSync(resolve(root, 'dist/index.js')).mtime.toISOString()
      cpSync(resolve(root, 'dist'), resolve(snap, 'dist'), { recursive: true })
      for (const script of ['leaks.mjs', 'streaming.mjs']) cpSync(resolve(here, script), resolve(snap, 'bench', script))
      await import(`${pathToFileURL(resolve(snap, 'dist/index.js')).href}?check`)
      const sha = createHash('sha256').update(readFileSync(resolve(snap, 'dist/index.js'))).digest('hex').slice(0, 12)
      return { snap, built, sha }
    } catch (error) {
      if (attempt >= 10) throw new Error(`dist/ could not be loaded (run npx tsup): ${error.message}`)
      await sleep(1000)
    }
  }
}

// ------------------------------------------------------------------ main

const rendered = option('render', undefined)
/** This run's copy of dist/ (see snapshotDist). */
let snapshot
let meta
let results
let errors
let relFile
if (rendered !== undefined) {
  // Re-render the tables of an earlier run (no measuring).
  ;({ meta, results, errors } = JSON.parse(readFileSync(resolve(rendered), 'utf8')))
  relFile = relative(root, resolve(rendered))
} else {
  ;({ meta, results, errors, relFile } = await measureAll())
}

async function measureAll() {
  const started = performance.now()
  if (flag('build')) {
    console.error('bench: building dist (npx tsup)…')
    execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'inherit' })
  }
  const waitQuiet = Number(option('wait-quiet', '0'))
  if (waitQuiet > 0) {
    const until = Date.now() + waitQuiet * 1000
    for (;;) {
      const idle = await idleShare(2000)
      if (idle === undefined || idle >= 0.8 || Date.now() >= until) {
        console.error(`bench: CPUs ${idle === undefined ? '?' : Math.round(idle * 100)} % idle, starting`)
        break
      }
      console.error(`bench: CPUs only ${Math.round(idle * 100)} % idle, waiting…`)
    }
  }
  snapshot = await snapshotDist()
  process.on('exit', () => rmSync(snapshot.snap, { recursive: true, force: true }))
  process.env.SUREFETCH_DIST = resolve(snapshot.snap, 'dist/index.js') // read by bench/adapters/surefetch.mjs and bundle-peers.mjs
  const meta = await machine()
  meta.distBuilt = snapshot.built
  meta.distSha256 = snapshot.sha
  const results = {}
  const errors = {}
  for (const scenario of ALL.filter((s) => scenarios.includes(s))) {
    const t = performance.now()
    console.error(`bench: ${scenario}…`)
    try {
      results[scenario] = await runners[scenario]()
    } catch (error) {
      errors[scenario] = String(error?.message ?? error)
      console.error(`bench: ${scenario} failed: ${errors[scenario]}`)
    }
    console.error(`bench: ${scenario} took ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  rmSync(snapshot.snap, { recursive: true, force: true })
  meta.seconds = Math.round((performance.now() - started) / 1000)
  meta.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100)
  meta.params = params

  const outFile = option('out', resolve(root, `bench/results/${meta.date.slice(0, 10)}.json`))
  mkdirSync(dirname(outFile), { recursive: true })
  writeFileSync(outFile, JSON.stringify({ meta, results, errors }, null, 2) + '\n')
  const relFile = outFile.startsWith(root) ? relative(root, outFile) : outFile
  return { meta, results, errors, relFile }
}

const section = markdown(results, meta, relFile)
console.log(section)
if (Object.keys(errors).length > 0) console.log(`\nFailed: ${Object.entries(errors).map(([s, e]) => `${s}: ${e}`).join('; ')}`)
if (flag('write-docs')) {
  const ver = verdicts(results)
  const summary = [
    `**Summary** (\`npm run bench\`, ${meta.date.slice(0, 10)}, Node ${meta.node}, ${meta.cores} cores; details in`,
    '[Call overhead and throughput against the peers](#call-overhead-and-throughput-against-the-peers--npm-run-bench)):',
    '',
    verdictTable(ver),
  ].join('\n')
  writeDocs(section, summary)
  console.error(`bench: docs/benchmarks.md updated`)
}
console.error(`bench: results in ${relFile}, ${meta.seconds} s in all`)
process.exit(Object.keys(errors).length > 0 ? 1 : 0)
