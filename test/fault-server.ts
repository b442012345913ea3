/// <reference types="node" />
// The project's real HTTP server for behaviour MSW cannot fake: stalls,
// slow bodies, resets, Retry-After, real redirects and cookies. It runs in
// Node only — started by vitest's globalSetup (test/setup/global.ts) for the
// vitest projects, and standalone for the Deno/Bun smoke runs
// (test/runtimes/run.mjs compiles this file with esbuild, because Node 20
// cannot run TypeScript). Every other runtime reaches it over loopback.
//
// Routes (all answer with CORS headers — and `connection: close` to browsers, Deno and Bun —
// and OPTIONS preflights with 204):
//   /json                         {"hello":"world"}
//   /echo                         {method, url, headers, body} of the request
//   /status/:code                 that status ("<code> <reason>" as text body)
//   /delay/:ms                    headers after ms, then {"delayed": ms}
//   /stall                        never sends headers; socket closed when the client aborts
//   /stall-body                   headers + first chunk, then nothing
//   /drip?chunks=n&interval=ms    n chunks ("chunk i\n"), one every interval ms
//   /reset                        destroys the socket before answering
//   /reset?after=body             headers + first chunk, then destroys the socket
//   /retry-after/:n?after=v&status=503&key=k
//                                 first n calls per key fail with `status` and
//                                 `Retry-After: v` (if given); then 200 {attempts}
//   /flaky?fail=n&key=k[&status=500]
//                                 first n calls per key reset the connection (or
//                                 answer `status` if given); then 200 {attempts}
//   /__reset                      clears the per-key counters
//   /endless?key=k&interval=ms    lines until the client goes away
//   /__closed?key=k               {closed}: whether the /endless response with that key was closed
//   /redirect-to?url=u&status=302 a redirect to any URL (another origin, for credential tests), written as raw UTF-8
//   /redirect/:n[?status=302]     n hops of `status` redirects, ending at /echo
//   /cookies/set?k=v              Set-Cookie k=v; Path=/ for each pair, 302 to /cookies
//   /cookies                      {cookie: <Cookie header>, cookies: {k: v}}
//   /ndjson?count=n[&interval=ms] n lines {"i":i}
//   /sse?count=n[&interval=ms]    n events (id i, event "message", data {"i":i})
//   /big?mib=n                    n MiB of 64-byte NDJSON lines, generated as the client reads
//   /cache/:key?cc=&etag=&lm=&expires=&age=&vary=&loc=&failAfter=&fail=&bytes=
//                                 a cacheable resource for the HTTP cache (any method): 200
//                                 {key, n, method, accept} with `cache-control: cc`, `etag`,
//                                 `last-modified` lm s before the key's first request,
//                                 `expires` s from now, `age`, `vary`, `location` and
//                                 `content-location: loc`, `x-count: n`, and on a 200
//                                 `set-cookie: <cookie>; Path=/`; `bytes=n` sends n
//                                 bytes instead (streamed, no content-length). A matching
//                                 If-None-Match / If-Modified-Since gets a 304 with those
//                                 headers and `x-validated: etag|date`. Requests after the
//                                 failAfter-th answer 503 (`fail=503`) or reset (`fail=reset`).
//   /__count?key=k                {count, notModified}: requests and 304s of /cache/k so far
//   /coalesce?key=k&delay=ms&chunks=n&interval=ms
//                                 counts requests per key; headers after delay ms, then n
//                                 chunks ("chunk i\n") interval ms apart (issue 21)
//   /coalesce-count?key=k         {count, aborted}: requests seen for key, and how many the client abandoned
//   /upload[?fail=n&key=k&pace=ms] reads the request body: {bytes, chunked, contentLength, contentType};
//                                 with fail, the first n per key answer 503 after reading it; with
//                                 pace, waits ms after each chunk read (a slow link, so that a
//                                 browser's upload events, ~every 50-100 ms, come before the end)
//
// Counter keys default to the request path (without the query), so two tests
// that share a route must pass distinct `key`s or hit /__reset.
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

export interface FaultServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string
  /** Clears the per-key counters of /retry-after and /flaky. */
  resetCounters(): void
  /** Destroys open connections, clears every timer and stops listening. */
  close(): Promise<void>
}

export interface FaultServerOptions {
  /** Default 0: a free port. */
  port?: number
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

function commonHeaders(req: IncomingMessage, res: ServerResponse): void {
  // No keep-alive for browsers (they send Origin: Chromium, happy-dom).
  // Chromium silently re-sends a request (even a POST) once when a *reused*
  // socket is reset before any response byte, which would eat one of the
  // failures /flaky and /reset promise; fresh sockets keep "fail n times"
  // exact. Not for everyone: Node 20's fetch (undici) then takes a chunked
  // body cut short by a closed socket for a complete one. Deno's and Bun's
  // fetch re-send like Chromium (they send no Origin; known by user agent).
  if (req.headers.origin !== undefined || /^(Deno|Bun)\//.test(req.headers['user-agent'] ?? '')) res.setHeader('connection', 'close')
  res.setHeader('access-control-allow-origin', '*')
  // `*` does not cover Authorization (Fetch spec), so the requested headers
  // are reflected on preflight; responses expose everything.
  res.setHeader('access-control-expose-headers', '*')
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', req.headers['access-control-request-method'] ?? '*')
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*')
    res.setHeader('access-control-allow-private-network', 'true')
    res.setHeader('access-control-max-age', '600')
  }
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

/**
 * Headers of a streamed body. Chunked explicitly: with `connection: close`
 * Node would otherwise delimit the body by closing the socket, and a body cut
 * short (/reset?after=body, close() during /drip) would look complete.
 */
function streamHead(res: ServerResponse, type: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': type, 'transfer-encoding': 'chunked', ...headers })
}

function int(value: string | null | undefined, fallback: number): number {
  if (value == null || value === '') return fallback
  const n = Number(value)
  return Number.isFinite(n) ? Math.trunc(n) : fallback
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const counters = new Map<string, number>()
  const closed = new Set<string>()
  /** /cache/:key: when each key was first requested (its Last-Modified is relative to it), and its 304s. */
  const firstSeen = new Map<string, number>()
  const notModified = new Map<string, number>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let origin = ''

  /** A timer that is forgotten when it fires, when `res` closes, or when the server closes. */
  function later(res: ServerResponse, ms: number, fn: () => void): void {
    const cancel = (): void => {
      clearTimeout(timer)
      timers.delete(timer)
    }
    const timer = setTimeout(() => {
      cancel()
      res.off('close', cancel)
      if (!res.destroyed) fn()
    }, ms)
    timers.add(timer)
    res.once('close', cancel)
  }

  /** Calls `next(i)` for i = 0..count-1, `interval` ms apart, then ends the response. */
  function stream(res: ServerResponse, count: number, interval: number, next: (i: number) => string): void {
    if (interval <= 0) {
      for (let i = 0; i < count; i++) res.write(next(i))
      res.end()
      return
    }
    let i = 0
    const tick = (): void => {
      if (i >= count) return void res.end()
      res.write(next(i++))
      later(res, interval, tick)
    }
    tick()
  }

  function hit(key: string): number {
    const n = (counters.get(key) ?? 0) + 1
    counters.set(key, n)
    return n
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    commonHeaders(req, res)
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
      return
    }
    const url = new URL(req.url ?? '/', origin)
    const q = url.searchParams
    const parts = url.pathname.split('/').filter(Boolean)
    const [route = '', arg] = parts

    switch (route) {
      case 'json':
        return json(res, 200, { hello: 'world' })

      case 'echo': {
        const body = await readBody(req)
        return json(res, 200, { method: req.method, url: url.href, headers: req.headers, body })
      }

      case 'status': {
        const code = int(arg, 200)
        if (code < 200 || code > 599) return json(res, 400, { error: `bad status ${arg}` })
        const reason = STATUS_CODES[code] ?? 'Unknown'
        if (NULL_BODY_STATUSES.has(code) || req.method === 'HEAD') {
          res.writeHead(code).end()
          return
        }
        res.writeHead(code, { 'content-type': 'text/plain' }).end(`${code} ${reason}`)
        return
      }

      case 'delay': {
        const ms = int(arg, 0)
        later(res, ms, () => json(res, 200, { delayed: ms }))
        return
      }

      case 'stall':
        // Never answer. A client abort closes the socket; close() destroys
        // whatever is still open.
        return

      case 'stall-body':
        streamHead(res, 'text/plain')
        res.write('first chunk\n')
        return

      case 'endless': {
        // Lines until the client goes away; /__closed?key= tells whether it did.
        const key = q.get('key') ?? 'endless'
        closed.delete(key)
        res.once('close', () => closed.add(key))
        streamHead(res, 'text/plain')
        stream(res, Number.MAX_SAFE_INTEGER, int(q.get('interval'), 10), (i) => `line ${i}\n`)
        return
      }

      case '__closed':
        return json(res, 200, { closed: closed.has(q.get('key') ?? 'endless') })

      case 'redirect-to': {
        await readBody(req)
        // Written as UTF-8 bytes (Node sends a header string as Latin-1): `?url=/š` arrives as the raw bytes C5 A1.
        const location = Buffer.from(q.get('url') ?? '/echo', 'utf8').toString('latin1')
        res.writeHead(int(q.get('status'), 302), { location, 'content-length': 0 }).end()
        return
      }

      case 'drip': {
        const chunks = int(q.get('chunks'), 5)
        const interval = int(q.get('interval'), 100)
        streamHead(res, 'text/plain')
        stream(res, chunks, interval, (i) => `chunk ${i}\n`)
        return
      }

      case 'reset':
        if (q.get('after') === 'body') {
          streamHead(res, 'text/plain')
          res.write('first chunk\n')
          later(res, 20, () => req.socket.destroy())
          return
        }
        req.socket.destroy()
        return

      case 'retry-after': {
        const n = int(arg, 1)
        const attempts = hit(q.get('key') ?? url.pathname)
        if (attempts <= n) {
          const status = int(q.get('status'), 503)
          const after = q.get('after')
          const headers: Record<string, string> = after === null ? {} : { 'retry-after': after }
          return json(res, status, { attempts, failing: true }, headers)
        }
        return json(res, 200, { attempts })
      }

      case 'flaky': {
        const fail = int(q.get('fail'), 1)
        const attempts = hit(q.get('key') ?? url.pathname)
        if (attempts <= fail) {
          const status = q.get('status')
          if (status !== null) return json(res, int(status, 500), { attempts, failing: true })
          req.socket.destroy()
          return
        }
        return json(res, 200, { attempts })
      }

      case '__reset':
        counters.clear()
        return json(res, 200, { reset: true })

      case 'redirect': {
        const n = int(arg, 1)
        const status = int(q.get('status'), 302)
        if (n <= 0) {
          const body = await readBody(req)
          return json(res, 200, { method: req.method, url: url.href, headers: req.headers, body })
        }
        const next = n === 1 ? '/echo' : `/redirect/${n - 1}`
        const location = next + (next === '/echo' ? '' : url.search)
        await readBody(req)
        res.writeHead(status, { location, 'content-length': 0 }).end()
        return
      }

      case 'cookies': {
        if (arg === 'set') {
          const cookies = [...q].map(([k, v]) => `${k}=${v}; Path=/`)
          res.writeHead(302, { 'set-cookie': cookies, location: '/cookies', 'content-length': 0 }).end()
          return
        }
        const cookie = req.headers.cookie ?? ''
        const cookies: Record<string, string> = {}
        for (const pair of cookie.split(/;\s*/)) {
          const eq = pair.indexOf('=')
          if (eq > 0) cookies[pair.slice(0, eq)] = pair.slice(eq + 1)
        }
        return json(res, 200, { cookie, cookies })
      }

      case 'ndjson': {
        const count = int(q.get('count'), 3)
        streamHead(res, 'application/x-ndjson')
        stream(res, count, int(q.get('interval'), 0), (i) => `${JSON.stringify({ i })}\n`)
        return
      }

      case 'sse': {
        const count = int(q.get('count'), 3)
        streamHead(res, 'text/event-stream', { 'cache-control': 'no-cache' })
        stream(res, count, int(q.get('interval'), 0), (i) => `id: ${i}\nevent: message\ndata: ${JSON.stringify({ i })}\n\n`)
        return
      }

      case 'big': {
        // 64-byte lines, 16 384 per MiB, written only as fast as the client
        // reads (backpressure), so a cancelled read stops the generator.
        const LINE = 64
        const lines = Math.max(0, Math.round(Number(q.get('mib') ?? '1') * 16_384))
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': lines * LINE })
        let i = 0
        const pump = (): void => {
          while (i < lines) {
            const head = `{"i":${i},"pad":"`
            const line = `${head}${'x'.repeat(LINE - head.length - 3)}"}\n`
            i++
            if (!res.write(line)) return void res.once('drain', pump)
          }
          res.end()
        }
        pump()
        return
      }

      case 'cache':
        return cacheRoute(req, res, arg ?? '', q)

      case '__count':
        return json(res, 200, { count: counters.get(`cache:${q.get('key')}`) ?? 0, notModified: notModified.get(q.get('key') ?? '') ?? 0 })

      case 'coalesce': {
        const key = `coalesce:${q.get('key') ?? ''}`
        hit(key)
        res.once('close', () => {
          if (!res.writableFinished) hit(`${key}:aborted`)
        })
        later(res, int(q.get('delay'), 0), () => {
          streamHead(res, 'text/plain')
          stream(res, int(q.get('chunks'), 3), int(q.get('interval'), 0), (i) => `chunk ${i}\n`)
        })
        return
      }

      case 'coalesce-count': {
        const key = `coalesce:${q.get('key') ?? ''}`
        return json(res, 200, { count: counters.get(key) ?? 0, aborted: counters.get(`${key}:aborted`) ?? 0 })
      }

      case 'upload': {
        let bytes = 0
        const pace = int(q.get('pace'), 0)
        for await (const chunk of req) {
          bytes += (chunk as Buffer).byteLength
          if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace))
        }
        const key = `upload:${q.get('key') ?? ''}`
        if (q.has('fail') && hit(key) <= int(q.get('fail'), 0)) return json(res, 503, { bytes, failing: true })
        return json(res, 200, {
          bytes,
          chunked: req.headers['transfer-encoding'] === 'chunked',
          contentLength: req.headers['content-length'] ?? null,
          contentType: req.headers['content-type'] ?? null,
        })
      }

      default:
        return json(res, 404, { error: `no route ${url.pathname}` })
    }
  }

  async function cacheRoute(req: IncomingMessage, res: ServerResponse, key: string, q: URLSearchParams): Promise<void> {
    await readBody(req)
    const n = hit(`cache:${key}`)
    const failAfter = q.get('failAfter')
    if (failAfter !== null && n > int(failAfter, 0)) {
      if (q.get('fail') === 'reset') return void req.socket.destroy()
      return json(res, 503, { key, n, failing: true })
    }
    if (!firstSeen.has(key)) firstSeen.set(key, Date.now())
    const headers: Record<string, string> = { 'x-count': String(n) }
    const cc = q.get('cc')
    if (cc !== null) headers['cache-control'] = cc
    const etag = q.get('etag')
    if (etag !== null) headers.etag = etag
    const lm = q.get('lm')
    const lastModified = lm === null ? undefined : new Date((firstSeen.get(key) as number) - int(lm, 0) * 1000).toUTCString()
    if (lastModified !== undefined) headers['last-modified'] = lastModified
    const expires = q.get('expires')
    if (expires !== null) headers.expires = new Date(Date.now() + int(expires, 0) * 1000).toUTCString()
    const age = q.get('age')
    if (age !== null) headers.age = age
    const vary = q.get('vary')
    if (vary !== null) headers.vary = vary
    const cookie = q.get('cookie')
    const setCookie = cookie === null ? {} : { 'set-cookie': `${cookie}; Path=/` }
    const loc = q.get('loc')
    if (loc !== null) {
      headers.location = loc
      headers['content-location'] = loc
    }
    const inm = req.headers['if-none-match']
    const ims = req.headers['if-modified-since']
    const byEtag = etag !== null && !!inm?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
    const byDate = inm === undefined && lastModified !== undefined && ims !== undefined && Date.parse(ims) >= Date.parse(lastModified)
    if (byEtag || byDate) {
      notModified.set(key, (notModified.get(key) ?? 0) + 1)
      res.writeHead(304, { ...headers, 'x-validated': byEtag ? 'etag' : 'date' }).end()
      return
    }
    const bytes = q.get('bytes')
    if (bytes !== null) {
      streamHead(res, 'application/octet-stream', headers)
      const total = int(bytes, 0)
      const chunk = Buffer.alloc(64 * 1024, 120)
      let sent = 0
      const pump = (): void => {
        while (sent < total) {
          const size = Math.min(chunk.length, total - sent)
          sent += size
          if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void res.once('drain', pump)
        }
        res.end()
      }
      return pump()
    }
    return json(res, 200, { key, n, method: req.method, accept: req.headers.accept ?? null }, { ...headers, ...setCookie })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) })
      else res.destroy()
    })
  })
  // A reset on one socket must not take the server down.
  server.on('clientError', (_error, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: origin,
    resetCounters: () => {
      counters.clear()
      firstSeen.clear()
      notModified.clear()
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

// Standalone: `node .cache/fault-server.mjs` (after esbuild) or
// `bun test/fault-server.ts`. Prints the URL on the first stdout line and
// closes on SIGINT/SIGTERM. PORT picks the port (default: a free one).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFaultServer({ port: int(process.env.PORT, 0) })
  process.stdout.write(`${server.url}\n`)
  const stop = (): void => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
