import { describe, expect, it } from 'vitest'
import { HTTPError, ParseError } from '../src/response.js'
import { toResponsePromise } from '../src/response-promise.js'
import { SureResponse } from '../src/response.js'
import type { StandardSchemaV1 } from '../src/standard-schema.js'
import { fakeRequest } from './support/request.js'

const request = fakeRequest('https://api.example.com/thing')

function wrap(body: BodyInit | null, init: ResponseInit = {}): SureResponse {
  return new SureResponse(new Response(body, init), request)
}

/** A minimal Standard Schema: a number field `id`. */
const schema: StandardSchemaV1<unknown, { id: number }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const id = (value as { id?: unknown } | null)?.id
      return typeof id === 'number' ? { value: { id } } : { issues: [{ message: 'id must be a number', path: ['id'] }] }
    },
  },
}

describe('SureResponse', () => {
  it.each([
    [200, true],
    [304, true],
    [399, true],
    [400, false],
    [503, false],
  ])('status %i has ok %s (requests semantics: 3xx is ok)', (status, ok) => {
    expect(wrap(null, { status }).ok).toBe(ok)
  })

  it('falls back to the request URL when the runtime gives none', () => {
    expect(wrap('x').url).toBe('https://api.example.com/thing')
  })

  it('raiseForStatus throws HTTPError for ≥ 400 and returns itself otherwise', () => {
    const fine = wrap('x', { status: 201 })
    expect(fine.raiseForStatus()).toBe(fine)
    expect(() => wrap('x', { status: 418, statusText: "I'm a teapot" }).raiseForStatus()).toThrow(HTTPError)
  })

  it('prints like requests', () => {
    expect(String(wrap(null, { status: 204 }))).toBe('<SureResponse [204]>')
  })

  describe('encoding and text()', () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]) // "café" in ISO-8859-1

    it('defaults to utf-8', () => {
      expect(wrap('x', { headers: { 'content-type': 'application/json' } }).encoding).toBe('utf-8')
    })

    it('reads the charset from content-type and decodes with it', async () => {
      const response = wrap(latin1, { headers: { 'content-type': 'text/plain; charset="ISO-8859-1"' } })
      expect(response.encoding).toBe('windows-1252') // the WHATWG name for the latin1 labels
      expect(await response.text()).toBe('café')
    })

    it('decodes with an encoding set by the user', async () => {
      const response = wrap(latin1, { headers: { 'content-type': 'text/plain' } })
      response.encoding = 'latin1'
      expect(await response.text()).toBe('café')
    })

    it('rejects an unknown encoding label with a RangeError', () => {
      expect(() => {
        wrap('x').encoding = 'klingon'
      }).toThrow(RangeError)
    })

    it('ignores an unknown charset in the header', () => {
      expect(wrap('x', { headers: { 'content-type': 'text/plain; charset=bogus' } }).encoding).toBe('utf-8')
    })

    it('decodes multi-byte UTF-8', async () => {
      expect(await wrap('héllo 🌍').text()).toBe('héllo 🌍')
    })
  })

  describe('json()', () => {
    it('parses JSON', async () => {
      expect(await wrap('{"a":[1,2]}').json()).toEqual({ a: [1, 2] })
    })

    it('rejects an empty body with ParseError carrying status and URL', async () => {
      const error = await wrap('', { status: 200 }).json().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ParseError)
      expect((error as ParseError).message).toBe('empty body where JSON was expected — 200 GET https://api.example.com/thing')
    })

    it('rejects invalid JSON with the first 200 characters of the body', async () => {
      const body = `<html>${'x'.repeat(400)}</html>`
      const error = (await wrap(body, { status: 502 }).json().catch((e: unknown) => e)) as ParseError
      expect(error).toBeInstanceOf(ParseError)
      expect(error.snippet).toBe(body.slice(0, 200))
      expect(error.response.status).toBe(502)
      expect(error.message).toMatch(/^invalid JSON: .* — 502 GET https:\/\/api.example.com\/thing$/)
      expect(error.message.length).toBeLessThan(400)
    })

    it('validates with a Standard Schema and returns its output', async () => {
      const value = await wrap('{"id":7,"extra":true}').json(schema)
      expect(value).toEqual({ id: 7 })
    })

    it('rejects a failed validation with ParseError listing the issues', async () => {
      const error = (await wrap('{"id":"7"}').json(schema).catch((e: unknown) => e)) as ParseError
      expect(error).toBeInstanceOf(ParseError)
      expect(error.issues).toEqual([{ message: 'id must be a number', path: ['id'] }])
      expect(error.message).toContain('schema validation failed at id: id must be a number')
    })

    it('awaits an async validator', async () => {
      const asyncSchema: StandardSchemaV1<unknown, string> = {
        '~standard': { version: 1, vendor: 't', validate: async (v) => ({ value: String(v) }) },
      }
      expect(await wrap('12').json(asyncSchema)).toBe('12')
    })
  })

  it('bytes() is a Uint8Array', async () => {
    const bytes = await wrap(new Uint8Array([1, 2, 255])).bytes()
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect([...bytes]).toEqual([1, 2, 255])
  })

  it('arrayBuffer(), blob() and formData() are the native ones', async () => {
    expect((await wrap('abc').arrayBuffer()).byteLength).toBe(3)
    expect(await (await wrap('abc').blob()).text()).toBe('abc')
    const form = await wrap('a=1&b=2', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData()
    expect(form.get('b')).toBe('2')
  })

  it('clone() gives a copy with its own body and the same encoding', async () => {
    const response = wrap(new Uint8Array([0xe9]), { headers: { 'content-type': 'text/plain' } })
    response.encoding = 'latin1'
    const copy = response.clone()
    expect(await copy.text()).toBe('é')
    expect(await response.bytes()).toEqual(new Uint8Array([0xe9]))
    expect(copy.request).toBe(response.request)
  })

  it('a body is read once', async () => {
    const response = wrap('abc')
    await response.text()
    expect(response.bodyUsed).toBe(true)
    await expect(response.text()).rejects.toThrow(TypeError)
  })

  describe('links', () => {
    it.each<[string, Record<string, Record<string, string>>]>([
      [
        '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"',
        {
          next: { url: 'https://api.github.com/x?page=2', rel: 'next' },
          last: { url: 'https://api.github.com/x?page=5', rel: 'last' },
        },
      ],
      ['</a,b>; rel="prev start"; title="a, b"', {
        prev: { url: '/a,b', rel: 'prev', title: 'a, b' },
        start: { url: '/a,b', rel: 'start', title: 'a, b' },
      }],
      ['<x>; REL=Next; type=text/html', { next: { url: 'x', rel: 'next', type: 'text/html' } }],
      // Without rel, keyed by the URL, as requests does (issue 19); the garbage part is skipped.
      ['garbage, <y>', { y: { url: 'y', rel: '' } }],
      ['<https://e.x/a>; title="t"', { 'https://e.x/a': { url: 'https://e.x/a', rel: '', title: 't' } }],
    ])('parses %s', (header, expected) => {
      expect(wrap(null, { headers: { link: header } }).links).toEqual(expected)
    })

    it('is empty without a Link header', () => {
      expect(wrap(null).links).toEqual({})
    })
  })
})

describe('json(schema) with something that is not a schema (issue 19)', () => {
  it.each([{}, null, 'zod'])('rejects %j with a TypeError that says what json() takes, and leaves the body unread', async (schema) => {
    const response = wrap('{"a":1}')
    const error = await response.json(schema as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe('json(schema) takes a Standard Schema (zod, valibot, arktype …) or nothing')
    expect(response.bodyUsed).toBe(false)
  })
})

describe('ResponsePromise', () => {
  const promised = (body: string) => toResponsePromise(Promise.resolve(wrap(body)), {})

  it('is a real Promise of the response', async () => {
    const promise = promised('x')
    expect(promise).toBeInstanceOf(Promise)
    expect(await promise).toBeInstanceOf(SureResponse)
  })

  it('has body shortcuts', async () => {
    expect(await promised('{"a":1}').json()).toEqual({ a: 1 })
    expect(await promised('{"id":1}').json(schema)).toEqual({ id: 1 })
    expect(await promised('hey').text()).toBe('hey')
    expect([...(await promised('A').bytes())]).toEqual([65])
    expect((await promised('AB').arrayBuffer()).byteLength).toBe(2)
    expect((await promised('ABC').blob()).size).toBe(3)
  })

  it('passes a rejection through the shortcuts', async () => {
    const failing = toResponsePromise(Promise.reject(new Error("boom")), {})
    await expect(failing.json()).rejects.toThrow('boom')
    await expect(failing).rejects.toThrow('boom')
  })
})
