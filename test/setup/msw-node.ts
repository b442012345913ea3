// MSW for the node, happy-dom and workerd projects (msw/node intercepts the
// global fetch; in workerd the Cloudflare pool maps msw/node to MSW's fetch
// interceptor).
import { setupServer } from 'msw/node'
import { dropClone, httpbin, installMockServer } from '../support/mock.js'

const server = setupServer(...httpbin.handlers)

// MSW's fetch interceptor hands a tee'd clone of every response (mocked or
// passed through) to its life-cycle events. Nobody reads that clone, and a
// tee only cancels its source once *both* branches cancel: without this,
// `response.body.cancel()` never settles and the clone buffers the whole body
// (a /stall-body cancel hangs, /big piles up in memory).
server.events.on('response:mocked', dropClone)
// Under happy-dom a passed-through request goes through happy-dom's fetch,
// whose clone() is not a tee (no hang), and then through MSW's http.request
// interceptor, whose clone sits on Node 20's Readable.toWeb: cancelling that
// one throws ERR_INVALID_STATE on the next chunk and stalls the real body.
const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
if (!happyDom) server.events.on('response:bypass', dropClone)

installMockServer(server)
