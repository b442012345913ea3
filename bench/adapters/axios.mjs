// axios with its fetch adapter (`adapter: 'fetch'`), which calls the global
// `fetch` per call; its Node default (the http adapter) would bypass the stub.
export const id = 'axios'
export const pkg = 'axios'
export const bundleEntry =
  "import axios from 'axios'; export const run = async () => [(await axios.get('/x')).data, (await axios.post('/y', {})).data]"

export async function load() {
  const { default: axios } = await import('axios')
  const client = axios.create({ adapter: 'fetch' })
  return {
    axios: {
      note: "(`adapter: 'fetch'`)",
      get: async (url) => (await client.get(url)).data,
      post: async (url, body) => (await client.post(url, body)).data,
    },
  }
}
