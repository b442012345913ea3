// Shared by the mock tests. They run in every vitest project (node,
// happy-dom, chromium, workerd) against the MSW server each project's setup
// file starts with `httpbin` from test/support/mock.ts, so they use plain
// fetch and check runtime limits explicitly instead of importing msw/node.

export { MOCK } from '../support/mock.js'
import { MOCK } from '../support/mock.js'

interface NodeProcess {
  getActiveResourcesInfo?: () => string[]
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process

/**
 * happy-dom and Chromium apply browser rules: forbidden request headers
 * (`Origin`, `Access-Control-Request-*`, often `User-Agent`), no readable
 * `Set-Cookie`, and `redirect: 'manual'` giving an opaque redirect.
 */
export const isBrowserLike = typeof document !== 'undefined'

/** Cloudflare workerd (its `navigator.userAgent` is fixed). */
export const isWorkerd = globalThis.navigator?.userAgent === 'Cloudflare-Workers'

/**
 * Node's own fetch, where `process` can list pending timers. Not Bun (lists
 * none) nor Deno (also lists AbortSignal.timeout's, which end mid-test: the counts race).
 */
export const isNode =
  !isBrowserLike && !isWorkerd && !('Bun' in globalThis) && !('Deno' in globalThis) && typeof nodeProcess?.getActiveResourcesInfo === 'function'

/** How many timers are pending (Node only), to check that a route left none behind. */
export function activeTimers(): number {
  return nodeProcess?.getActiveResourcesInfo?.().filter((name) => name === 'Timeout').length ?? 0
}

/** Resolves after `ms`; its own timer has fired by then, so it never shows in `activeTimers()`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Waits (up to 2 s) until more than `count` timers are pending. */
export async function timersAbove(count: number): Promise<number> {
  for (let tries = 0; tries < 200 && activeTimers() <= count; tries += 1) await pause(10)
  return activeTimers()
}

export interface JsonResult {
  status: number
  headers: Headers
  body: Record<string, unknown>
}

/** Fetches `MOCK + path` and parses the JSON body. */
export async function getJson(path: string, init?: RequestInit): Promise<JsonResult> {
  const response = await fetch(`${MOCK}${path}`, init)
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> }
}

/** An `Authorization: Basic` value with UTF-8 credentials (RFC 7617). */
export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`)
  return `Basic ${btoa(String.fromCharCode(...bytes))}`
}

/** The body read chunk by chunk, with when each chunk arrived (ms since the call). */
export async function readChunks(body: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; times: number[] }> {
  const start = Date.now()
  const reader = body.getReader()
  const parts: Uint8Array[] = []
  const times: number[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parts.push(value)
    times.push(Date.now() - start)
  }
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  return { bytes, times }
}
