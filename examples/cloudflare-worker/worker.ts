// A Cloudflare Worker that calls an upstream API with surefetch and turns
// its failures into proper gateway answers: the upstream's 4xx/5xx becomes
// a 502, a slow upstream a 504. UPSTREAM (wrangler.toml `[vars]`) is an API
// with the routes of the project's fault server: /json, /echo, /status/:code,
// /delay/:ms.
import { HTTPError, Session, TimeoutError } from 'surefetch'

export interface Env {
  UPSTREAM: string
}

interface Echo {
  headers: Record<string, string>
  body: string
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // One Session per request: its cookie jar then never carries one
    // visitor's upstream cookies into another visitor's request.
    const upstream = new Session({
      baseUrl: env.UPSTREAM,
      headers: { 'user-agent': 'surefetch-example-worker' },
      timeout: 5_000, // for the whole call, retries included
    })
    try {
      const { pathname } = new URL(request.url)
      switch (`${request.method} ${pathname}`) {
        case 'GET /hello':
          return Response.json(await upstream.get('/json').json())
        case 'POST /echo': {
          // /echo answers with the request it received
          const echo = await upstream.post('/echo', { json: await request.json() }).json<Echo>()
          return Response.json({ received: JSON.parse(echo.body), userAgent: echo.headers['user-agent'] })
        }
        case 'GET /missing':
          return Response.json(await upstream.get('/status/404').json())
        case 'GET /slow':
          return Response.json(await upstream.get('/delay/5000', { timeout: 250 }).json())
        default:
          return Response.json({ error: `no route ${request.method} ${pathname}` }, { status: 404 })
      }
    } catch (error) {
      // error.message names the status or timeout, the method and the URL
      if (error instanceof HTTPError) return Response.json({ error: error.message }, { status: 502 })
      if (error instanceof TimeoutError) return Response.json({ error: error.message }, { status: 504 })
      throw error
    } finally {
      upstream.close()
    }
  },
}
