// The body iterators (`chunks()`, `lines()`, `ndjson()`) are hand-written
// objects loaded on first use, not `async function*` generators: these tests
// hold them to the async-generator protocol a user relies on — queued calls,
// return()/throw() before and after the first next(), cancellation of the
// body, the lock released after a complete read, errors after good items.
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../src/response.js'
import { SureResponse } from '../../src/response.js'
import { fakeRequest } from '../support/request.js'

const encoder = new TextEncoder()

/** A response over `chunks` (pulled one per read), noting whether its body was cancelled. */
function tracked(chunks: string[], options: { errorAt?: number } = {}) {
  let index = 0
  const state = { cancelled: false, pulls: 0 }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls++
      if (options.errorAt === index) return controller.error(new Error('boom'))
      const chunk = chunks[index++]
      if (chunk === undefined) controller.close()
      else controller.enqueue(encoder.encode(chunk))
    },
    cancel() {
      state.cancelled = true
    },
  })
  const response = new SureResponse(new Response(stream), fakeRequest())
  return { response, state }
}

const DONE = { value: undefined, done: true }

describe('body iterators keep the async-generator protocol', () => {
  it('prints as an AsyncGenerator and is its own async iterator', () => {
    const { response } = tracked([])
    const lines = response.lines()
    expect(Object.prototype.toString.call(lines)).toBe('[object AsyncGenerator]')
    expect(lines[Symbol.asyncIterator]()).toBe(lines)
  })

  it('answers next() calls made at once, in order', async () => {
    const { response } = tracked(['a\nb', '\nc\n'])
    const it = response.lines()
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next()])
    expect(results.map((r) => r.value)).toEqual(['a', 'b', 'c', undefined, undefined])
    expect(results.map((r) => r.done)).toEqual([false, false, false, true, true])
  })

  it('return() before the first next() reads and cancels nothing, and the body stays readable', async () => {
    const { response, state } = tracked(['a\n'])
    const it = response.lines()
    expect(await it.return()).toEqual(DONE)
    expect(await it.next()).toEqual(DONE)
    expect(state.cancelled).toBe(false)
    expect(await response.text()).toBe('a\n')
  })

  it('return() part-way cancels the body; next() is done afterwards', async () => {
    const { response, state } = tracked(['a\nb\n', 'c\n'])
    const it = response.lines()
    expect((await it.next()).value).toBe('a')
    expect(await it.return()).toEqual(DONE)
    expect(state.cancelled).toBe(true)
    expect(await it.next()).toEqual(DONE)
  })

  it('a return() queued behind a pending next() runs after it', async () => {
    const { response } = tracked(['a\n', 'b\n'])
    const it = response.lines()
    const first = it.next()
    const ended = it.return()
    expect((await first).value).toBe('a')
    expect(await ended).toEqual(DONE)
  })

  it('throw() part-way cancels the body and rejects with the error given', async () => {
    const { response, state } = tracked(['a\nb\n', 'c\n'])
    const it = response.lines()
    await it.next()
    const error = new Error('stop')
    await expect(it.throw(error)).rejects.toBe(error)
    expect(state.cancelled).toBe(true)
    expect(await it.next()).toEqual(DONE)
  })

  it('throw() before the first next() rejects without touching the body', async () => {
    const { response, state } = tracked(['a\n'])
    await expect(response.lines().throw(new Error('early'))).rejects.toThrow('early')
    expect(state.cancelled).toBe(false)
  })

  it('[Symbol.asyncDispose] cancels like return() (`await using`)', async () => {
    const { response, state } = tracked(['a\nb\n', 'c\n'])
    const it = response.lines() as AsyncGenerator<string> & { [Symbol.asyncDispose]?: () => Promise<void> }
    await it.next()
    const dispose = it[Symbol.asyncDispose] ?? it[Symbol.for('Symbol.asyncDispose') as never]
    expect(typeof dispose).toBe('function')
    await (dispose as () => Promise<void>).call(it)
    expect(state.cancelled).toBe(true)
  })

  it('a read error rejects after the lines before it, then the iterator is done', async () => {
    const { response } = tracked(['a\n', 'b\n'], { errorAt: 1 })
    const it = response.lines()
    expect((await it.next()).value).toBe('a')
    await expect(it.next()).rejects.toThrow('boom')
    expect(await it.next()).toEqual(DONE)
  })

  it('ndjson(): values before a bad line, then ParseError naming its line; the body is cancelled', async () => {
    const { response, state } = tracked(['{"a":1}\n\n{bad}\n{"a":2}\n', 'more'])
    const it = response.ndjson()
    expect((await it.next()).value).toEqual({ a: 1 })
    const error: unknown = await it.next().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseError)
    expect((error as ParseError).message).toMatch(/line 3/)
    expect(state.cancelled).toBe(true)
  })

  it('lines() on a body already read throws at once; ndjson() rejects on its first next()', async () => {
    const first = tracked(['x'])
    await first.response.text()
    expect(() => first.response.lines()).toThrow(/already read/)
    await expect(first.response.ndjson().next()).rejects.toThrow(/already read/)
  })

  it('a bad chunks() size or lines() delimiter rejects on the first next() and leaves the body readable', async () => {
    const sized = tracked(['abc'])
    await expect(sized.response.chunks(0).next()).rejects.toBeInstanceOf(RangeError)
    expect(sized.state.cancelled).toBe(false)
    const delimited = tracked(['a\n'])
    await expect(delimited.response.lines({ delimiter: '' }).next()).rejects.toBeInstanceOf(TypeError)
    expect(await delimited.response.text()).toBe('a\n')
  })

  it('releases the lock on the body after a complete read', async () => {
    const { response } = tracked(['a\n', 'b'])
    const body = response.body as ReadableStream<Uint8Array>
    const lines: string[] = []
    for await (const line of response.lines()) lines.push(line)
    expect(lines).toEqual(['a', 'b'])
    expect(body.locked).toBe(false)
  })

  it('chunks(size) re-chunks across reads; the last chunk may be shorter', async () => {
    const { response } = tracked(['abcd', 'efghij'])
    const out: string[] = []
    for await (const chunk of response.chunks(3)) out.push(new TextDecoder().decode(chunk))
    expect(out).toEqual(['abc', 'def', 'ghi', 'j'])
  })
})
