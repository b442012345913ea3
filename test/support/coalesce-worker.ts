// A Worker for test/node/worker-coalesce.test.ts: a module-wide Session with
// `coalesce: true`, as apps keep one; each Worker request GETs the same slow
// upstream URL `calls` times at once and reads the bodies. Bundled from src/ and run in Miniflare.
import { Session } from '../../src/index.js'

interface Env {
  UPSTREAM: string
}

const session = new Session({ coalesce: true, retry: false })

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const query = new URL(request.url).searchParams
    const key = query.get('key') ?? ''
    const calls = Number(query.get('calls') ?? '1')
    try {
      const url = `${env.UPSTREAM}/coalesce?key=${key}&delay=200&chunks=3&interval=20`
      const texts = await Promise.all(Array.from({ length: calls }, () => session.get(url).text()))
      return Response.json({ texts })
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 })
    }
  },
}
