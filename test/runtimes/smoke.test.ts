/// <reference types="node" />
// Cross-runtime smoke suite for Deno and Bun, run by `deno test` / `bun test`
// (the shared vitest suite runs there too, through vitest.runtimes.config.ts).
// Written with node:test + node:assert because both runtimes run that
// unchanged and nothing has to be downloaded. It imports the *built* package,
// so it proves dist/ loads outside Node (the vitest suite imports src/).
//
// Run through test/runtimes/run.mjs (`npm run test:runtimes`), which starts
// the fault server and sets BASE.
import assert from 'node:assert/strict'
import { test } from 'node:test'
// Deno does not pick up a .d.ts beside a .js file by itself; this makes it
// type-check the suite against the published declarations (tsc ignores it).
// @ts-types="../../dist/index.d.ts"
import { get, HTTPError, NetworkError, post, Session } from '../../dist/index.js'

const BASE = process.env.BASE ?? ''
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  throw new Error(`BASE must be the fault server origin (got ${JSON.stringify(BASE)}); run test/runtimes/run.mjs`)
}

interface Echo {
  method: string
  url: string
  headers: Record<string, string>
  body: string
}

test('GET parses a JSON body', async () => {
  const response = await get(`${BASE}/json`)
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), { hello: 'world' })
  assert.deepEqual(await get(`${BASE}/json`).json(), { hello: 'world' })
})

test('POST sends a JSON body', async () => {
  const echo = await post(`${BASE}/echo`, { json: { a: 1, b: ['x'] } }).json<Echo>()
  assert.equal(echo.method, 'POST')
  assert.match(echo.headers['content-type'] ?? '', /^application\/json/)
  assert.deepEqual(JSON.parse(echo.body), { a: 1, b: ['x'] })
})

test('a 404 rejects with HTTPError carrying the status and method', async () => {
  await assert.rejects(get(`${BASE}/status/404`), (error: unknown) => {
    assert.ok(error instanceof HTTPError, `expected HTTPError, got ${String(error)}`)
    assert.equal(error.name, 'HTTPError')
    assert.equal(error.status, 404)
    assert.match(error.message, /404/)
    assert.match(error.message, /GET/)
    return true
  })
})

test('a refused connection rejects with NetworkError', async () => {
  await assert.rejects(get('http://127.0.0.1:59999/', { retry: false }), (error: unknown) => {
    assert.ok(error instanceof NetworkError, `expected NetworkError, got ${String(error)}`)
    assert.equal(error.name, 'NetworkError')
    return true
  })
})

test('Session default headers reach the server', async () => {
  const session = new Session({ baseUrl: BASE, headers: { 'x-smoke': 'session' } })
  try {
    const echo = await session.get('/echo').json<Echo>()
    assert.equal(echo.headers['x-smoke'], 'session')
    assert.equal(echo.url, `${BASE}/echo`)
  } finally {
    session.close()
  }
})
