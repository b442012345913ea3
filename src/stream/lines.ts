import type { ChunkParser, LinesOptions } from './iterate.js'

const STREAM = { stream: true }

/**
 * `lines()`'s parser: a streaming decoder (a multi-byte character may
 * straddle two chunks) feeding a `LineSplitter`. Throws on a bad delimiter.
 */
export function lineParser(encoding: string, options: LinesOptions | undefined): ChunkParser<string> {
  const splitter = new LineSplitter(options?.delimiter, options?.keepEnds ?? false)
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
 */
export class LineSplitter {
  readonly #delimiter: string | undefined
  readonly #keepEnds: boolean
  /** Text of the line being assembled (possibly ending in a `\r` whose partner may follow). */
  #carry = ''

  constructor(delimiter: string | undefined, keepEnds: boolean) {
    if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter === '')) {
      throw new TypeError(`lines() delimiter must be a non-empty string, got ${JSON.stringify(delimiter)}`)
    }
    this.#delimiter = delimiter
    this.#keepEnds = keepEnds
  }

  /** Appends the complete lines found in `text` to `out`. */
  push(text: string, out: string[]): void {
    if (text.length === 0) return
    const buffer = this.#carry.length === 0 ? text : this.#carry + text
    this.#carry = this.#delimiter === undefined ? this.#splitNewlines(buffer, out) : this.#splitOn(buffer, this.#delimiter, out)
  }

  /** The last line, if the text did not end with a terminator. */
  end(out: string[]): void {
    const rest = this.#carry
    this.#carry = ''
    if (rest.length === 0) return
    if (this.#delimiter === undefined && rest.endsWith('\r')) out.push(this.#keepEnds ? rest : rest.slice(0, -1))
    else out.push(rest)
  }

  #splitNewlines(buffer: string, out: string[]): string {
    const keep = this.#keepEnds
    const length = buffer.length
    let start = 0
    let lf = buffer.indexOf('\n')
    let cr = buffer.indexOf('\r')
    while (lf >= 0 || cr >= 0) {
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        out.push(buffer.slice(start, keep ? lf + 1 : lf))
        start = lf + 1
        lf = buffer.indexOf('\n', start)
        continue
      }
      // A `\r` last in the buffer may be the first half of a `\r\n`: wait for more.
      if (cr === length - 1) return buffer.slice(start)
      const crlf = lf === cr + 1
      const end = crlf ? cr + 2 : cr + 1
      out.push(buffer.slice(start, keep ? end : cr))
      start = end
      if (crlf) lf = buffer.indexOf('\n', start)
      cr = buffer.indexOf('\r', start)
    }
    return start === 0 ? buffer : buffer.slice(start)
  }

  #splitOn(buffer: string, delimiter: string, out: string[]): string {
    let start = 0
    let at = buffer.indexOf(delimiter)
    while (at >= 0) {
      out.push(buffer.slice(start, this.#keepEnds ? at + delimiter.length : at))
      start = at + delimiter.length
      at = buffer.indexOf(delimiter, start)
    }
    return start === 0 ? buffer : buffer.slice(start)
  }
}
