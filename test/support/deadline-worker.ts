// A Worker for test/node/worker-deadlines.test.ts: each route makes one call
// with short deadlines, so that a test can leave the isolate idle for longer
// than the previous request's deadlines and check the next ones still fire.
// Bundled from src/ with esbuild and run in Miniflare (workerd).
import { get, Session, TimeoutError } from '../../src/index.js'

interface Env {
  UPSTREAM: string
}

const session = new Session({ timeout: { attempt: 1_000, read: 300, total: 400 } }) // module-wide, as apps keep one

async function timed(run: () => Promise<unknown>): Promise<Response> {
  const started = Date.now()
  try {
    await run()
    return Response.json({ ok: true, ms: Date.now() - started })
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error
    return Response.json({ phase: error.phase, timeout: error.timeout, ms: Date.now() - started })
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url)
    const up = env.UPSTREAM
    switch (pathname) {
      case '/fast': // leaves deadlines that would fire later, had they not been cleared
        return timed(() => get(`${up}/json`, { timeout: { attempt: 250, read: 250, total: 250 } }).json())
      case '/attempt':
        return timed(() => get(`${up}/stall`, { retry: false, timeout: { attempt: 250 } }))
      case '/total':
        return timed(() => get(`${up}/delay/5000`, { retry: false, timeout: 250 }))
      case '/read':
        return timed(async () => (await get(`${up}/stall-body`, { retry: false, timeout: { read: 250 } })).text())
      case '/session-fast':
        return timed(() => session.get(`${up}/json`).json())
      case '/session-total':
        return timed(() => session.get(`${up}/delay/5000`, { retry: false }))
      default:
        return new Response('no route', { status: 404 })
    }
  },
}
