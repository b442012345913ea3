// Deno, through the package (node_modules/surefetch, as `deno add npm:surefetch`
// or a package.json gives it): Deno's own lib, its `client` option.
import { get, post, Session } from 'surefetch'
import { usage } from '../shared/usage.ts'

const api = new Session({ baseUrl: 'https://api.example.com', client: Deno.createHttpClient({}) })
await api.get('/items', { signal: AbortSignal.timeout(5_000) })
await post('https://api.example.com/upload', { body: (await Deno.open('upload.bin')).readable })
await post('https://api.example.com/upload', { body: await Deno.readFile('upload.bin') })
// @ts-expect-error a header value is a string, not a number
await get('https://api.example.com/', { headers: { 'x-n': 5 } })
// @ts-expect-error a number is not a body
await post('https://api.example.com/', { body: 42 })
await usage()
