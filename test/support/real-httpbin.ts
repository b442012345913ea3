/// <reference types="node" />
// The REAL httpbin (Debian's python3-httpbin under gunicorn, see RUNTIMES.md
// "Real httpbin"), started on a free 127.0.0.1 port for Node-only tests that
// cross-check the client and the mocks with an implementation neither of them
// wrote.
//
// When gunicorn or httpbin is missing, the tests that use it FAIL (they do not
// skip) with a message starting "REAL HTTPBIN UNAVAILABLE", so that a CI
// without the packages cannot pass silently, and the cause is obvious.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

/** Debian's gunicorn: it runs /usr/bin/python3, the Python that has the httpbin package. */
export const GUNICORN = '/usr/bin/gunicorn'
export const INSTALL = 'apt-get install -y python3-httpbin gunicorn'
/** How long gunicorn may take to answer its first request. */
export const STARTUP_MS = 20_000
const STOP_MS = 5_000

/** The prefix of every error about a missing or broken real httpbin. */
export const UNAVAILABLE = 'REAL HTTPBIN UNAVAILABLE'

export interface RealHttpbin {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string
  /** Stops gunicorn (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS)
  await exited
  clearTimeout(timer)
}

/**
 * Starts gunicorn with httpbin on a free port and waits until `/get` answers.
 * Rejects with an Error whose message starts with {@link UNAVAILABLE} and says
 * why (no gunicorn, no httpbin module, no answer in time); no process is left
 * running then.
 */
export async function startRealHttpbin(): Promise<RealHttpbin> {
  const unavailable = (why: string): Error => new Error(`${UNAVAILABLE}: ${why}`)
  if (!existsSync(GUNICORN)) throw unavailable(`${GUNICORN} not found — install it with \`${INSTALL}\``)
  const port = await freePort()
  let stderr = ''
  let exited: string | undefined
  const child = spawn(GUNICORN, ['-b', `127.0.0.1:${port}`, '-k', 'gthread', '--threads', '8', 'httpbin:app'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  child.once('exit', (code, signal) => {
    exited = `gunicorn exited (${signal ?? `code ${code}`})`
  })
  child.once('error', (error) => {
    exited = `gunicorn could not start: ${error.message}`
  })
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + STARTUP_MS
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      // "No module named 'httpbin'" means python3-httpbin is missing.
      throw unavailable(`${exited} — is python3-httpbin installed (\`${INSTALL}\`)? stderr: ${stderr.trim()}`)
    }
    try {
      const response = await fetch(`${origin}/get`)
      await response.body?.cancel()
      if (response.ok) return { origin, stop: () => stopChild(child) }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stopChild(child)
  throw unavailable(`gunicorn did not answer on ${origin} within ${STARTUP_MS} ms; stderr: ${stderr.trim()}`)
}

/**
 * Starts the real httpbin before the tests of the calling file and stops it
 * after them. Returns a function giving its origin, which throws the
 * "REAL HTTPBIN UNAVAILABLE: …" error instead when it could not start, so
 * that every test using it fails with the reason.
 *
 * @example
 * const httpbin = useRealHttpbin()
 * it('…', async () => { await fetch(`${httpbin()}/get`) })
 */
export function useRealHttpbin(): () => string {
  let server: RealHttpbin | undefined
  let failure: Error = new Error(`${UNAVAILABLE}: not started`)
  beforeAll(async () => {
    try {
      server = await startRealHttpbin()
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
  }, STARTUP_MS + STOP_MS + 5_000)
  afterAll(async () => {
    await server?.stop()
  }, STOP_MS + 5_000)
  return () => {
    if (server === undefined) throw failure
    return server.origin
  }
}
