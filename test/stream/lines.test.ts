import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../src/stream/lines.js'
import { collect, responseOf, splits, utf8 } from './split.js'

const cases: Array<[string, string, string[]]> = [
  ['LF', 'a\nb\nc', ['a', 'b', 'c']],
  ['CRLF', 'a\r\nb\r\n', ['a', 'b']],
  ['CR', 'a\rb\r', ['a', 'b']],
  ['mixed terminators', 'a\r\nb\nc\rd', ['a', 'b', 'c', 'd']],
  ['real empty lines kept', 'a\n\nb\r\n\r\nc', ['a', '', 'b', '', 'c']],
  ['CR CR LF is an empty line after a', 'a\r\r\nb', ['a', '', 'b']],
  ['a trailing terminator adds no empty line', 'a\n', ['a']],
  ['no terminator at all', 'only', ['only']],
  ['nothing', '', []],
  ['a lone newline is one empty line', '\n', ['']],
  ['multi-byte characters', 'héllo wörld\n日本語\n🌍🚀 emoji\n', ['héllo wörld', '日本語', '🌍🚀 emoji']],
]

describe('lines()', () => {
  it.each(cases)('%s: same lines whatever the chunk boundaries', async (_name, text, expected) => {
    for (const chunks of splits(utf8(text))) {
      expect(await collect(responseOf(chunks).lines())).toEqual(expected)
    }
  })

  it('keepEnds keeps each terminator, also a CRLF split across chunks', async () => {
    for (const chunks of splits(utf8('a\r\nb\rc\nd'))) {
      expect(await collect(responseOf(chunks).lines({ keepEnds: true }))).toEqual(['a\r\n', 'b\r', 'c\n', 'd'])
    }
  })

  it('splits on a custom delimiter, even across chunks, with no spurious empty strings', async () => {
    for (const chunks of splits(utf8('a||b||||c||'))) {
      expect(await collect(responseOf(chunks).lines({ delimiter: '||' }))).toEqual(['a', 'b', '', 'c'])
    }
  })

  it('decodes with the response encoding', async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xe0])
    const lines = await collect(responseOf([latin1], { 'content-type': 'text/plain; charset=iso-8859-1' }).lines())
    expect(lines).toEqual(['café', 'à'])
  })

  it('rejects an empty delimiter', () => {
    expect(() => new LineSplitter('', false, { max: 10, error: () => new RangeError('too long') })).toThrow(TypeError)
  })

  it('leaving the loop early cancels the body', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(utf8('line\n')),
      cancel: () => void (cancelled = true),
    })
    const { SureResponse } = await import('../../src/response.js')
    const response = new SureResponse(new Response(stream), responseOf([]).request)
    for await (const line of response.lines()) {
      expect(line).toBe('line')
      break
    }
    expect(cancelled).toBe(true)
  })

  it('iterating a body that was already read is a clear TypeError', async () => {
    const response = responseOf([utf8('x')])
    await response.text()
    expect(() => response.lines()).toThrow(/already read/)
    await expect(collect(response.ndjson())).rejects.toThrow(/already read/)
  })
})

describe('chunks()', () => {
  it('yields the chunks as they arrive', async () => {
    const chunks = await collect(responseOf([utf8('ab'), utf8('cde')]).chunks())
    expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(['ab', 'cde'])
  })

  it('re-chunks to exactly size bytes, the last one shorter', async () => {
    const bytes = utf8('abcdefghij')
    for (const pieces of splits(bytes)) {
      const chunks = await collect(responseOf(pieces).chunks(3))
      expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(['abc', 'def', 'ghi', 'j'])
    }
  })

  it.each([0, -1, 1.5])('rejects size %s', async (size) => {
    await expect(collect(responseOf([]).chunks(size))).rejects.toThrow(RangeError)
  })
})
