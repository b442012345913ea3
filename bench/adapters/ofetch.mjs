// ofetch: its default instance forwards to globalThis.fetch at call time.
export const id = 'ofetch'
export const pkg = 'ofetch'
export const bundleEntry =
  "import { ofetch } from 'ofetch'; export const run = async () => [await ofetch('/x'), await ofetch('/y', { method: 'POST', body: {} })]"

export async function load() {
  const { ofetch } = await import('ofetch')
  return {
    ofetch: {
      get: (url) => ofetch(url),
      post: (url, body) => ofetch(url, { method: 'POST', body }),
    },
  }
}
