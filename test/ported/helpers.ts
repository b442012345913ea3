// Helpers for the ported peer suites (test/ported/*.test.ts). Not a test file.
import { vi } from 'vitest'

/** One scripted answer: a status, a status with headers, or an error to throw. */
export type Step = number | Error | [number, Record<string, string>] | [number, Record<string, string>, string]

export interface Sent {
  method: string
  url: string
  headers: Headers
  body: unknown
}

/**
 * A fetch that answers with the scripted steps in order (then 200 `ok`), and
 * records what each attempt sent.
 */
export function script(...steps: Step[]) {
  const sent: Sent[] = []
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined
    sent.push({
      method: String(init?.method ?? request?.method ?? 'GET'),
      url: String(request?.url ?? input),
      headers: new Headers(init?.headers ?? request?.headers),
      body: init?.body,
    })
    const step = steps[sent.length - 1] ?? 200
    if (step instanceof Error) throw step
    const [status, headers, body] = Array.isArray(step) ? step : [step, {}, undefined]
    const nullBody = status === 204 || status === 304
    return new Response(nullBody ? null : (body ?? `attempt ${sent.length}`), { status, headers })
  }) as unknown as typeof globalThis.fetch
  return { fetch, sent }
}

/** Mimics a transport failure as fetch reports it (a TypeError). */
export const reset = (): TypeError => new TypeError('fetch failed')

/** What a rejected promise rejected with (fails the test when it resolved). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, got a value')
}

/**
 * Hooks that record each retry's `delay` and abort the call at the retry
 * numbered `stopAt` (before its sleep starts), so long waits are observed
 * without being slept.
 */
export function delaysUntil(stopAt: number) {
  const controller = new AbortController()
  const delays: number[] = []
  const stop = new Error('stopped by the test')
  const beforeRetry = [
    ({ delay, attempt }: { delay: number; attempt: number }) => {
      delays.push(delay)
      if (attempt >= stopAt) controller.abort(stop)
    },
  ]
  return { signal: controller.signal, delays, stop, hooks: { beforeRetry } }
}

/** In a page (Chromium, happy-dom) a schemeless string is a page-relative URL, and forbidden headers (User-Agent, Proxy-*) are dropped. */
export { isBrowserLike } from '../../src/util/runtime.js'
/** happy-dom's Headers neither validate names/values nor trim them, nor sort on iteration (a happy-dom quirk). */
export const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
