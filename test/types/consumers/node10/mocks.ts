// surefetch/mocks without `exports` support: typesVersions maps it.
import type { RequestHandler } from 'msw'
import { get } from 'surefetch'
import { createHttpbin, type Httpbin, handlers } from 'surefetch/mocks'

export async function mocks(): Promise<void> {
  const httpbin: Httpbin = createHttpbin({ baseUrl: 'http://127.0.0.1:59998' })
  const all: RequestHandler[] = [...httpbin.handlers, ...handlers]
  void all
  await get(`${httpbin.baseUrl}/get`)
}
