#!/usr/bin/env node
// Deno and Bun, each in two steps (docs/decisions/0005-deno-bun-suite.md):
//
//   smoke  test/runtimes/{smoke,examples,security,coalesce-upload}.test.ts under `deno test` /
//          `bun test` (node:test), against the built dist/ and examples/
//   suite  the shared vitest suite (vitest.runtimes.config.ts) with vitest
//          itself running on Deno / Bun, so the runtime's own fetch, streams,
//          AbortSignal and timers are under test
//
// and prints one `<runtime>: N passed, N failed` line per runtime (both steps
// summed). The fault servers are served from this (Node) process, a fresh
// pair per runtime and step, so the two runtimes run side by side.
//
//   node test/runtimes/run.mjs [--json <file>] [--smoke-only | --suite-only] [deno] [bun]
//
// Needs dist/ (npm run build) for the smoke step. The fault server is
// TypeScript and Node 20 cannot run that, so it is compiled with esbuild into
// .cache/ first. Exit code: non-zero if anything failed.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const cache = join(root, '.cache/runtimes')
const SMOKE = ['test/runtimes/smoke.test.ts', 'test/runtimes/examples.test.ts', 'test/runtimes/security.test.ts', 'test/runtimes/coalesce-upload.test.ts']

const args = process.argv.slice(2)
const jsonAt = args.indexOf('--json')
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined
const flag = (name) => (args.includes(name) ? (args.splice(args.indexOf(name), 1), true) : false)
const smokeOnly = flag('--smoke-only')
const suiteOnly = flag('--suite-only')
const steps = smokeOnly ? ['smoke'] : suiteOnly ? ['suite'] : ['smoke', 'suite']
const wanted = args.length > 0 ? args : ['deno', 'bun']

if (steps.includes('smoke') && !existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `npm run build` first')
  process.exit(1)
}

mkdirSync(cache, { recursive: true })
const serverModule = join(cache, 'fault-server.mjs')
await build({
  entryPoints: [join(root, 'test/fault-server.ts')],
  outfile: serverModule,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
})
const { startFaultServer } = await import(pathToFileURL(serverModule).href)

const quiet = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' }

// examples.test.ts spawns `deno run` on the example (the binary is wherever
// the npm package put it), and Deno's child_process reads the whole
// environment to pass it on: hence --allow-run and --allow-env.
const smoke = {
  deno: (junit) => [
    'npx',
    ['deno', 'test', '--allow-net=127.0.0.1', '--allow-read=.', '--allow-env', '--allow-run', `--junit-path=${junit}`, ...SMOKE],
  ],
  bun: (junit) => ['npx', ['bun', 'test', '--reporter=junit', `--reporter-outfile=${junit}`, ...SMOKE.map((s) => `./${s}`)]],
}

// vitest's own entry point on the runtime; `bun --bun` makes vitest's worker
// processes Bun too (without it the `node` shebang wins).
const suite = {
  deno: ['npx', ['deno', 'run', '-A', 'node_modules/vitest/vitest.mjs']],
  bun: ['npx', ['bun', '--bun', 'node_modules/vitest/vitest.mjs']],
}
const vitestArgs = ['run', '-c', 'vitest.runtimes.config.ts', '--reporter=dot', '--reporter=./test/setup/counts-reporter.ts']

/** A step that hangs is killed (its process group: npx, the runtime, vitest's workers) after this. */
const STEP_TIMEOUT_MS = 420_000
/** Each step runs in its own process group: killed with this runner too (.ci/run's `timeout`, Ctrl-C). */
const running = new Set()
const killGroup = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {}
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killGroup(child)
    process.exit(1)
  })
}

/** Runs a command with output captured (the runtimes run in parallel). */
function exec(cmd, argv, env) {
  return new Promise((done) => {
    const child = spawn(cmd, argv, {
      cwd: root,
      env: { ...process.env, ...quiet, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    running.add(child)
    let output = ''
    const timer = setTimeout(() => {
      output += `\n[run.mjs] still running after ${STEP_TIMEOUT_MS / 1000} s: killed\n`
      killGroup(child)
    }, STEP_TIMEOUT_MS)
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => (output += `\n${error.stack}\n`))
    child.on('close', (code) => {
      clearTimeout(timer)
      running.delete(child)
      done({ code, output })
    })
  })
}

/** Counts from a JUnit file: every <testcase>, failed if it holds a <failure> or <error>. */
function junitCounts(file) {
  const xml = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const cases = xml.match(/<testcase\b[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g) ?? []
  const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length
  const skipped = cases.filter((c) => /<skipped\b/.test(c)).length
  return { passed: cases.length - failed - skipped, failed, skipped }
}

/** Counts from counts-reporter.ts's JSON (every project in it: the runtime's, and "unhandled errors"). */
function vitestCounts(file) {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  if (!existsSync(file)) return counts
  for (const c of Object.values(JSON.parse(readFileSync(file, 'utf8')))) {
    counts.passed += c.passed
    counts.failed += c.failed
    counts.skipped += c.skipped
  }
  return counts
}

/** One step on one runtime, against its own pair of fault servers. */
async function runStep(name, step) {
  const servers = await Promise.all([startFaultServer(), startFaultServer()])
  const started = Date.now()
  let result
  try {
    if (step === 'smoke') {
      const junit = join(cache, `${name}.junit.xml`)
      rmSync(junit, { force: true })
      const [cmd, argv] = smoke[name](junit)
      const { code, output } = await exec(cmd, argv, { BASE: servers[0].url })
      result = { code, output, ...junitCounts(junit) }
    } else {
      const counts = join(cache, `${name}.vitest.json`)
      rmSync(counts, { force: true })
      const [cmd, argv] = suite[name]
      const { code, output } = await exec(cmd, [...argv, ...vitestArgs], {
        VITEST_COUNTS: counts,
        SUREFETCH_BASE: servers[0].url,
        SUREFETCH_BASE2: servers[1].url,
      })
      result = { code, output, ...vitestCounts(counts) }
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
  // A runner that crashed (or failed outside any test) still counts as a failure;
  // so does a step that ran nothing.
  if ((result.code !== 0 || result.passed === 0) && result.failed === 0) result.failed = 1
  return { step, ...result, seconds: (Date.now() - started) / 1000 }
}

/** e.g. "suite 1390 passed, 2 failed, 71 skipped, 172 s" */
function describe({ step, passed, failed, skipped, seconds }) {
  return `${step} ${passed} passed${failed ? `, ${failed} failed` : ''}${skipped ? `, ${skipped} skipped` : ''}, ${Math.round(seconds)} s`
}

/** Every step of one runtime, one after the other; the counts summed. */
async function run(name) {
  const parts = []
  for (const step of steps) parts.push(await runStep(name, step))
  const sum = (key) => parts.reduce((total, part) => total + part[key], 0)
  return {
    name,
    code: parts.find((part) => part.code !== 0)?.code ?? 0,
    passed: sum('passed'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    seconds: sum('seconds'),
    note: parts.map(describe).join('; '),
    parts,
  }
}

const results = await Promise.all(wanted.map((name) => run(name)))

for (const r of results) {
  for (const part of r.parts) {
    console.log(`\n──── ${r.name} ${part.step} (exit ${part.code}, ${part.seconds.toFixed(1)} s) ────`)
    console.log(part.output.replace(/^npm warn Unknown user config.*\n/gm, '').trimEnd())
  }
}
console.log('')
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed  (${r.note})`)
if (jsonFile) {
  const summary = results.map(({ parts, ...r }) => ({ ...r, parts: parts.map(({ output, ...part }) => part) }))
  writeFileSync(jsonFile, JSON.stringify(summary, null, 2))
}
process.exitCode = results.some((r) => r.failed > 0 || r.passed === 0) ? 1 : 0
