#!/usr/bin/env node
// Runs test/runtimes/smoke.test.ts and examples.test.ts (which runs
// examples/deno or examples/bun) on Deno and Bun against a fresh fault server,
// and prints one `<runtime>: N passed, N failed` line per runtime.
//
//   node test/runtimes/run.mjs [--json <file>] [deno] [bun]
//
// Needs dist/ (npm run build). The fault server is TypeScript and Node 20
// cannot run that, so it is compiled with esbuild into .cache/ first and
// served from this process. Exit code: non-zero if anything failed.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const cache = join(root, '.cache/runtimes')
const SUITES = ['test/runtimes/smoke.test.ts', 'test/runtimes/examples.test.ts', 'test/runtimes/security.test.ts', 'test/runtimes/coalesce-upload.test.ts']

const args = process.argv.slice(2)
const jsonAt = args.indexOf('--json')
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined
const wanted = args.length > 0 ? args : ['deno', 'bun']

if (!existsSync(join(root, 'dist/index.js'))) {
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
const server = await startFaultServer()

const env = {
  ...process.env,
  BASE: server.url,
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
}

// examples.test.ts spawns `deno run` on the example (the binary is wherever
// the npm package put it), and Deno's child_process reads the whole
// environment to pass it on: hence --allow-run and --allow-env.
const runtimes = {
  deno: (junit) => [
    'npx',
    [
      'deno', 'test', '--allow-net=127.0.0.1', '--allow-read=.', '--allow-env', '--allow-run',
      `--junit-path=${junit}`, ...SUITES,
    ],
  ],
  bun: (junit) => ['npx', ['bun', 'test', '--reporter=junit', `--reporter-outfile=${junit}`, ...SUITES.map((s) => `./${s}`)]],
}

/** Runs one runtime with output captured (they run in parallel), returns its counts. */
function run(name) {
  const junit = join(cache, `${name}.junit.xml`)
  rmSync(junit, { force: true })
  const [cmd, argv] = runtimes[name](junit)
  const started = Date.now()
  return new Promise((done) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => (output += `\n${error.stack}\n`))
    child.on('close', (code) => {
      const xml = existsSync(junit) ? readFileSync(junit, 'utf8') : ''
      const cases = xml.match(/<testcase\b[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g) ?? []
      let failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length
      const skipped = cases.filter((c) => /<skipped\b/.test(c)).length
      const passed = cases.length - failed - skipped
      // A runner that crashed (or failed outside any test) still counts as a failure.
      if (code !== 0 && failed === 0) failed = 1
      done({ name, code, passed, failed, skipped, seconds: (Date.now() - started) / 1000, output })
    })
  })
}

let results
try {
  results = await Promise.all(wanted.map((name) => run(name)))
} finally {
  await server.close()
}

for (const r of results) {
  console.log(`\n──── ${r.name} (exit ${r.code}, ${r.seconds.toFixed(1)} s) ────`)
  console.log(r.output.replace(/^npm warn Unknown user config.*\n/gm, '').trimEnd())
}
console.log('')
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`)
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(results.map(({ output, ...r }) => r), null, 2))
process.exitCode = results.some((r) => r.failed > 0 || r.passed === 0) ? 1 : 0
