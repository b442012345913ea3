/**
 * `setTimeout` that never keeps a process alive (Node, Bun: `unref()`; Deno:
 * `Deno.unrefTimer`). A pending request keeps its own socket referenced, so
 * an unref'd timer still fires while anything is waiting on it.
 */
export function unrefTimer<A>(callback: (arg: A) => void, ms: number, arg: A): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, ms, arg)
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref()
  } else if (typeof timer === 'number') {
    const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno
    deno?.unrefTimer?.(timer)
  }
  return timer
}
