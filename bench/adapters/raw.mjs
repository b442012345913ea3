// Raw fetch: the baseline every ratio is taken against. `fetch` is looked up
// at call time, so a stub installed as globalThis.fetch is what it calls.
//
// Two more variants show the floor of any client that enforces a timeout:
// it must hand fetch a signal, and on Node 20 undici pays per request for
// one (a WeakRef, an abort listener, a FinalizationRegistry entry and the
// max-listeners checks in its Request constructor). `raw-signal` passes a
// fresh AbortController's signal (what a client that aborts on its own timer
// does), `raw-timeout` passes `AbortSignal.timeout(10_000)` (a platform timer
// per request on top). They are rows of their own, never the baseline.
export const id = 'raw'
export const pkg = null
export const bundleEntry =
  "export const run = async () => [await (await fetch('/x')).json(), await (await fetch('/y', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) })).json()]"

const TIMEOUT_MS = 10_000

const postInit = (body, signal) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal })

export async function load() {
  return {
    raw: {
      get: async (url) => (await fetch(url)).json(),
      post: async (url, body) =>
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json(),
    },
    'raw-signal': {
      label: 'raw fetch + signal (fresh `AbortController` per request)',
      get: async (url) => (await fetch(url, { signal: new AbortController().signal })).json(),
      post: async (url, body) => (await fetch(url, postInit(body, new AbortController().signal))).json(),
    },
    'raw-timeout': {
      label: 'raw fetch + `AbortSignal.timeout(10000)`',
      get: async (url) => (await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })).json(),
      post: async (url, body) => (await fetch(url, postInit(body, AbortSignal.timeout(TIMEOUT_MS)))).json(),
    },
  }
}
