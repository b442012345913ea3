/// <reference types="node" />
// globalSetup of vitest.runtimes.config.ts (the shared suite on Deno and Bun).
// test/runtimes/run.mjs serves the fault servers from Node — the same
// node:http server every other project talks to — and passes their origins
// as SUREFETCH_BASE / SUREFETCH_BASE2. Without them (vitest started by hand)
// the servers start here, inside Deno's or Bun's node:http.
import type { TestProject } from 'vitest/node'
import startInProcess from './global.js'

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const { SUREFETCH_BASE: base, SUREFETCH_BASE2: base2 } = process.env
  if (!base || !base2) return startInProcess(project)
  project.provide('base', base)
  project.provide('base2', base2)
  return undefined
}
