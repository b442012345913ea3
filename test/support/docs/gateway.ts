/// <reference types="node" />
// An HTTP(S) proxy on 127.0.0.1 that answers every request with the doc
// handlers, for the runtimes MSW cannot reach from this process: Deno, Bun
// (HTTPS_PROXY) and Chromium (its proxy setting). `https://` requests arrive
// as CONNECT tunnels; the proxy ends the TLS itself with a throwaway
// self-signed certificate, which the runtimes are told to accept. The code
// under test is unchanged and uses its runtime's real fetch: redirects,
// streaming, aborts and CORS behave as they do on the network.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { getResponse, type RequestHandler } from 'msw'
import { SCRATCH } from './source.js'

export interface Gateway {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY / HTTPS_PROXY. */
  readonly url: string
  /** Serves a fixed body at an exact URL (a page, a script), ahead of the handlers. */
  serve(url: string, body: string, type: string): void
  /** Requests nothing answered, since the last call. */
  takeUnanswered(): string[]
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['host', 'connection', 'proxy-connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer'])

function certificate(): { key: Buffer; cert: Buffer } {
  const dir = join(SCRATCH, 'tls')
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true })
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=surefetch doc tests',
      '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' })
  }
  return { key: readFileSync(key), cert: readFileSync(cert) }
}

export async function startGateway(handlers: () => RequestHandler[]): Promise<Gateway> {
  const fixed = new Map<string, { body: string; type: string }>()
  const unanswered: string[] = []
  const sockets = new Set<Socket>()

  async function answer(req: IncomingMessage, res: ServerResponse, scheme: 'http' | 'https'): Promise<void> {
    // A proxied http request carries the absolute URL; inside a tunnel it is a path.
    const url = /^https?:\/\//.test(req.url ?? '') ? (req.url as string) : `${scheme}://${req.headers.host}${req.url}`
    const page = fixed.get(url)
    if (page) {
      // A CDN serves modules to any origin.
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' }).end(page.body)
      return
    }
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string)
    }
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      signal: controller.signal,
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit)
    let response: Response | undefined
    try {
      response = await getResponse(handlers(), request)
    } catch (error) {
      if (controller.signal.aborted) return
      throw error
    }
    if (response === undefined || response.type === 'error') {
      if (response === undefined) unanswered.push(`${request.method} ${url}`)
      req.socket.destroy() // a network error, as MSW's HttpResponse.error() means
      return
    }
    const out: Record<string, string | string[]> = {}
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) out[name] = value
    })
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) out['set-cookie'] = cookies
    res.writeHead(response.status, response.statusText, out)
    if (response.body === null || req.method === 'HEAD') {
      res.end()
      return
    }
    const reader = response.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!res.write(value)) await new Promise((resume) => res.once('drain', resume))
        if (controller.signal.aborted) break
      }
      res.end()
    } catch {
      res.destroy()
    } finally {
      reader.cancel().catch(() => {})
    }
  }

  const fail = (res: ServerResponse) => (error: unknown) => {
    console.error('doc gateway:', error)
    res.destroy()
  }
  const tls = createTlsServer(certificate(), (req, res) => void answer(req, res, 'https').catch(fail(res)))
  const proxy: Server = createServer((req, res) => void answer(req, res, 'http').catch(fail(res)))
  proxy.on('connect', (_req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    tls.emit('connection', socket)
  })
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((listening) => proxy.listen(0, '127.0.0.1', listening))
  const { port } = proxy.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    serve(url, body, type) {
      fixed.set(url, { body, type })
    },
    takeUnanswered() {
      return unanswered.splice(0)
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((closed) => proxy.close(() => closed()))
    },
  }
}
