// wretch: looks fetch up on its config, falling back to globalThis.fetch, per call.
export const id = 'wretch'
export const pkg = 'wretch'
export const bundleEntry =
  "import wretch from 'wretch'; export const run = async () => [await wretch('/x').get().json(), await wretch('/y').post({}).json()]"

export async function load() {
  const { default: wretch } = await import('wretch')
  return {
    wretch: {
      get: (url) => wretch(url).get().json(),
      post: (url, body) => wretch(url).post(body).json(),
    },
  }
}
