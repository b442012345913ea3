import { describe, expect, it } from 'vitest'
import type { ServerSentEvent } from '../../src/stream/sse.js'
import { collect, responseOf, splits, utf8 } from './split.js'

const event = (data: string, extra: Partial<ServerSentEvent> = {}): ServerSentEvent => ({
  event: 'message',
  data,
  id: '',
  retry: undefined,
  ...extra,
})

// Cases from the WHATWG HTML standard §9.2.6 and its examples.
const cases: Array<[string, string, ServerSentEvent[]]> = [
  ['a simple event', 'data: hello\n\n', [event('hello')]],
  ['multi-line data joined with LF', 'data: YHOO\ndata: +2\ndata: 10\n\n', [event('YHOO\n+2\n10')]],
  ['comments ignored', ': this is a comment\ndata: x\n\n', [event('x')]],
  ['event names and ids', 'event: add\nid: 7\ndata: 1\n\ndata: 2\n\n', [event('1', { event: 'add', id: '7' }), event('2', { id: '7' })]],
  ['an empty id resets it', 'id: 1\ndata: a\n\nid\ndata: b\n\n', [event('a', { id: '1' }), event('b')]],
  ['an id with NULL is ignored', 'id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n', [event('a', { id: '1' }), event('b', { id: '1' })]],
  ['retry sets the reconnection time; bad retry ignored', 'retry: 3000\ndata: a\n\nretry: 1x\ndata: b\n\n', [event('a', { retry: 3000 }), event('b', { retry: 3000 })]],
  ['only one leading space is stripped', 'data:  two spaces\ndata:none\n\n', [event(' two spaces\nnone')]],
  ['a field without colon has an empty value', 'data\ndata\n\n', [event('\n')]],
  ['an event with no data is not dispatched', 'event: x\n\ndata: y\n\n', [event('y')]],
  ['CRLF and CR line endings', 'data: a\r\n\r\ndata: b\r\rdata: c\n\n', [event('a'), event('b'), event('c')]],
  ['a leading BOM is dropped', '\uFEFFdata: bom\n\n', [event('bom')]],
  ['an unterminated last event is discarded', 'data: done\n\ndata: partial', [event('done')]],
  ['unknown fields ignored', 'foo: bar\ndata: x\n\n', [event('x')]],
  ['unicode data', 'data: 日本 🌍\n\n', [event('日本 🌍')]],
]

describe('sse()', () => {
  it.each(cases)('%s, whatever the chunk boundaries', async (_name, text, expected) => {
    for (const chunks of splits(utf8(text))) {
      expect(await collect(responseOf(chunks).sse())).toEqual(expected)
    }
  })
})
