/// <reference types="node" />
// Digest auth against the REAL httpbin (Debian's python3-httpbin under
// gunicorn, see RUNTIMES.md), to cross-check the client and the mocks with
// an implementation neither of them wrote. The server is started here on a
// free 127.0.0.1 port and stopped afterwards.
//
// When gunicorn or httpbin is missing, every test here FAILS (it does not
// skip) with a message starting "REAL HTTPBIN UNAVAILABLE", so that a CI
// without the packages cannot pass silently, and the cause is obvious.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digestAuth, get, HTTPError, Session } from '../../src/index.js'

const GUNICORN = '/usr/bin/gunicorn'
const INSTALL = 'apt-get install -y python3-httpbin gunicorn'
const STARTUP_MS = 20_000

let child: ChildProcess | undefined
let origin: string | undefined
let unavailable = 'not started'

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

/** Starts gunicorn and waits until httpbin answers; returns why not, or `undefined`. */
async function start(): Promise<string | undefined> {
  if (!existsSync(GUNICORN)) return `${GUNICORN} not found — install it with \`${INSTALL}\``
  const port = await freePort()
  let stderr = ''
  let exited: string | undefined
  child = spawn(GUNICORN, ['-b', `127.0.0.1:${port}`, '-k', 'gthread', '--threads', '8', 'httpbin:app'], {
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
  const candidate = `http://127.0.0.1:${port}`
  const deadline = Date.now() + STARTUP_MS
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      // "No module named 'httpbin'" means python3-httpbin is missing.
      return `${exited} — is python3-httpbin installed (\`${INSTALL}\`)? stderr: ${stderr.trim()}`
    }
    try {
      const response = await fetch(`${candidate}/get`)
      await response.body?.cancel()
      if (response.ok) {
        origin = candidate
        return undefined
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return `gunicorn did not answer on ${candidate} within ${STARTUP_MS} ms; stderr: ${stderr.trim()}`
}

beforeAll(async () => {
  unavailable = (await start()) ?? ''
}, STARTUP_MS + 5_000)

afterAll(async () => {
  const running = child
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
  const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
  running.kill('SIGTERM')
  const timer = setTimeout(() => running.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
})

/** The real httpbin's origin, or a failure that says why there is none. */
function httpbin(): string {
  if (origin === undefined) throw new Error(`REAL HTTPBIN UNAVAILABLE: ${unavailable}`)
  return origin
}

describe('digestAuth against the real httpbin (gunicorn)', () => {
  it('gunicorn serves python3-httpbin', () => {
    expect(httpbin()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it.each(['MD5', 'SHA-256', 'SHA-512'])('authenticates a %s challenge with qop=auth', async (algorithm) => {
    const response = await get(`${httpbin()}/digest-auth/auth/user/passwd/${algorithm}`, { auth: digestAuth('user', 'passwd') })
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' })
    expect(response.history.map((hop) => hop.status)).toEqual([401])
    expect(response.request.headers.get('authorization')).toContain(`algorithm=${algorithm}`)
  })

  it.each(['MD5', 'SHA-256', 'SHA-512'])('authenticates a %s challenge with qop=auth-int', async (algorithm) => {
    const response = await get(`${httpbin()}/digest-auth/auth-int/user/passwd/${algorithm}`, { auth: digestAuth('user', 'passwd') })
    expect(await response.json()).toEqual({ authenticated: true, user: 'user' })
    expect(response.request.headers.get('authorization')).toContain('qop=auth-int')
  })

  it('picks qop=auth from httpbin’s "auth, auth-int" offer', async () => {
    const response = await get(`${httpbin()}/digest-auth/both/user/passwd/SHA-256`, { auth: digestAuth('user', 'passwd') })
    expect(response.status).toBe(200)
    expect(response.request.headers.get('authorization')).toContain('qop=auth,')
  })

  it('authenticates the next request of a session pre-emptively', async () => {
    const api = new Session({ baseUrl: httpbin(), auth: digestAuth('user', 'passwd') })
    expect((await api.get('/digest-auth/auth/user/passwd/SHA-256')).history).toHaveLength(1)
    const second = await api.get('/digest-auth/auth/user/passwd/SHA-256')
    expect(second.status).toBe(200)
    expect(second.history).toEqual([])
    expect(second.request.headers.get('authorization')).toContain('nc=00000002')
  })

  it('fails with a 401 HTTPError for a wrong password, which its message does not show', async () => {
    const error = await get(`${httpbin()}/digest-auth/auth/user/passwd/MD5`, { auth: digestAuth('user', 'not-the-password') }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).status).toBe(401)
    expect((error as HTTPError).message).not.toContain('not-the-password')
  })
})
