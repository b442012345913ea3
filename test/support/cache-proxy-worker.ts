// A Worker for test/node/worker-cache-proxy.test.ts: a caching proxy, as a
// user writes one — a module-wide Session with `httpCache: true` whose
// response is returned as is (`response.raw`), so workerd itself reads the
// body of a hit. Bundled from src/ and run in Miniflare.
import { Session } from '../../src/index.js'

interface Env {
  UPSTREAM: string
}

const session = new Session({ httpCache: true, retry: false })

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).searchParams.get('key') ?? ''
    const response = await session.get(`${env.UPSTREAM}/cache/${key}?cc=max-age%3D60`)
    return response.raw
  },
}
