// redaxios: axios's API in 1 kB over the global fetch (looked up per call).
export const id = 'redaxios'
export const pkg = 'redaxios'
export const bundleEntry =
  "import axios from 'redaxios'; export const run = async () => [(await axios.get('/x')).data, (await axios.post('/y', {})).data]"

export async function load() {
  const { default: axios } = await import('redaxios')
  return {
    redaxios: {
      get: async (url) => (await axios.get(url)).data,
      post: async (url, body) => (await axios.post(url, body)).data,
    },
  }
}
