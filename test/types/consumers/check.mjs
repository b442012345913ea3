#!/usr/bin/env node
// The published types as projects see them: compiles each consumer project of
// this folder (its tsconfig.json) with skipLibCheck off, against the built
// package, and `deno check`s the Deno one; prints one line per project and
// exits non-zero if one fails. Run `npm run build` first:
//   npm run build && node test/types/consumers/check.mjs [name…]
//
// `surefetch` resolves as a dependency would: this folder has its own
// package.json (so no self-reference to the repo's), and the script makes
// node_modules/surefetch here, a copy of the repo's package.json next to a
// link to dist/, so `exports`, `types` and `typesVersions` decide what each
// project loads. Each project also lists the dist files it must load (which
// condition was taken). node_modules/ is ignored by git.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const deno = join(root, 'node_modules/.bin/deno')

/**
 * name (a folder), what it is, and either the dist files tsc must load for
 * the folder's tsconfig.json, or the files `deno check` checks.
 */
const CONSUMERS = [
  { name: 'node', what: 'Node only: lib es2022, @types/node; node16, ESM + a .cts', loads: ['index.d.ts', 'index.d.cts'] },
  { name: 'node-bundler', what: 'Node only: lib es2022, @types/node; bundler', loads: ['index.d.ts'] },
  { name: 'dom', what: 'browser: lib es2022 + dom; bundler; with surefetch/mocks', loads: ['index.d.ts', 'mocks.d.ts'] },
  { name: 'workers', what: 'Cloudflare Workers: @cloudflare/workers-types; bundler', loads: ['index.d.ts'] },
  { name: 'node10', what: 'Node CommonJS: @types/node; node10 (no exports); surefetch/mocks', loads: ['index.d.ts', 'mocks.d.ts'] },
  { name: 'deno', what: 'Deno: deno check, through node_modules and dist/ by path', deno: ['deno/main.ts', 'deno/dist.ts'] },
]

for (const file of ['index.d.ts', 'index.d.cts', 'mocks.d.ts', 'mocks.d.cts']) {
  if (!existsSync(join(root, 'dist', file))) {
    console.error(`dist/${file} is missing: run \`npm run build\` first`)
    process.exit(1)
  }
}

const pkg = join(here, 'node_modules/surefetch')
rmSync(pkg, { recursive: true, force: true })
mkdirSync(pkg, { recursive: true })
copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'))
symlinkSync(relative(pkg, join(root, 'dist')), join(pkg, 'dist'), 'dir')

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !CONSUMERS.some((consumer) => consumer.name === name))
if (unknown.length > 0) {
  console.error(`unknown consumer ${unknown.join(', ')}; known: ${CONSUMERS.map((c) => c.name).join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const { name, what, loads = [], deno: denoFiles } of CONSUMERS) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  const started = performance.now()
  const run = denoFiles
    ? spawnSync(deno, ['check', '--no-lock', '--quiet', ...denoFiles], {
        cwd: here,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
      })
    : spawnSync(process.execPath, [tsc, '-p', join(here, name, 'tsconfig.json'), '--listFiles', '--pretty', 'false'], {
        cwd: here,
        encoding: 'utf8',
      })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const lines = `${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n')
  const files = new Set(lines.filter((line) => line.startsWith('/')).map((line) => line.trim()))
  // (deno follows its errors with a Rust stack trace that says nothing)
  const errors = lines.filter((line) => line.trim() !== '' && !line.startsWith('/') && !/^\s*(Stack backtrace:|\d+: <unknown>)/.test(line))
  const missing = loads.filter((file) => !files.has(join(root, 'dist', file)))
  const ok = run.status === 0 && errors.length === 0 && missing.length === 0
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(13)} ${what} (${seconds} s)`)
  if (!ok) {
    failed++
    for (const line of errors) console.log(`     ${line}`)
    if (missing.length > 0) console.log(`     did not load dist/${missing.join(', dist/')}`)
    if (run.error) console.log(`     ${run.error.message}`)
  }
}
if (failed > 0) {
  console.log(`${failed} consumer project(s) failed`)
  process.exit(1)
}
