/// <reference types="node" />
// happy-dom 21.0.4 bug, patched for the happy-dom project only: its fetch
// wraps the Node response stream in a ReadableStream with no `cancel()`, so
// after `body.cancel()` the next chunk is still enqueued and throws an
// uncaught ERR_INVALID_STATE ("Controller is already closed") from inside
// Node's HTTP parser — an unhandled error that fails the run, and the
// connection is never released. This is the same wrapper with a cancel that
// destroys the Node stream. (happy-dom/lib/fetch/utilities/FetchBodyUtility.js)
import type { Readable } from 'node:stream'
import FetchBodyUtility from 'happy-dom/lib/fetch/utilities/FetchBodyUtility.js'
import { nodeStream as nodeStreamSymbol } from 'happy-dom/lib/PropertySymbol.js'

const utility = FetchBodyUtility as unknown as { nodeToWebStream(stream: Readable): ReadableStream }

utility.nodeToWebStream = function nodeToWebStream(nodeStream: Readable): ReadableStream {
  let done = false
  const stream = new ReadableStream({
    start(controller) {
      nodeStream.on('data', (chunk: Uint8Array) => {
        if (!done) controller.enqueue(chunk)
      })
      nodeStream.on('end', () => {
        if (!done) (done = true), controller.close()
      })
      nodeStream.on('error', (error: Error) => {
        if (!done) (done = true), controller.error(error)
      })
    },
    cancel() {
      done = true
      nodeStream.destroy()
    },
  })
  Object.defineProperty(stream, nodeStreamSymbol, { value: nodeStream })
  return stream
}
