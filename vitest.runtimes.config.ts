// The shared suite on Deno and Bun: vitest itself runs on the runtime, so
// every test uses the runtime's own fetch, Request, Response, streams,
// AbortSignal and timers (docs/decisions/0005-deno-bun-suite.md).
//
//   npx deno run -A node_modules/vitest/vitest.mjs run -c vitest.runtimes.config.ts
//   npx bun --bun node_modules/vitest/vitest.mjs run -c vitest.runtimes.config.ts
//
// test/runtimes/run.mjs runs both (with the fault servers served from Node);
// .ci/run calls it. The project is named after the runtime.
import { defineConfig } from 'vitest/config'

const g = globalThis as { Deno?: unknown; Bun?: unknown }
const runtime = g.Deno !== undefined ? 'deno' : g.Bun !== undefined ? 'bun' : undefined
if (runtime === undefined) throw new Error('vitest.runtimes.config.ts is for Deno and Bun: run vitest with `deno run -A` or `bun --bun`')

export default defineConfig({
  test: {
    name: runtime,
    environment: 'node',
    globalSetup: ['test/setup/global-runtimes.ts'],
    // The same files as happy-dom, chromium and workerd run.
    include: ['test/**/*.test.ts'],
    exclude: ['test/node/**', 'test/runtimes/**'],
    env: { SUREFETCH_RUNTIME: runtime },
    setupFiles: ['test/setup/runtime-guard.ts', 'test/setup/msw-node.ts'],
    // Child processes of the runtime itself (worker_threads are less complete on Deno).
    pool: 'forks',
    // Two files at a time: most of the time goes to real timers (deadlines,
    // backoffs, stalls), not CPU. .ci/run runs Deno and Bun side by side.
    maxWorkers: 2,
  },
})
