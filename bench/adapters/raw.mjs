// Raw fetch: the baseline every ratio is taken against. `fetch` is looked up
// at call time, so a stub installed as globalThis.fetch is what it calls.
export const id = 'raw'
export const pkg = null
export const bundleEntry =
  "export const run = async () => [await (await fetch('/x')).json(), await (await fetch('/y', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) })).json()]"

export async function load() {
  return {
    raw: {
      get: async (url) => (await fetch(url)).json(),
      post: async (url, body) =>
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json(),
    },
  }
}
