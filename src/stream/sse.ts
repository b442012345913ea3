/**
 * Server-Sent Events, parsed per the WHATWG HTML standard §9.2.6 ("event
 * stream interpretation"). Loaded on demand by `response.sse()`, so bundles
 * that never read SSE do not carry it.
 */
import { LineSplitter } from './lines.js'

/**
 * One dispatched event, as `response.sse()` yields it.
 * @inline
 */
export interface ServerSentEvent {
  /** The `event:` field, `message` when absent. */
  event: string
  /** The `data:` lines joined with `\n`. */
  data: string
  /** The last event ID (persists across events until changed). */
  id: string
  /** The reconnection time (ms) last set by a `retry:` field, if any. */
  retry: number | undefined
}

export class SseParser {
  #data = ''
  #event = ''
  #id = ''
  #retry: number | undefined = undefined

  /** Interprets one line; a blank line dispatches the pending event into `out`. */
  line(line: string, out: ServerSentEvent[]): void {
    if (line === '') return this.#dispatch(out)
    if (line.charCodeAt(0) === 0x3a) return // ':' — a comment
    const colon = line.indexOf(':')
    let field = line
    let value = ''
    if (colon >= 0) {
      field = line.slice(0, colon)
      value = line.charCodeAt(colon + 1) === 0x20 ? line.slice(colon + 2) : line.slice(colon + 1)
    }
    switch (field) {
      case 'event':
        this.#event = value
        break
      case 'data':
        this.#data += `${value}\n`
        break
      case 'id':
        if (!value.includes('\0')) this.#id = value
        break
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value)
        break
      default:
      // other fields are ignored
    }
  }

  #dispatch(out: ServerSentEvent[]): void {
    const data = this.#data
    const event = this.#event
    this.#data = ''
    this.#event = ''
    if (data === '') return
    out.push({ event: event || 'message', data: data.slice(0, -1), id: this.#id, retry: this.#retry })
  }
}

const STREAM = { stream: true }

/**
 * Events from a body stream. Always UTF-8 (the standard says so, whatever
 * the charset); a leading BOM is dropped by the decoder. An event not
 * terminated by a blank line when the stream ends is discarded, as in
 * `EventSource`.
 */
export async function* iterateEvents(stream: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = stream.getReader()
  const decoder = new TextDecoder('utf-8')
  const splitter = new LineSplitter(undefined, false)
  const parser = new SseParser()
  const lines: string[] = []
  const events: ServerSentEvent[] = []
  let done = false
  try {
    for (;;) {
      const result = await reader.read()
      if (result.done) {
        done = true
        splitter.push(decoder.decode(), lines)
        splitter.end(lines)
      } else {
        splitter.push(decoder.decode(result.value, STREAM), lines)
      }
      for (const line of lines) parser.line(line, events)
      lines.length = 0
      for (const event of events) yield event
      events.length = 0
      if (done) return
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
}
