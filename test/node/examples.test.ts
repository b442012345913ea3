// Node-only: the examples run the way their READMEs say, from outside any
// test runner's module system — as a user copies them. The examples import
// `surefetch`, which resolves to the built dist/ through the package's own
// `exports` (a self-reference), so build first (`npm test` does).
//
// The vitest projects cover the rest: test/examples/browser.test.ts loads the
// page in the chromium project, test/examples/cloudflare-worker.test.ts calls
// the Worker in the workerd project; Deno and Bun run their scripts through
// test/runtimes/run.mjs.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import type { Miniflare } from 'miniflare'
import { chromium } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startWorker } from '../support/miniflare.js'

const root = resolve(import.meta.dirname, '../..')
const base = inject('base')

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
})

describe('examples/node/main.mjs', () => {
  it('prints the GET, the POST, the HTTPError and the TimeoutError, and exits 0', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['examples/node/main.mjs', base], {
      cwd: root,
      timeout: 30_000,
    })
    expect(stderr).toBe('')
    expect(stdout.trimEnd().split('\n')).toEqual([
      'GET /json → {"hello":"world"}',
      'POST /echo → the server got {"from":"node"} from surefetch-example-node',
      `HTTPError 404: 404 Not Found — GET ${base}/status/404`,
      `TimeoutError (total): total timeout of 250 ms exceeded — GET ${base}/delay/5000`,
    ])
  })
})

describe('examples/browser/index.html from a plain static server', () => {
  // What the README offers users without a bundler: any static file server at
  // the repository root. Unlike the Vite server of the chromium project, it
  // leaves `import 'surefetch'` to the page's import map.
  let server: Server
  let origin: string

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
      const file = path.endsWith(sep) ? join(path, 'index.html') : path
      if (!file.startsWith(root + sep) || !existsSync(file)) return void res.writeHead(404).end()
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' }[extname(file)]
      res.writeHead(200, { 'content-type': type ?? 'application/octet-stream' }).end(readFileSync(file))
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  it('loads dist/index.js through the import map and shows the results', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // As in vitest.config.ts: no DNS here, and no background traffic.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    })
    try {
      const page = await browser.newPage()
      const loaded: string[] = []
      page.on('requestfinished', (request) => loaded.push(new URL(request.url()).pathname))
      await page.goto(`${origin}/examples/browser/?base=${encodeURIComponent(base)}`)
      const output = page.locator('output[data-state="done"], output[data-state="failed"]')
      await output.waitFor({ timeout: 15_000 })
      expect(await output.getAttribute('data-state'), (await output.textContent()) ?? '').toBe('done')
      expect(JSON.parse((await output.textContent()) ?? '')).toEqual({
        hello: { hello: 'world' },
        posted: { from: 'the browser' },
        clientHeader: 'surefetch-browser-example',
        notFound: `404 Not Found — GET ${base}/status/404`,
        timedOut: `total timeout of 250 ms exceeded — GET ${base}/delay/5000`,
      })
      expect(loaded).toContain('/dist/index.js')
    } finally {
      await browser.close()
    }
  }, 30_000)
})

describe('examples/cloudflare-worker under workerd, one Worker request per call', () => {
  // The workerd project calls the handler from inside one test, i.e. within a
  // single Worker request. Deployed, every call is a request of its own, and
  // workerd forbids using an I/O object (a stream, an AbortSignal, …) created
  // during one request in another: this catches state the library keeps
  // across requests. Miniflare runs the same workerd as `wrangler dev`.
  let mf: Miniflare

  beforeAll(async () => {
    const toml = readFileSync(join(root, 'examples/cloudflare-worker/wrangler.toml'), 'utf8')
    const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1]
    if (compatibilityDate === undefined) throw new Error('no compatibility_date in wrangler.toml')
    // `surefetch` resolves to dist/ (the package's self-reference).
    mf = await startWorker(join(root, 'examples/cloudflare-worker/worker.ts'), compatibilityDate, { UPSTREAM: base })
  }, 30_000)
  afterAll(() => mf?.dispose())

  it('answers every route, request after request', async () => {
    const calls: [string, RequestInit | undefined, number, unknown][] = [
      ['/hello', undefined, 200, { hello: 'world' }],
      ['/hello', undefined, 200, { hello: 'world' }],
      ['/echo', { method: 'POST', body: '{"n":1}' }, 200, { received: { n: 1 }, userAgent: 'surefetch-example-worker' }],
      ['/missing', undefined, 502, { error: `404 Not Found — GET ${base}/status/404` }],
      ['/slow', undefined, 504, { error: `total timeout of 250 ms exceeded — GET ${base}/delay/5000` }],
      ['/hello', undefined, 200, { hello: 'world' }],
    ]
    for (const [path, init, status, body] of calls) {
      const response = await mf.dispatchFetch(`https://example.workers.dev${path}`, init as never)
      const text = await response.text()
      expect({ path, status: response.status, text }).toEqual({ path, status, text: JSON.stringify(body) })
    }
  }, 30_000)
})
