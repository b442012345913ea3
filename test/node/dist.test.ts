// Node-only: checks the built package (run `npm run build` first; `npm test` does).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type * as Surefetch from '../../src/index.js'
// @ts-expect-error plain .mjs helper without types
import { entryInputs, measure } from '../../bench/size.mjs'

const root = resolve(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
type Api = typeof Surefetch

let esm: Api
let cjs: Api

beforeAll(async () => {
  if (!existsSync(resolve(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  esm = (await import(resolve(root, 'dist/index.js'))) as Api
  cjs = require(resolve(root, 'dist/index.cjs')) as Api
})

const notFound = (async () => new Response('missing', { status: 404, statusText: 'Not Found' })) as typeof fetch

describe('the built package', () => {
  it('loads as ESM and as CJS with the same exports', () => {
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort())
    expect(typeof esm.get).toBe('function')
    expect(typeof cjs.Session).toBe('function')
  })

  it('an HTTPError thrown by the CJS build is instanceof the ESM classes', async () => {
    const error = await cjs.get('http://127.0.0.1:1/x', { fetch: notFound }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(cjs.HTTPError)
    expect(error).toBeInstanceOf(esm.HTTPError)
    expect(error).toBeInstanceOf(esm.RequestError)
    expect(error instanceof esm.TimeoutError).toBe(false)
    expect((error as Error).name).toBe('HTTPError')
  })

  it('and the other way round', async () => {
    const error = await esm.get('http://127.0.0.1:1/x', { fetch: notFound }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(cjs.HTTPError)
  })

  it('the mocks subpath loads in both formats and the core never loads msw', async () => {
    const mocks = (await import(resolve(root, 'dist/mocks.js'))) as { createHttpbin: unknown }
    expect(typeof mocks.createHttpbin).toBe('function')
    expect(typeof (require(resolve(root, 'dist/mocks.cjs')) as { createHttpbin: unknown }).createHttpbin).toBe('function')
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(resolve(root, 'dist/index.js'), 'utf8')).not.toMatch(/from ['"]msw/)
  })
})

describe('tree-shaking', () => {
  it('a bundle importing only get has no session, digest, cookie or SSE code in its entry', async () => {
    const { forbiddenFound, getInputs, rows } = await measure()
    expect(forbiddenFound).toEqual([])
    expect(getInputs).toContain('src/core.ts')
    const get = rows.find((row: { name: string }) => row.name === 'get')
    console.log(`get-only bundle: ${get.minified} B minified, ${get.gzip} B gzip`)
  })

  it('the check can fail: the whole API does carry the session, and sse() only on demand', async () => {
    const inputs = await entryInputs("export * from 'surefetch'")
    expect(inputs).toContain('src/session.ts')
    expect(inputs).not.toContain('src/stream/sse.ts')
  })
})

describe('the public types (dist/index.d.ts)', () => {
  const declared = (text: string) => [...text.matchAll(/^(?:declare )?(?:abstract )?(?:class|interface|type|function|const|enum) ([\w$]+)/gm)].map((m) => m[1] as string)

  it('declare only what the package exports (no internal machinery, no renamed duplicates)', async () => {
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(resolve(root, 'dist/index.d.ts'), 'utf8')
    const exported = new Set(
      (/^export \{([^}]*)\};?$/m.exec(text)?.[1] ?? '').split(',').map((name) => name.trim().replace(/^type /, '').split(' as ')[0] as string),
    )
    // MaybePromise is an inline helper (`T | Promise<T>`) of the hook signatures.
    const internal = declared(text).filter((name) => !exported.has(name) && name !== 'MaybePromise')
    expect(internal).toEqual([])
    expect(text).not.toMatch(/\$\d/)
    for (const name of ['CallContext', 'CallScope', 'Lifetime', 'Abortable', 'BodyPolicy', 'ResolvedOptions', 'NormalizedHooks', 'RetryBudget ']) {
      expect(text).not.toContain(name)
    }
  })

  it('SureResponse is constructed from what a user has: no internal policy argument', async () => {
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(resolve(root, 'dist/index.d.ts'), 'utf8')
    const constructor = /declare class SureResponse \{[\s\S]*?\n {4}constructor\(([^)]*)\)/.exec(text)?.[1]
    expect(constructor).toBe('raw: Response, request: PreparedRequest, history?: SureResponse[], attempts?: number, elapsed?: number')
  })
})
