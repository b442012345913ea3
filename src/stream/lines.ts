import type { ChunkParser, Fail, LinesOptions } from './types.js'

/** `decode()`'s options for a chunk: more may follow (a multi-byte character may straddle two chunks). */
export const STREAM = { stream: true }

/**
 * The default bound on one line (`lines()`, `ndjson()`) or one event's data
 * (`sse()`), in characters: 1 MiB of ASCII. A server that never sends a
 * terminator would otherwise make us buffer its whole body.
 */
export const DEFAULT_MAX_LINE_LENGTH = 1_048_576

/**
 * Validates a length bound (`maxLineLength`, `maxEventLength`): a
 * non-negative integer, or `Infinity` for none; `undefined` is the default.
 */
export function lengthBound(name: string, value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_LINE_LENGTH
  if (typeof value === 'number' && value >= 0 && (Number.isInteger(value) || value === Infinity)) return value
  // Not options.ts's show(): importing it from this lazy chunk moves options.ts
  // out of the entry chunk into a shared one, ~120 B gzip more up front.
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value.slice(0, 60))
      : typeof value === 'object' && value !== null
        ? 'an object'
        : String(value)
  throw new RangeError(`${name} must be a non-negative integer or Infinity, got ${shown}`)
}

/** How a splitter bounds its lines: the bound, and the error for a line over it. */
export interface LineBound {
  readonly max: number
  /** The error to throw for line `number` (1-based), whose text starts with `snippet`. */
  readonly error: (number: number, snippet: string) => Error
}

/**
 * Lines of at most `max + slack` characters; the `ParseError` of a longer
 * one names the option that set `max`.
 */
export function lineBound(fail: Fail, option: string, max: number, slack = 0): LineBound {
  return {
    max: max + slack,
    error: (number, snippet) =>
fail(`line ${number} exceeded ${option} (${max} characters)`, snippet),
  }
}

/**
 * `lines()`'s parser: a streaming decoder (a multi-byte character may
 * straddle two chunks) feeding a `LineSplitter`. Throws on a bad option.
 */
export function lineParser(encoding: string, options: LinesOptions | undefined, fail: Fail): ChunkParser<string> {
  const max = lengthBound('maxLineLength', options?.maxLineLength)
  const splitter = new LineSplitter(options?.delimiter, options?.keepEnds ?? false, lineBound(fail, 'maxLineLength', max))
  const decoder = new TextDecoder(encoding)
  return {
    push: (chunk, out) => splitter.push(decoder.decode(chunk, STREAM), out),
    end: (out) => {
      splitter.push(decoder.decode(), out)
      splitter.end(out)
    },
  }
}

/**
 * Incremental line splitting over decoded text pieces. Lines end at `\n`,
 * `\r\n` or `\r` — also when a `\r\n` pair straddles two pieces (requests'
 * `iter_lines` yields a spurious empty line there) — or at a custom
 * delimiter. A trailing terminator does not produce an empty last line.
 *
 * Linear in the input: each piece is searched once, and a line spanning
 * several pieces is kept as a list and joined once when it ends (appending
 * to one string and searching it again per chunk made a 16 MiB line take
 * seconds). A line longer than the bound throws as soon as it is known to
 * be, before the rest of it is buffered.
 */
export class LineSplitter {
  readonly #delimiter: string | undefined
  readonly #keepEnds: boolean
  readonly #bound: LineBound
  /** The most the pending pieces may hold: a custom delimiter's first characters may sit at their end. */
  readonly #pendingMax: number
  /** The start of the line being assembled, in the pieces it arrived in. */
  readonly #pieces: string[] = []
  #pending = 0
  /** The pending line ended at a `\r` (not in `#pieces`) whose `\n` may start the next piece. */
  #cr = false
  /** Lines emitted by earlier `push`es, for the number in the bound's error. */
  #lines = 0
  /** `#lines` minus `out`'s length when this `push` began: `#base + out.length` counts the lines so far. */
  #base = 0

  constructor(delimiter: string | undefined, keepEnds: boolean, bound: LineBound) {
    if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter === '')) {
      throw new TypeError(`lines() delimiter must be a non-empty string, got ${JSON.stringify(delimiter)}`)
    }
    this.#delimiter = delimiter
    this.#keepEnds = keepEnds
    this.#bound = bound
    this.#pendingMax = bound.max + (delimiter === undefined ? 0 : delimiter.length - 1)
  }

  /** Appends the complete lines found in `text` to `out`; throws for a line over the bound. */
  push(text: string, out: string[]): void {
    if (text.length === 0) return
    const delimiter = this.#delimiter
    this.#base = this.#lines - out.length
    if (delimiter === undefined) this.#splitNewlines(text, out)
    else this.#splitOn(text, delimiter, out)
    this.#lines = this.#base + out.length
  }

  /** The last line, if the text did not end with a terminator. */
  end(out: string[]): void {
    if (this.#cr) {
      this.#cr = false
      out.push(this.#join(this.#keepEnds ? '\r' : ''))
    } else if (this.#pieces.length > 0) {
      out.push(this.#join(''))
    }
  }

  #splitNewlines(text: string, out: string[]): void {
    const keep = this.#keepEnds
    const max = this.#bound.max
    const length = text.length
    let start = 0
    if (this.#cr) {
      // The held `\r` ends the pending line; with this `\n`, as one `\r\n`.
      this.#cr = false
      const crlf = text.charCodeAt(0) === 0x0a
      out.push(this.#join(keep ? (crlf ? '\r\n' : '\r') : ''))
      if (crlf) start = 1
    }
    let lf = text.indexOf('\n', start)
    let cr = text.indexOf('\r', start)
    while (lf >= 0 || cr >= 0) {
      let end: number
      let next: number
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        end = lf
        next = lf + 1
        lf = text.indexOf('\n', next)
      } else if (cr === length - 1) {
        // A `\r` last in the piece may be the first half of a `\r\n`: hold it.
        this.#append(text, start, cr, out)
        this.#cr = true
        return
      } else {
        end = cr
        next = lf === cr + 1 ? cr + 2 : cr + 1
        if (lf === cr + 1) lf = text.indexOf('\n', next)
        cr = text.indexOf('\r', next)
      }
      // The hot path: a whole line inside this piece.
      if (this.#pieces.length === 0 && end - start <= max) out.push(text.slice(start, keep ? next : end))
      else this.#finish(text, start, end, keep ? next : end, out)
      start = next
    }
    if (start < length) this.#append(text, start, length, out)
  }

  #splitOn(text: string, delimiter: string, out: string[]): void {
    const keep = this.#keepEnds
    const max = this.#bound.max
    const size = delimiter.length
    let start = 0
    if (size > 1 && this.#pieces.length > 0) {
      // A delimiter straddling the pieces: it starts in their last `size - 1` characters.
      const tail = this.#tail(size - 1)
      const at = (tail + text.slice(0, size - 1)).indexOf(delimiter)
      if (at >= 0) {
        const inPending = tail.length - at
        start = size - inPending
        if (this.#pending - inPending > max) throw this.#tooLong(out)
        const line = this.#join(keep ? text.slice(0, start) : '')
        out.push(keep ? line : line.slice(0, line.length - inPending))
      }
    }
    let at = text.indexOf(delimiter, start)
    while (at >= 0) {
      const next = at + size
      if (this.#pieces.length === 0 && at - start <= max) out.push(text.slice(start, keep ? next : at))
      else this.#finish(text, start, at, keep ? next : at, out)
      start = next
      at = text.indexOf(delimiter, start)
    }
    if (start < text.length) this.#append(text, start, text.length, out)
  }

  /** Ends the pending line with `text[start, stop)` (its content ends at `end`). */
  #finish(text: string, start: number, end: number, stop: number, out: string[]): void {
    if (this.#pending + end - start > this.#bound.max) throw this.#tooLong(out, text.slice(start, start + 200))
    out.push(this.#join(text.slice(start, stop)))
  }

  /** Keeps `text[start, stop)` as the start of a line that has not ended yet. */
  #append(text: string, start: number, stop: number, out: string[]): void {
    if (start === stop) return
    this.#pending += stop - start
    if (this.#pending > this.#pendingMax) throw this.#tooLong(out, text.slice(start, start + 200))
    this.#pieces.push(start === 0 && stop === text.length ? text : text.slice(start, stop))
  }

  /** The pending pieces and `last`, as one string; the pieces are cleared. */
  #join(last: string): string {
    const pieces = this.#pieces
    let line: string
    if (pieces.length === 0) line = last
    else if (pieces.length === 1) line = (pieces[0] as string) + last
    else {
      if (last !== '') pieces.push(last)
      line = pieces.join('')
    }
    pieces.length = 0
    this.#pending = 0
    return line
  }

  /** The last `size` (or fewer) pending characters. */
  #tail(size: number): string {
    const pieces = this.#pieces
    let tail = ''
    for (let i = pieces.length - 1; i >= 0 && tail.length < size; i--) {
      const piece = pieces[i] as string
      const need = size - tail.length
      tail = (piece.length > need ? piece.slice(piece.length - need) : piece) + tail
    }
    return tail
  }

  /** The bound's error for the line being assembled, whose text goes on with `more`. */
  #tooLong(out: string[], more = ''): Error {
    let snippet = ''
    for (const piece of this.#pieces) {
      if (snippet.length >= 200) break
      snippet += piece.slice(0, 200)
    }
    if (snippet.length < 200) snippet += more
    return this.#bound.error(this.#base + out.length + 1, snippet.slice(0, 200))
  }
}
