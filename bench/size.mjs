#!/usr/bin/env node
// Bundle size of surefetch entries as a user's bundler sees them:
// esbuild --bundle --minify --splitting of the built ESM, then gzip -9 of what
// the app loads up front: the entry chunk with the shared chunks it imports
// statically (lazily imported chunks, e.g. the SSE parser, are listed apart).
//   node bench/size.mjs           print the table
//   node bench/size.mjs --check   also fail when a budget is exceeded or a
//                                 forbidden module is in the get-only entry
//   node bench/size.mjs --modules what each source module costs the GET + POST
//                                 and whole-API entries: gzip bytes saved when it
//                                 (and what only it imports) is left out
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const config = JSON.parse(readFileSync(resolve(root, 'bench/size-budget.json'), 'utf8'))

async function bundle(code, target, loader = 'js', plugins = []) {
  const result = await build({
    plugins,
    stdin: { contents: code, resolveDir: root, loader },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    outdir: resolve(root, '.cache/size'),
    write: false,
    metafile: true,
    alias: { surefetch: target },
    logLevel: 'silent',
  })
  const { upFront, inputs } = loadedUpFront(result.metafile)
  const text = (path) => result.outputFiles.find((file) => file.path.endsWith(path.replace(/^.*\//, ''))).text
  const lazy = result.outputFiles.filter((file) => file.path.endsWith('.js') && !upFront.some((path) => file.path.endsWith(path.replace(/^.*\//, ''))))
  // The entry chunk and the shared chunks it imports statically load together: measured as one.
  return { entry: upFront.map(text).join('\n'), inputs, lazy }
}

/**
 * The output files an app loads before it runs: the entry chunk and, with
 * code splitting, every chunk it imports statically (transitively). The
 * rest is loaded on demand (`import()`).
 */
export function loadedUpFront(metafile) {
  const outputs = metafile.outputs
  const entryPath = Object.keys(outputs).find((path) => outputs[path].entryPoint === '<stdin>')
  const upFront = [entryPath]
  for (let i = 0; i < upFront.length; i++) {
    for (const imported of outputs[upFront[i]].imports) {
      if (imported.kind === 'import-statement' && !imported.external && !upFront.includes(imported.path)) upFront.push(imported.path)
    }
  }
  const inputs = [...new Set(upFront.flatMap((path) => Object.keys(outputs[path].inputs)))]
  return { upFront, inputs }
}

/** Source modules in the entry chunk of an app made of `code` (importing from 'surefetch'). */
export async function entryInputs(code) {
  return (await bundle(code, resolve(root, 'src/index.ts'), 'ts')).inputs
}

export async function measure() {
  const rows = []
  for (const [name, entry] of Object.entries(config.entries)) {
    const { entry: text, lazy } = await bundle(entry.code, resolve(root, 'dist/index.js'))
    rows.push({
      name,
      minified: Buffer.byteLength(text),
      gzip: gzipSync(text, { level: 9 }).length,
      lazy: lazy.reduce((sum, file) => sum + gzipSync(file.text, { level: 9 }).length, 0),
      budget: entry.budget,
    })
  }
  // Which source modules a get-only app carries: bundle the sources, read the metafile.
  const forbidden = config.forbidden
  const inputs = await entryInputs(config.entries[forbidden.entry].code)
  const found = inputs.filter((input) => forbidden.modules.some((pattern) => input.includes(pattern)))
  return { rows, forbiddenFound: found, getInputs: inputs }
}

/**
 * Gzip bytes each source module adds to the entry of an app made of `code`:
 * the entry's size minus its size with that module external (so a module's
 * row includes what only it imports). Sorted, largest first.
 */
export async function moduleCosts(code) {
  const src = resolve(root, 'src/index.ts')
  const gzipOf = async (leaveOut) => {
    const plugins = leaveOut
      ? [{ name: 'leave-out', setup: (b) => b.onResolve({ filter: /^\./ }, (args) => (resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === leaveOut ? { path: args.path, external: true } : undefined)) }]
      : []
    return gzipSync((await bundle(code, src, 'ts', plugins)).entry, { level: 9 }).length
  }
  const whole = await gzipOf(undefined)
  const modules = (await entryInputs(code)).filter((input) => input.startsWith('src/') && input !== 'src/index.ts')
  const rows = []
  for (const module of modules) rows.push({ module, gzip: whole - (await gzipOf(resolve(root, module))) })
  return { whole, rows: rows.sort((a, b) => b.gzip - a.gzip) }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--modules')) {
  for (const name of ['get+post json', 'whole API']) {
    const { whole, rows } = await moduleCosts(config.entries[name].code)
    console.log(`${name} entry bundled from src/: ${whole} B gzip. Bytes each module adds (with what only it imports):`)
    for (const row of rows) console.log(`${String(row.gzip).padStart(7)} B  ${row.module}`)
  }
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const { rows, forbiddenFound } = await measure()
  let failed = 0
  for (const row of rows) {
    const over = row.gzip > row.budget
    if (over) failed++
    console.log(
      `${row.name.padEnd(16)} ${String(row.minified).padStart(7)} B min  ${String(row.gzip).padStart(6)} B gzip` +
        `  (+${row.lazy} B gzip loaded on demand)  budget ${row.budget} B ${over ? 'OVER' : 'ok'}`,
    )
  }
  if (forbiddenFound.length > 0) {
    failed++
    console.log(`get-only entry contains modules that should stay out: ${forbiddenFound.join(', ')}`)
  } else {
    console.log(`get-only entry: none of ${config.forbidden.modules.join(', ')}`)
  }
  if (check && failed > 0) process.exit(1)
}
