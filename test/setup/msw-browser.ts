// MSW for the chromium project: MSW's fetch/XHR interceptors (`msw/native`,
// the same machinery the workerd project uses) patch the page's fetch, so
// requests MSW lets through are made by the page itself, with real CORS,
// real aborts and real streaming. The Service Worker variant is kept as an
// opt-in (msw-service-worker.ts), see there for why it is not the default.
import { setupServer } from 'msw/native'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { httpbin, MOCK, registerMockControl } from '../support/mock.js'

const server = setupServer(...httpbin.handlers)
registerMockControl(server)

// MSW hands a tee'd clone of every response to its life-cycle events; a tee
// only cancels its source once both branches cancel, so the unread clone
// would make `response.body.cancel()` hang and buffer the whole body.
server.events.on('response:mocked', ({ response }) => void response.body?.cancel())
server.events.on('response:bypass', ({ response }) => void response.body?.cancel())

beforeAll(() =>
  server.listen({
    // Only the mock origin must be fully handled; the real fault server
    // (another 127.0.0.1 port) is reached for real.
    onUnhandledRequest(request, print) {
      if (new URL(request.url).origin === MOCK) print.error()
    },
  }),
)
afterEach(() => {
  server.resetHandlers()
  httpbin.reset()
})
afterAll(() => server.close())
