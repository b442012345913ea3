/**
 * Whether fetch runs with a browser's rules: cookies owned by the browser
 * (`Set-Cookie` unreadable, `Cookie` unsettable) and `redirect: 'manual'`
 * answered with an opaque response. True in pages and workers of a browser
 * (and DOM emulations such as happy-dom); false in Node, Deno, Bun and
 * workerd, which expose `Set-Cookie` and a readable `Location`.
 */
export function isBrowserLike(): boolean {
  const g = globalThis as {
    document?: unknown
    WorkerGlobalScope?: unknown
    navigator?: { userAgent?: unknown }
  }
  if (typeof g.document === 'object' && g.document !== null) return true
  // Dedicated, shared and service workers of a browser. workerd defines the
  // WorkerGlobalScope constructor too, but its global is not one (and it
  // exposes Set-Cookie and manual redirects like a server).
  const Scope = g.WorkerGlobalScope
  return (
    typeof Scope === 'function' &&
    globalThis instanceof (Scope as new () => object) &&
    g.navigator?.userAgent !== 'Cloudflare-Workers'
  )
}
