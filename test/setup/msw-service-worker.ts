// OPT-IN alternative for the chromium project (`MSW_BROWSER=worker npx vitest
// --project chromium`): MSW through a real Service Worker
// (test/setup/public/mockServiceWorker.js, served by the browser-mode Vite
// server; regenerate with `npx msw init test/setup/public --save=false` after
// upgrading msw). Not the default because every request, including those
// to the fault server, is then re-issued by the worker, and Chromium does not
// abort a worker's fetch when the page aborts (w3c/ServiceWorker#1620): each
// aborted /stall keeps a connection open, and after six the fault server's
// origin is starved and every later test times out.
import { setupWorker } from 'msw/browser'
import { afterAll, afterEach } from 'vitest'
import { failUnhandledRequest } from '../../mocks/index.js'
import { dropClone, httpbin, MOCK, registerMockControl } from '../support/mock.js'

const worker = setupWorker(...httpbin.handlers)
registerMockControl(worker)

// The Service Worker sends a tee'd clone of every response to the page for
// these events. A tee only cancels its source once both branches cancel, so
// the unread clone would make `response.body.cancel()` hang and buffer the
// whole body (see msw-node.ts). Cancelling the clone here releases it.
worker.events.on('response:bypass', dropClone)
worker.events.on('response:mocked', dropClone)

// Top-level await, not beforeAll: the worker must control the page before the
// test file's first request, and start() resolves only once it does.
await worker.start({
  quiet: true,
  serviceWorker: { url: '/mockServiceWorker.js' },
  // Only the mock origin must be fully handled; the real fault server (another
  // 127.0.0.1 port) and Vite's own module requests pass through.
  onUnhandledRequest(request, print) {
    if (new URL(request.url).origin === MOCK) failUnhandledRequest(request, print)
  },
})

afterEach(() => {
  worker.resetHandlers()
  httpbin.reset()
})
afterAll(() => worker.stop())
