/// <reference types="node" />
// ky's test/headers.ts (ky 2.0.2), ported, the cases about what goes on the
// wire from Node (Content-Length), against the fault server's /echo. Counts:
// see test/ported/ky.test.ts.
import { describe, expect, inject, it } from 'vitest'
import { post, put } from '../../src/index.js'

const base = inject('base')
type Echo = { headers: Record<string, string>; body: string }

describe('ky test/headers.ts — Content-Length on the wire (Node)', () => {
  it('ky test/headers.ts: "sets `content-length` to `0` when requesting PUT with empty body"', async () => {
    expect((await put(`${base}/echo`).json<Echo>()).headers['content-length']).toBe('0')
  })

  it('ky test/headers.ts: "buffer as `options.body` sets `content-length` header"', async () => {
    const body = new TextEncoder().encode('unicorn')
    expect((await post(`${base}/echo`, { body }).json<Echo>()).headers['content-length']).toBe('7')
  })

  it('ky test/headers.ts: "form-data sets `content-length` header"', async () => {
    const echo = await post(`${base}/echo`, { multipart: { foo: 'bar' } }).json<Echo>()
    expect(Number(echo.headers['content-length'])).toBeGreaterThan(0)
    expect(echo.headers['transfer-encoding']).toBeUndefined()
  })
})
