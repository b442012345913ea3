// First setupFile of vitest.runtimes.config.ts: the suite must run on the
// runtime it is named after (its fetch, streams and timers), not on a Node
// that vitest spawned (e.g. `bun` without --bun leaves the workers on Node).
const runtime = process.env.SUREFETCH_RUNTIME ?? '(unset)'
const g = globalThis as { Deno?: unknown; Bun?: unknown }
const here = g.Deno !== undefined ? 'deno' : g.Bun !== undefined ? 'bun' : 'node'
const agent = globalThis.navigator?.userAgent ?? ''
if (here !== runtime || !agent.toLowerCase().startsWith(`${runtime}/`)) {
  throw new Error(`the ${runtime} project runs on ${here} (user agent ${JSON.stringify(agent)})`)
}
