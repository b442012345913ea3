// Node specifics (lib es2022 + @types/node, no DOM): Node's own body types,
// and `dispatcher` (an undici Dispatcher; `undici-types` is what @types/node
// types it with, `undici` itself would do the same).
import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici-types'
import { get, post, Session } from 'surefetch'

declare const agent: Dispatcher

export async function node(): Promise<void> {
  const api = new Session({ baseUrl: 'https://api.example.com', dispatcher: agent })
  await api.get('/items', { dispatcher: agent })
  await post('https://api.example.com/upload', { body: Buffer.from('text') })
  await post('https://api.example.com/upload', { body: await readFile('package.json') })
  await post('https://api.example.com/upload', { body: Readable.toWeb(Readable.from(['a', 'b'])) })
  // @ts-expect-error a Node stream is not a body: Readable.toWeb() makes one
  await post('https://api.example.com/upload', { body: Readable.from(['a']) })
  // @ts-expect-error a dispatcher is an object
  await get('https://api.example.com/', { dispatcher: 'proxy' })
  const response = await get('https://api.example.com/')
  // The body as a Node stream
  if (response.body) Readable.fromWeb(response.body)
}
