/// <reference types="node" />
// Runs a Worker doc block in workerd (Miniflare, from
// @cloudflare/vitest-pool-workers): the block is the Worker's module, its
// outbound fetches are answered by the doc handlers, and the test sends it
// one request (`request=PATH`, default `/`) and expects a status
// (`expect=STATUS`, default 200) and, with `contains=TEXT`, some text.
//
// The Worker gets these bindings, which the docs may use:
//   KV          a KV namespace (e.g. for CookieJar.toJSON())
//   API_TOKEN   'doc-token'
//   UPSTREAM    'https://httpbin.org'
import { getResponse } from 'msw'
import { Miniflare, Response as MiniflareResponse } from 'miniflare'
import type { DocBlock } from './extract.js'
import { bundle } from './bundle.js'
import { docHandlers } from './mocks.js'
import { extensionOf, writeModule } from './source.js'

export async function runWorker(block: DocBlock): Promise<{ status: number; body: string }> {
  const code = await bundle(writeModule(block, 'worker', extensionOf(block)), 'worker')
  const handlers = docHandlers()
  const mf = new Miniflare({
    modules: true,
    script: code,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    kvNamespaces: ['KV'],
    bindings: { API_TOKEN: 'doc-token', UPSTREAM: 'https://httpbin.org' },
    async outboundService(outbound) {
      const hasBody = outbound.method !== 'GET' && outbound.method !== 'HEAD'
      const request = new Request(outbound.url, {
        method: outbound.method,
        headers: outbound.headers as unknown as HeadersInit,
        body: hasBody ? await outbound.arrayBuffer() : null,
        redirect: 'manual',
      })
      const response = await getResponse(handlers, request)
      if (response === undefined || response.type === 'error') throw new TypeError(`network error: ${request.method} ${request.url}`)
      return new MiniflareResponse(response.body as never, {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers] as [string, string][],
      })
    },
  })
  try {
    const path = block.attrs.request ?? '/'
    const response = await mf.dispatchFetch(new URL(path, 'https://worker.example.com').href)
    const body = await response.text()
    const expected = Number(block.attrs.expect ?? 200)
    if (response.status !== expected) {
      throw new Error(`the Worker answered ${response.status} to GET ${path} (expected ${expected}):\n${body.slice(0, 2000)}`)
    }
    const wanted = block.attrs.contains
    if (wanted !== undefined && !body.includes(wanted)) {
      throw new Error(`the Worker's answer to GET ${path} lacks ${wanted}:\n${body.slice(0, 2000)}`)
    }
    return { status: response.status, body }
  } finally {
    await mf.dispose()
  }
}
