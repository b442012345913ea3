// surefetch from the built dist/index.js (run `npx tsup` first). Two variants:
// the defaults (attempt/read timeouts and retry on every call), and the same
// call with both switched off, to show what the defaults cost.
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const id = 'surefetch'
export const pkg = 'surefetch'
// Same entry as bench/size-budget.json's "get+post json" (measured by bench/size.mjs).
export const bundleEntry =
  "import { get, post } from 'surefetch'; export const run = async () => [await get('/x').json(), await post('/y', { json: {} }).json()]"

// SUREFETCH_DIST=/path/to/index.js benchmarks another build (e.g. a copy of dist/ from before a change).
const dist = process.env.SUREFETCH_DIST
  ? resolve(process.env.SUREFETCH_DIST)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/index.js')
const BARE = Object.freeze({ timeout: false, retry: false })

export async function load() {
  // Another process may be rebuilding dist (tsup cleans it first): wait a little.
  for (let i = 0; i < 50 && !existsSync(dist); i++) await new Promise((r) => setTimeout(r, 200))
  const { get, post } = await import(pathToFileURL(dist).href)
  return {
    surefetch: {
      get: (url) => get(url).json(),
      post: (url, body) => post(url, { json: body }).json(),
    },
    'surefetch-bare': {
      label: 'surefetch `{ timeout: false, retry: false }`',
      get: (url) => get(url, BARE).json(),
      post: (url, body) => post(url, { json: body, timeout: false, retry: false }).json(),
    },
  }
}
