#!/usr/bin/env node
// Bundle size of surefetch entries as a user's bundler sees them:
// esbuild --bundle --minify of the built ESM, then gzip -9.
//   node bench/size.mjs           print the table
//   node bench/size.mjs --check   also fail when a budget or a forbidden marker is exceeded
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const config = JSON.parse(readFileSync(resolve(root, 'bench/size-budget.json'), 'utf8'))

/** Minified bundle text of an entry that imports from 'surefetch' (resolved to dist/index.js). */
export async function bundle(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    alias: { surefetch: resolve(root, 'dist/index.js') },
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

export async function measure() {
  const rows = []
  for (const [name, entry] of Object.entries(config.entries)) {
    const text = await bundle(entry.code)
    rows.push({ name, minified: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, budget: entry.budget, text })
  }
  const forbidden = config.forbidden
  const target = rows.find((row) => row.name === forbidden.entry)
  const found = forbidden.markers.filter((marker) => target.text.includes(marker))
  return { rows, forbiddenFound: found }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const { rows, forbiddenFound } = await measure()
  let failed = 0
  for (const row of rows) {
    const over = row.gzip > row.budget
    if (over) failed++
    console.log(`${row.name.padEnd(16)} ${String(row.minified).padStart(7)} B min  ${String(row.gzip).padStart(6)} B gzip  budget ${row.budget} B ${over ? 'OVER' : 'ok'}`)
  }
  if (forbiddenFound.length > 0) {
    failed++
    console.log(`get-only bundle contains code that should tree-shake away: ${forbiddenFound.join(', ')}`)
  } else {
    console.log('get-only bundle: no session, digest, cookie or SSE code')
  }
  if (check && failed > 0) process.exit(1)
}
