import { describe, expect, it } from 'vitest'
import { ParseError } from '../../src/response.js'
import { collect, responseOf, splits, utf8 } from './split.js'

describe('ndjson()', () => {
  it('parses one value per line, skipping blank lines, whatever the chunking', async () => {
    const text = '{"a":1}\n\n  \r\n[1,"é🌍"]\r\n"x"\n42'
    for (const chunks of splits(utf8(text))) {
      expect(await collect(responseOf(chunks).ndjson())).toEqual([{ a: 1 }, [1, 'é🌍'], 'x', 42])
    }
  })

  it('rejects a bad line with ParseError naming its line number', async () => {
    const seen: unknown[] = []
    const error = await (async () => {
      for await (const value of responseOf([utf8('{"ok":1}\n\n{broken\n{"never":1}\n')]).ndjson()) seen.push(value)
    })().catch((e: unknown) => e)
    expect(seen).toEqual([{ ok: 1 }])
    expect(error).toBeInstanceOf(ParseError)
    expect((error as ParseError).message).toMatch(/^invalid JSON on line 3: /)
    expect((error as ParseError).snippet).toBe('{broken')
  })
})
