// MSW for the node and happy-dom projects (msw/node intercepts the global fetch).
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { httpbin, MOCK, registerMockControl } from '../support/mock.js'

const server = setupServer(...httpbin.handlers)
registerMockControl(server)

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
