// The mock httpbin every shared test talks to. The setup file of each vitest
// project (node, happy-dom, chromium, workerd) starts MSW with
// `httpbin.handlers` and registers how to add per-test handlers, so test files
// stay runtime-agnostic: they import from here, never from msw/node.
import type { RequestHandler } from 'msw'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createHttpbin, failUnhandledRequest } from '../../mocks/index.js'

/** Origin the MSW handlers answer on. Nothing listens there: an unmocked request fails fast. */
export const MOCK = 'http://127.0.0.1:59998'

export const httpbin = createHttpbin({ baseUrl: MOCK })

/** The body httpbin echoes for `/anything`, `/get`, `/post` … (the fields the tests read). */
export interface Echo {
  args: Record<string, string | string[]>
  data: string
  form: Record<string, string | string[]>
  files: Record<string, string>
  json: unknown
  headers: Record<string, string>
  method: string
  url: string
}

export interface MockControl {
  use(...handlers: RequestHandler[]): void
  resetHandlers(): void
}

let control: MockControl | undefined

/** Called once by the project's setup file. */
export function registerMockControl(impl: MockControl): void {
  control = impl
}

/** Adds handlers for the current test only (they are reset after each test). */
export function useHandlers(...handlers: RequestHandler[]): void {
  if (!control) throw new Error('MSW is not set up: is the setup file missing from this vitest project?')
  control.use(...handlers)
}

/** What the setup files need of `setupServer()` from msw/node or msw/native. */
interface MockServer extends MockControl {
  listen(options: { onUnhandledRequest(request: Request, print: { error(): void }): void }): void
  close(): void
}

/**
 * For MSW's `response:mocked` / `response:bypass` events: cancels the tee'd
 * clone MSW hands them, which nobody reads (a tee cancels its source only
 * once both branches cancel). A clone whose source already failed (a reset
 * connection) rejects the cancel with that error: caught, not unhandled.
 */
export function dropClone({ response }: { response: Response }): void {
  response.body?.cancel().catch(() => {})
}

/**
 * The life cycle every project's setup file shares: start with the httpbin
 * handlers, fail an unhandled request to the mock origin once, as
 * docs/testing.md tells users to (`failUnhandledRequest`: a 501 nothing
 * retries, and MSW's error printed once), and only there (the real
 * fault servers, other 127.0.0.1 ports, are reached for real), reset handlers
 * and fault counters after each test, stop at the end.
 */
export function installMockServer(server: MockServer): void {
  registerMockControl(server)
  beforeAll(() =>
    server.listen({
      onUnhandledRequest(request, print) {
        if (new URL(request.url).origin === MOCK) failUnhandledRequest(request, print)
      },
    }),
  )
  afterEach(() => {
    server.resetHandlers()
    httpbin.reset()
  })
  afterAll(() => server.close())
}
