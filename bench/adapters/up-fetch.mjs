// up-fetch: `up(fetchFn)` captures the fetch it is given, so the instance is
// created in load(), after the scenario installed its fetch (stub or real).
export const id = 'up-fetch'
export const pkg = 'up-fetch'
export const bundleEntry =
  "import { up } from 'up-fetch'; const upfetch = up(fetch); export const run = async () => [await upfetch('/x'), await upfetch('/y', { method: 'POST', body: {} })]"

export async function load() {
  const { up } = await import('up-fetch')
  const upfetch = up(globalThis.fetch)
  return {
    'up-fetch': {
      get: (url) => upfetch(url),
      post: (url, body) => upfetch(url, { method: 'POST', body }),
    },
  }
}
