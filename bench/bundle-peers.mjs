#!/usr/bin/env node
// Bundle size against the peers (issue 11, scenario 3): a GET + POST-json app
// for each client (each adapter's `bundleEntry`), through esbuild with the
// settings of bench/size.mjs (--bundle --minify --splitting, ESM, platform
// neutral), gzip -9 of the entry chunk with the shared chunks it imports statically. surefetch's rows are the entries of
// bench/size-budget.json, measured the same way as bench/size.mjs does (the
// numbers CI checks), from SUREFETCH_DIST when set (run.mjs's copy of dist/).
//
//   node bench/bundle-peers.mjs [--clients surefetch,ky]
//
// A package that does not resolve on platform neutral (axios: Node builtins
// behind its default export condition; redaxios: no `exports`, so no main
// field is tried) is bundled with platform browser instead, and marked so.
import { build } from 'esbuild'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { pick, versions } from './adapters/index.mjs'
import { emit, listOption } from './adapters/_common.mjs'
import { loadedUpFront } from './size.mjs'
import { readFileSync } from 'node:fs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

async function bundle(code, platform, alias) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform,
    outdir: resolve(root, '.cache/size'),
    write: false,
    metafile: true,
    alias,
    logLevel: 'silent',
  })
  const { upFront } = loadedUpFront(result.metafile)
  const isUpFront = (file) => upFront.some((path) => file.path.endsWith(path.replace(/^.*\//, '')))
  const entry = result.outputFiles.filter(isUpFront).map((file) => file.text).join('\n')
  const lazy = result.outputFiles.filter((file) => !isUpFront(file) && file.path.endsWith('.js'))
  return {
    minified: Buffer.byteLength(entry),
    gzip: gzipSync(entry, { level: 9 }).length,
    lazy: lazy.reduce((sum, file) => sum + gzipSync(file.text, { level: 9 }).length, 0),
  }
}

export async function measure(ids) {
  const adapters = pick(ids)
  const rows = []
  for (const adapter of adapters) {
    if (adapter.id === 'surefetch') {
      const { entries } = JSON.parse(readFileSync(resolve(root, 'bench/size-budget.json'), 'utf8'))
      const dist = process.env.SUREFETCH_DIST ? resolve(process.env.SUREFETCH_DIST) : resolve(root, 'dist/index.js')
      for (const [name, id, entry] of [['get+post json', 'surefetch', 'GET + POST json'], ['whole API', 'surefetch-all', 'whole API (`export *`)']]) {
        const size = await bundle(entries[name].code, 'neutral', { surefetch: dist })
        rows.push({ id, client: 'surefetch', entry, platform: 'neutral', ...size })
      }
      continue
    }
    let platform = 'neutral'
    let size
    try {
      size = await bundle(adapter.bundleEntry, platform)
    } catch {
      platform = 'browser'
      size = await bundle(adapter.bundleEntry, platform)
    }
    rows.push({ id: adapter.id, client: adapter.id === 'raw' ? 'raw fetch' : adapter.id, entry: 'GET + POST json', platform, ...size })
  }
  return { scenario: 'bundle', versions: versions(adapters), rows, entries: Object.fromEntries(adapters.map((a) => [a.id, a.bundleEntry])) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measure(listOption('clients'))
  if (!(await emit(result))) console.table(result.rows)
}
