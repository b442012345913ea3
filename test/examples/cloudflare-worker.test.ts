// examples/cloudflare-worker: the Worker's fetch handler, called inside
// workerd the way the runtime calls it, with the fault server as UPSTREAM
// (the same origin the pool binds as BASE). workerd only.
import { describe, expect, inject, it } from 'vitest'
import worker from '../../examples/cloudflare-worker/worker.js'

const env = { UPSTREAM: inject('base') }
const isWorkerd = globalThis.navigator?.userAgent === 'Cloudflare-Workers'

const call = (path: string, init?: RequestInit) => worker.fetch(new Request(`https://example.workers.dev${path}`, init), env)

describe.runIf(isWorkerd)('examples/cloudflare-worker', () => {
  it('GET /hello answers with the upstream JSON', async () => {
    const response = await call('/hello')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ hello: 'world' })
  })

  it('POST /echo forwards the JSON body with the session header', async () => {
    const response = await call('/echo', { method: 'POST', body: JSON.stringify({ n: 1 }) })
    expect(await response.json()).toEqual({ received: { n: 1 }, userAgent: 'surefetch-example-worker' })
  })

  it('turns an upstream 404 (HTTPError) into a 502', async () => {
    const response = await call('/missing')
    expect(response.status).toBe(502)
    expect(await response.json()).toEqual({ error: `404 Not Found — GET ${env.UPSTREAM}/status/404` })
  })

  it('turns a slow upstream (TimeoutError) into a 504', async () => {
    const response = await call('/slow')
    expect(response.status).toBe(504)
    expect(await response.json()).toEqual({ error: `total timeout of 250 ms exceeded — GET ${env.UPSTREAM}/delay/5000` })
  })

  it('answers 404 for other routes without calling upstream', async () => {
    expect((await call('/nowhere')).status).toBe(404)
  })
})
