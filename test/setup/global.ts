/// <reference types="node" />
// Root globalSetup (runs once, in vitest's main Node process): starts the
// real fault server and hands its origin to every project. Tests read it with
// `inject('base')`; the workerd project also gets it as the `BASE` binding.
import type { TestProject } from 'vitest/node'
import { startFaultServer } from '../fault-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the fault server, e.g. `http://127.0.0.1:40123` (no trailing slash). */
    base: string
    /** A second fault server on another port: another origin, for cross-origin redirects. */
    base2: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startFaultServer()
  const second = await startFaultServer()
  project.provide('base', server.url)
  project.provide('base2', second.url)
  return async () => {
    await Promise.all([server.close(), second.close()])
  }
}
