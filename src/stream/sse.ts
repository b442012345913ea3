/**
 * Server-Sent Events, parsed per the WHATWG HTML standard §9.2.6 ("event
 * stream interpretation"). Loaded on demand, in the one chunk of the body
 * iterators (stream/iterate.ts), by the first iterator a response opens:
 * nothing of it is loaded up front.
 */
import { LineSplitter, lengthBound, lineBound, STREAM } from './lines.js'
import type { ChunkParser, Fail } from './types.js'

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

/**
 * Options of `response.sse()`.
 * @inline
 */
export interface SseOptions {
  /**
   * The longest event accepted, in characters (UTF-16 code units): its
   * `data` (the `data:` lines joined with `\n`), and any line of the stream
   * (`data: ` and its value, a comment …: at most 6 characters more). A
   * longer one rejects with `ParseError` and cancels the body,
   * before the rest of it is buffered. `Infinity` accepts any length.
   * @default 1_048_576
   * @example for await (const { data } of response.sse({ maxEventLength: 8 * 1024 * 1024 })) handle(data)
   */
  maxEventLength?: number | undefined
}

export class SseParser {
  /** The event's `data:` values, joined with `\n` when it is dispatched (one value is handed out as is, uncopied). */
  readonly #data: string[] = []
  /** The length the joined data would have. */
  #dataLength = -1
  #event = ''
  #id = ''
  #retry: number | undefined
  readonly #max: number
  readonly #tooLong: (data: string) => Error

  /** `tooLong`: the error for an event whose data is longer than `max` characters (given its start). */
  constructor(max: number, tooLong: (snippet: string) => Error) {
    this.#max = max
    this.#tooLong = tooLong
  }

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
        this.#data.push(value)
        this.#dataLength += value.length + 1
        if (this.#dataLength > this.#max) throw this.#tooLong(this.#data.join('\n').slice(0, 200))
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
    const values = this.#data
    const event = this.#event
    this.#event = ''
    if (values.length === 0) return
    const data = values.length === 1 ? (values[0] as string) : values.join('\n')
    values.length = 0
    this.#dataLength = -1
    out.push({ event: event || 'message', data, id: this.#id, retry: this.#retry })
  }
}

/**
 * `sse()`'s parser: UTF-8 always (the standard says so, whatever the
 * charset; the decoder drops a leading BOM), lines bounded like the data.
 * An event not terminated by a blank line when the stream ends is
 * discarded, as in `EventSource`. Throws on a bad option.
 */
export function sseParser(options: SseOptions | undefined, fail: Fail): ChunkParser<ServerSentEvent> {
  const max = lengthBound('maxEventLength', options?.maxEventLength)
  const decoder = new TextDecoder('utf-8')
  // A line may carry `data: ` before up to `max` characters of data.
  const splitter = new LineSplitter(undefined, false, lineBound(fail, 'maxEventLength', max, 'data: '.length))
  const parser = new SseParser(
    max,
    (snippet) => fail(`event data exceeded maxEventLength (${max} characters)`, snippet),
  )
  const lines: string[] = []
  const feed = (text: string, out: ServerSentEvent[], last: boolean): void => {
    let failure: { readonly error: unknown } | undefined
    try {
      splitter.push(text, lines)
      if (last) splitter.end(lines)
    } catch (error) {
      failure = { error }
    }
    // The lines split before a line too long are still interpreted: their events come out before the error.
    try {
      for (const line of lines) parser.line(line, out)
    } finally {
      lines.length = 0
    }
    if (failure !== undefined) throw failure.error
  }
  return {
    push: (chunk, out) => feed(decoder.decode(chunk, STREAM), out, false),
    end: (out) => feed(decoder.decode(), out, true),
  }
}
