/// <reference types="node" />
// examples/deno and examples/bun, run the way their READMEs say — as a
// script, by the runtime this suite runs on (`deno run` under `deno test`,
// `bun` under `bun test`) — against the fault server. The scripts import
// `surefetch`, which resolves to the built dist/ through the package's own
// `exports` (a self-reference), so build first.
//
// Run through test/runtimes/run.mjs, which starts the fault server, sets BASE
// and lets Deno spawn itself (--allow-run, and --allow-env: Deno's
// child_process reads the environment to pass it on).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'

const BASE = process.env.BASE ?? ''
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  throw new Error(`BASE must be the fault server origin (got ${JSON.stringify(BASE)}); run test/runtimes/run.mjs`)
}

const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : undefined
const argv = {
  deno: ['run', '--allow-net=127.0.0.1', 'examples/deno/main.ts', BASE],
  bun: ['examples/bun/main.ts', BASE],
}

test(`examples/${runtime}/main.ts talks to the API and catches an HTTPError and a timeout`, async () => {
  assert.ok(runtime, 'this suite runs under Deno or Bun')
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, argv[runtime], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { message: `${error.message}\n${stderr}` })) : resolve({ stdout, stderr }),
    )
  })
  assert.equal(stderr, '')
  const lines = stdout.trimEnd().split('\n')
  assert.equal(lines[0], 'GET /json → {"hello":"world"}')
  assert.equal(lines[1], `POST /echo → the server got {"from":"${runtime}"} from surefetch-example-${runtime}`)
  assert.equal(lines[2], `HTTPError 404: 404 Not Found — GET ${BASE}/status/404`)
  assert.equal(lines[3], `TimeoutError (total): total timeout of 250 ms exceeded — GET ${BASE}/delay/5000`)
  assert.equal(lines.length, 4, stdout)
})
