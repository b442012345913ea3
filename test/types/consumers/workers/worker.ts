// Workers specifics: Cloudflare's `cf` object, Workers' Request, Response
// and streams in and out of surefetch.
import { get, post, Session } from 'surefetch'

const upstream = new Session({ baseUrl: 'https://api.example.com', cookies: false, retry: 2 })

export default {
  async fetch(request: Request, env: { TOKEN: string }, ctx: ExecutionContext): Promise<Response> {
    const cf: RequestInitCfProperties = { cacheTtl: 60, cacheEverything: true }
    const items = await upstream.get('/items', { cf, signal: request.signal, headers: { authorization: `Bearer ${env.TOKEN}` } })
    // Pass a request body through as a stream, and a response body back
    if (request.body) await post('https://api.example.com/upload', { body: request.body, headers: request.headers })
    ctx.waitUntil(get('https://api.example.com/ping', { cf: { cacheTtl: 0 } }).then(() => undefined))
    // @ts-expect-error a header value is a string, not a number
    await get('https://api.example.com/', { headers: { 'x-n': 5 } })
    return new Response(items.body, { status: items.status, headers: items.headers })
  },
} satisfies ExportedHandler<{ TOKEN: string }>
