/**
 * Timeouts without a platform timer per call. Deadlines of the same duration
 * are kept in a FIFO list (they expire in the order they were set), and one
 * unref'd timer is armed for the earliest deadline of all lists. Setting and
 * cancelling a deadline is a push and a flag: most calls settle long before
 * their timeout, so the timer is rarely re-armed (`setTimeout` +
 * `clearTimeout` per call cost more than the rest of a timeout on Node 20).
 */
import { unrefTimer } from './timers.js'

export interface Deadline {
  readonly at: number
  done: boolean
  /** The list the deadline waits in. */
  readonly list: Deadline[]
  readonly fire: (arg: never) => void
  readonly arg: unknown
}

const lists = /* @__PURE__ */ new Map<number, Deadline[]>()
let timer: ReturnType<typeof setTimeout> | undefined
let timerAt = Number.POSITIVE_INFINITY

/** Calls `fire(arg)` in `ms`, unless `cancelDeadline` comes first. Never keeps a process alive. */
export function setDeadline<A>(ms: number, fire: (arg: A) => void, arg: A): Deadline {
  const key = Math.max(0, Math.ceil(ms))
  let list = lists.get(key)
  if (list === undefined) {
    list = []
    lists.set(key, list)
  }
  const deadline: Deadline = { at: performance.now() + key, done: false, list, fire: fire as (arg: never) => void, arg }
  list.push(deadline)
  if (deadline.at < timerAt) arm(deadline.at)
  return deadline
}

export function cancelDeadline(deadline: Deadline): void {
  deadline.done = true
  // Drop the settled deadlines at the head: calls mostly settle in order.
  const list = deadline.list
  let head = 0
  while (head < list.length && (list[head] as Deadline).done) head++
  if (head > 0) list.splice(0, head)
}

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer)
  timerAt = at
  timer = unrefTimer(expire, Math.max(0, at - performance.now()), undefined)
}

function expire(): void {
  timer = undefined
  timerAt = Number.POSITIVE_INFINITY
  const now = performance.now()
  let next = Number.POSITIVE_INFINITY
  for (const [key, list] of lists) {
    let head = 0
    while (head < list.length) {
      const deadline = list[head] as Deadline
      if (!deadline.done && deadline.at > now) break
      head++
      if (!deadline.done) {
        deadline.done = true
        deadline.fire(deadline.arg as never)
      }
    }
    if (head > 0) list.splice(0, head)
    const first = list.find((deadline) => !deadline.done)
    if (first === undefined) lists.delete(key)
    else if (first.at < next) next = first.at
  }
  if (next !== Number.POSITIVE_INFINITY && next < timerAt) arm(next)
}
