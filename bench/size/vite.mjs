#!/usr/bin/env node
// Cross-check of bench/size.mjs (issue 18; not run in CI): a Vite production
// build of examples/browser (index.html + app.js, which imports `Session`,
// `HTTPError` and `TimeoutError`), with `surefetch` aliased to the built
// dist/index.js (run `npm run build` first). Prints each emitted JS file with
// its minified and gzip -9 size, and which of them the page loads up front
// (the HTML's module script and its static imports) or on demand.
//   node bench/size/vite.mjs
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, version } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const outDir = resolve(root, '.cache/vite-browser')
const output = await build({
  configFile: false,
  root: resolve(root, 'examples/browser'),
  logLevel: 'silent',
  resolve: { alias: { surefetch: resolve(root, 'dist/index.js') } },
  build: { outDir, emptyOutDir: true, write: true, reportCompressedSize: false },
})
const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o) => o.type === 'chunk')
const byName = new Map(chunks.map((c) => [c.fileName, c]))
// Up front: the entry chunks and their static imports, transitively; the rest of what they can reach loads on demand.
const upFront = chunks.filter((c) => c.isEntry).map((c) => c.fileName)
for (let i = 0; i < upFront.length; i++) for (const f of byName.get(upFront[i]).imports) if (!upFront.includes(f)) upFront.push(f)
const reachable = [...upFront]
for (let i = 0; i < reachable.length; i++) {
  const c = byName.get(reachable[i])
  for (const f of [...c.imports, ...c.dynamicImports]) if (byName.has(f) && !reachable.includes(f)) reachable.push(f)
}
const gz = (text) => gzipSync(text, { level: 9 }).length
const total = { upFront: 0, lazy: 0 }
console.log(`Vite ${version}, examples/browser, surefetch = dist/index.js (output in .cache/vite-browser):`)
for (const c of chunks) {
  const text = readFileSync(resolve(outDir, c.fileName), 'utf8')
  const modules = Object.keys(c.modules).map((m) => m.replace(/\0/g, '').replace(`${root}/`, '').replace(/^.*node_modules\//, ''))
  const apart = modules.every((m) => /public-suffix-data/.test(m))
  const where = upFront.includes(c.fileName) ? 'up front' : !reachable.includes(c.fileName) ? 'not reachable' : apart ? 'apart, not counted' : 'lazy'
  if (where === 'up front') total.upFront += gz(text)
  else if (where === 'lazy') total.lazy += gz(text)
  console.log(`${c.fileName.padEnd(44)} ${String(Buffer.byteLength(text)).padStart(7)} B min ${String(gz(text)).padStart(6)} B gzip  ${where}  (${modules.length} module${modules.length === 1 ? '' : 's'}: ${modules.slice(0, 4).join(', ')}${modules.length > 4 ? ', …' : ''})`)
}
console.log(`up front ${total.upFront} B gzip (each file gzipped on its own) + lazy ${total.lazy} B gzip (without the public-suffix data) = ${total.upFront + total.lazy} B`)
