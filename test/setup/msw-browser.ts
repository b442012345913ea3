// MSW for the chromium project: MSW's fetch/XHR interceptors (`msw/native`,
// the same machinery the workerd project uses) patch the page's fetch, so
// requests MSW lets through are made by the page itself, with real CORS,
// real aborts and real streaming. The Service Worker variant is kept as an
// opt-in (msw-service-worker.ts), see there for why it is not the default.
import { setupServer } from 'msw/native'
import { dropClone, httpbin, installMockServer } from '../support/mock.js'

const server = setupServer(...httpbin.handlers)

// MSW hands a tee'd clone of every response to its life-cycle events; a tee
// only cancels its source once both branches cancel, so the unread clone
// would make `response.body.cancel()` hang and buffer the whole body.
server.events.on('response:mocked', dropClone)
server.events.on('response:bypass', dropClone)

installMockServer(server)
