#!/usr/bin/env node
// Bundle size of surefetch entries as a user's bundler sees them:
// esbuild --bundle --minify --splitting of the built ESM, then gzip of what the
// app can load (issue 18):
//   up front  the entry chunk with the chunks it imports statically
//             (transitively), concatenated and gzipped (-9) as one;
//   lazy      every chunk reachable from those through `import()` (and the
//             static imports of those chunks), transitively: each gzipped on
//             its own, as a browser fetches them;
//   counted   up front + lazy. Chunks esbuild emits for an `import()` whose
//             caller was tree-shaken away are not reachable, so not counted.
//   apart     a reachable chunk made only of the public-suffix data
//             (src/cookies/public-suffix-data.ts, loaded on the first Domain
//             cookie), or only of the modules of an opt-in session option
//             that load on its first use (`OPT_IN`: httpCache's layer, policy
//             and memory store, the coalescing layer, the upload-progress
//             body, issue 21), is reported on its own line and
//             not counted: an app that does not set the option never loads it.
//
//   node bench/size.mjs           print the table
//   node bench/size.mjs --check   also fail when a counted total is over its
//                                 budget (the ratchet) or a forbidden module is
//                                 in the get-only entry; targets are printed,
//                                 not enforced
//   node bench/size.mjs --modules what each source module costs the GET + POST,
//                                 Session and whole-API entries: counted gzip
//                                 bytes saved when it (and what only it
//                                 imports) is left out
//   node bench/size.mjs --peers   the same GET + POST-json app for the peers
//                                 (bench/size/peers.json), measured the same way
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const config = JSON.parse(readFileSync(resolve(root, 'bench/size-budget.json'), 'utf8'))
const gzip = (text) => gzipSync(text, { level: 9 }).length

/** An input of the public-suffix data module, from src/ or from dist/ (tsup's `public-suffix-data-<hash>.js`). */
const PUBLIC_SUFFIX_DATA = /(^|\/)public-suffix-data(-[A-Z0-9]+)?\.(ts|js)$/
/**
 * Inputs of chunks that load only when a session sets an opt-in option
 * (issue 21: `httpCache`), from src/ or dist/ (tsup's `http-cache-<hash>.js`).
 */
const OPT_IN = /(^|\/)(layers\/)?(http-cache|coalesce|body-progress)(-[A-Z0-9]+)?\.(ts|js)$|(^|\/)src\/cache\/(memory|policy|stored-response)\.ts$/
/** What loads each opt-in chunk, by the chunk's name. */
const OPT_IN_WHEN = { 'http-cache': 'a session sets httpCache', coalesce: 'a session sets coalesce', 'body-progress': 'a call sets onUploadProgress' }

/**
 * What an app can load, from esbuild's metafile (paths are metafile output
 * paths): `upFront`, the entry chunk and every chunk it imports statically,
 * transitively; `lazy`, every other chunk reachable from those through
 * `import()` or the static imports of reachable chunks; `apart`, reachable
 * chunks made only of the public-suffix data (not counted); `unreachable`,
 * chunks emitted for an `import()` no reachable code performs. `inputs` are
 * the source modules of the up-front chunks, `lazyInputs` those of `lazy`.
 */
export function loadable(metafile) {
  const outputs = metafile.outputs
  const entryPath = Object.keys(outputs).find((path) => outputs[path].entryPoint === '<stdin>')
  const isApart = (path) => {
    const inputs = Object.keys(outputs[path].inputs)
    return path !== entryPath && inputs.length > 0 && (inputs.every((input) => PUBLIC_SUFFIX_DATA.test(input)) || inputs.every((input) => OPT_IN.test(input)))
  }
  const close = (start, kinds) => {
    const seen = [...start]
    for (let i = 0; i < seen.length; i++) {
      for (const imported of outputs[seen[i]].imports) {
        if (kinds.includes(imported.kind) && !imported.external && outputs[imported.path] && !seen.includes(imported.path)) seen.push(imported.path)
      }
    }
    return seen
  }
  const staticClosure = close([entryPath], ['import-statement'])
  const reachable = close(staticClosure, ['import-statement', 'dynamic-import'])
  const apart = reachable.filter(isApart)
  const upFront = staticClosure.filter((path) => !apart.includes(path))
  const lazy = reachable.filter((path) => !upFront.includes(path) && !apart.includes(path))
  const unreachable = Object.keys(outputs).filter((path) => path.endsWith('.js') && !reachable.includes(path))
  const inputsOf = (paths) => [...new Set(paths.flatMap((path) => Object.keys(outputs[path].inputs)))]
  return { upFront, lazy, apart, unreachable, inputs: inputsOf(upFront), lazyInputs: inputsOf(lazy).filter((input) => !inputsOf(upFront).includes(input)) }
}

/**
 * The output files an app loads before it runs: the entry chunk and, with
 * code splitting, every chunk it imports statically (transitively). The
 * rest is loaded on demand (`import()`): see `loadable`.
 */
export function loadedUpFront(metafile) {
  const { upFront, inputs } = loadable(metafile)
  return { upFront, inputs }
}

async function bundle(code, target, { loader = 'js', plugins = [], platform = 'neutral', alias = target ? { surefetch: target } : undefined } = {}) {
  const result = await build({
    plugins,
    stdin: { contents: code, resolveDir: root, loader },
    absWorkingDir: root,
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
  const load = loadable(result.metafile)
  const file = (path) => result.outputFiles.find((output) => output.path === resolve(root, path))
  // A chunk's name without esbuild's hashes: 'sse', 'digest-response', 'chunk' (a shared chunk).
  const chunk = (path) => ({ path, name: path.replace(/^.*\//, '').replace(/(-[A-Z0-9]{8})+\.js$/, ''), text: file(path).text, inputs: Object.keys(result.metafile.outputs[path].inputs) })
  // The entry chunk and the chunks it imports statically load together: measured as one.
  const entry = load.upFront.map((path) => file(path).text).join('\n')
  const lazy = load.lazy.map(chunk)
  const apart = load.apart.map(chunk)
  const unreachable = load.unreachable.map(chunk)
  return {
    entry,
    inputs: load.inputs,
    lazyInputs: load.lazyInputs,
    lazy,
    apart,
    unreachable,
    sizes: {
      minified: Buffer.byteLength(entry),
      gzip: gzip(entry),
      lazyMinified: lazy.reduce((sum, c) => sum + Buffer.byteLength(c.text), 0),
      lazy: lazy.reduce((sum, c) => sum + gzip(c.text), 0),
      apart: apart.reduce((sum, c) => sum + gzip(c.text), 0),
    },
  }
}

const counted = (sizes) => sizes.gzip + sizes.lazy

/** Source modules in the up-front chunks of an app made of `code` (importing from 'surefetch'). */
export async function entryInputs(code) {
  return (await bundle(code, resolve(root, 'src/index.ts'), { loader: 'ts' })).inputs
}

/** Source modules an app made of `code` can load: up front, lazily, and apart (not counted). */
export async function loadableInputs(code) {
  const b = await bundle(code, resolve(root, 'src/index.ts'), { loader: 'ts' })
  return { upFront: b.inputs, lazy: b.lazyInputs, apart: [...new Set(b.apart.flatMap((c) => c.inputs))] }
}

/**
 * Every entry of bench/size-budget.json bundled from dist/: rows of
 * { name, minified, gzip (up front), lazyMinified, lazy (gzip), counted,
 * apart (public-suffix data gzip, not counted), lazyChunks, unreachable,
 * budget, target }; plus the forbidden-module check of the get-only entry.
 */
export async function measure() {
  const rows = []
  for (const [name, entry] of Object.entries(config.entries)) {
    const b = await bundle(entry.code, resolve(root, 'dist/index.js'))
    rows.push({
      name,
      ...b.sizes,
      counted: counted(b.sizes),
      lazyChunks: b.lazy.map((c) => ({ name: c.name, gzip: gzip(c.text) })),
      apartChunks: b.apart.map((c) => ({ name: c.name, gzip: gzip(c.text), optIn: c.inputs.every((input) => OPT_IN.test(input)) })),
      unreachable: b.unreachable.map((c) => c.name),
      budget: entry.budget,
      target: entry.target,
    })
  }
  // Which source modules a get-only app (and the other `forbidden.entries`) carries
  // up front or in a counted lazy chunk: bundle the sources, read the metafile.
  const forbidden = config.forbidden
  const found = []
  let getInputs = []
  for (const name of forbidden.entries ?? [forbidden.entry]) {
    const { upFront, lazy } = await loadableInputs(config.entries[name].code)
    if (name === forbidden.entry) getInputs = upFront
    const stays = (modules, inputs) => {
      for (const input of inputs) if (modules.some((pattern) => input.includes(pattern))) found.push(`${input} (${name})`)
    }
    // The get-only entry's up-front chunks: none of `modules`. Every entry, up front or lazy: none of `optIn`.
    if (name === forbidden.entry) stays(forbidden.modules, upFront)
    stays(forbidden.optIn ?? [], [...upFront, ...lazy])
  }
  return { rows, forbiddenFound: found, getInputs }
}

/**
 * Counted gzip bytes each source module adds to an app made of `code`: the
 * counted total (up front + reachable lazy chunks) minus the same with that
 * module external (so a module's row includes what only it imports, lazy or
 * not). Sorted, largest first. `where`: 'up front' or 'lazy'.
 */
export async function moduleCosts(code) {
  const src = resolve(root, 'src/index.ts')
  const sizesOf = async (leaveOut) => {
    const plugins = leaveOut
      ? [{ name: 'leave-out', setup: (b) => b.onResolve({ filter: /^\./ }, (args) => (resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === leaveOut ? { path: args.path, external: true } : undefined)) }]
      : []
    return bundle(code, src, { loader: 'ts', plugins })
  }
  const whole = await sizesOf(undefined)
  const total = counted(whole.sizes)
  const candidates = [...whole.inputs.map((module) => [module, 'up front']), ...whole.lazyInputs.map((module) => [module, 'lazy'])]
  const rows = []
  for (const [module, where] of candidates) {
    if (!module.startsWith('src/') || module === 'src/index.ts' || PUBLIC_SUFFIX_DATA.test(module)) continue
    rows.push({ module, where, gzip: total - counted((await sizesOf(resolve(root, module))).sizes) })
  }
  return { whole: total, upFront: whole.sizes.gzip, lazy: whole.sizes.lazy, rows: rows.sort((a, b) => b.gzip - a.gzip) }
}

/** The GET + POST-json app of each peer in bench/size/peers.json, measured as the entries are. */
export async function measurePeers() {
  const peers = JSON.parse(readFileSync(resolve(root, 'bench/size/peers.json'), 'utf8')).peers
  const rows = []
  for (const [name, peer] of Object.entries(peers)) {
    let platform = 'neutral'
    let b
    try {
      b = await bundle(peer.code, undefined, { platform })
    } catch {
      // axios (Node builtins behind its default condition) and redaxios (no `exports`) do not resolve on platform neutral.
      platform = 'browser'
      b = await bundle(peer.code, undefined, { platform })
    }
    const pkg = peer.package && JSON.parse(readFileSync(resolve(root, 'node_modules', peer.package, 'package.json'), 'utf8'))
    rows.push({ name, version: pkg?.version, platform, has: peer.has, ...b.sizes, counted: counted(b.sizes) })
  }
  return rows
}

const bytes = (n) => `${String(n).padStart(6)} B`
const over = (value, target) => (target ? `target ${target} B (${(value / target).toFixed(1)}× ${value > target ? 'over' : 'of it'})` : '')

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args.includes('--modules')) {
    for (const name of ['get+post json', 'Session app', 'whole API']) {
      const { whole, upFront, lazy, rows } = await moduleCosts(config.entries[name].code)
      console.log(`${name} bundled from src/: ${whole} B gzip counted (${upFront} up front + ${lazy} lazy). Bytes each module adds (with what only it imports):`)
      for (const row of rows) console.log(`${String(row.gzip).padStart(7)} B  ${row.where === 'lazy' ? 'lazy ' : '     '} ${row.module}`)
    }
  } else if (args.includes('--peers')) {
    const { rows } = await measure()
    const line = (label, r) => `${label.padEnd(28)} ${bytes(r.minified + r.lazyMinified)} min ${bytes(r.gzip)} up front + ${bytes(r.lazy)} lazy = ${bytes(r.counted)} gzip`
    for (const r of rows) console.log(line(`surefetch: ${r.name}`, r))
    for (const r of await measurePeers()) {
      console.log(`${line(`${r.name} ${r.version ?? ''}`.trim(), r)}  ${r.has}${r.platform === 'browser' ? ' (platform browser)' : ''}`)
    }
  } else {
    const check = args.includes('--check')
    const { rows, forbiddenFound } = await measure()
    let failed = 0
    for (const row of rows) {
      const isOver = row.counted > row.budget
      if (isOver) failed++
      console.log(
        `${row.name.padEnd(14)} up front ${bytes(row.gzip)} + lazy ${bytes(row.lazy)} = counted ${bytes(row.counted)} gzip` +
          `  budget ${row.budget} B ${isOver ? 'OVER' : 'ok'}  ${over(row.counted, row.target)}`,
      )
      console.log(`${''.padEnd(14)} ${row.minified} B min up front; lazy chunks (gzip each): ${row.lazyChunks.map((c) => `${c.name} ${c.gzip} B`).join(', ') || 'none'}`)
      for (const c of row.apartChunks) {
        const when = c.optIn ? `loaded only when ${OPT_IN_WHEN[c.name.replace(/-[A-Z0-9]+$/, '')] ?? 'its option is set'}` : 'loaded on first Domain cookie'
        console.log(`${''.padEnd(14)} ${c.optIn ? c.name : 'public-suffix data'}: ${c.gzip} B gzip, ${when}, not counted`)
      }
      if (row.unreachable.length > 0) console.log(`${''.padEnd(14)} emitted but not reachable (tree-shaken import()), not counted: ${row.unreachable.join(', ')}`)
    }
    if (forbiddenFound.length > 0) {
      failed++
      console.log(`entries contain modules that should stay out: ${forbiddenFound.join(', ')}`)
    } else {
      console.log(`get-only entry: none of ${config.forbidden.modules.join(', ')}`)
      if (config.forbidden.optIn) console.log(`${(config.forbidden.entries ?? []).join(', ')}: none of ${config.forbidden.optIn.join(', ')} up front or counted`)
    }
    if (check && failed > 0) process.exit(1)
  }
}
