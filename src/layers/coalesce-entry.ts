/**
 * Where the coalescing layer sits and which calls use it, apart from the
 * layer itself (coalesce.ts, loaded on first use): a `Session` registers
 * this, so its bundle carries only these lines unless `coalesce` is used.
 */
import { type Next, type PreparedRequest, RANK, type StackEntry } from '../context.js'
import type { Flights } from './coalesce.js'
import { CallScope } from '../util/scope.js'

/**
 * The coalescing entry of one session (SPEC §13): calls with `coalesce: true`
 * go through it. The map of requests in flight is this session's own; an
 * entry leaves it when its exchange settles or every caller has left.
 */
export function coalesceEntry(): StackEntry {
  const flights: Flights = new Map()
  return {
    rank: RANK.coalesce,
    wanted: ({ options }) => options.coalesce === true,
    layer: async (request: PreparedRequest, next: Next) => (await import('./coalesce.js')).coalesce(flights, request, next, newScope),
  }
}

/** A scope of its own for a shared exchange: no signal, no deadline (each caller keeps its own). */
function newScope(): CallScope {
  return new CallScope(undefined, undefined)
}
