// ky: reads globalThis.fetch per call (`options.fetch ?? globalThis.fetch`).
export const id = 'ky'
export const pkg = 'ky'
export const bundleEntry =
  "import ky from 'ky'; export const run = async () => [await ky.get('/x').json(), await ky.post('/y', { json: {} }).json()]"

export async function load() {
  const { default: ky } = await import('ky')
  return {
    ky: {
      get: (url) => ky.get(url).json(),
      post: (url, body) => ky.post(url, { json: body }).json(),
    },
  }
}
