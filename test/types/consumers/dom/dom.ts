// Browser specifics: the DOM lib's own types go in and come out, `dispatcher`
// (for the Node side of an isomorphic app) is accepted although the DOM's
// RequestInit has none, and the msw mocks work with msw/browser.
import { setupWorker } from 'msw/browser'
import { get, post, Session } from 'surefetch'
import { createHttpbin } from 'surefetch/mocks'

export async function dom(form: HTMLFormElement, file: File): Promise<void> {
  const init: RequestInit = { credentials: 'include', cache: 'no-cache', mode: 'cors', referrerPolicy: 'origin' }
  const api = new Session({ baseUrl: '/api', credentials: init.credentials, cache: init.cache, mode: init.mode })
  await api.post('/upload', { body: new FormData(form) })
  await post('/upload', { body: file, referrerPolicy: init.referrerPolicy })
  await post('/upload', { multipart: { file } })
  const bodyInit: BodyInit = 'text'
  await post('/upload', { body: bodyInit })
  const headersInit: HeadersInit = [['x-a', '1']]
  await get('/items', { headers: headersInit })
  // Node's dispatcher, in a project whose types are the DOM's
  await get('/items', { dispatcher: {} })
  // @ts-expect-error a header value is a string, not a number
  await get('/items', { headers: { 'x-n': 5 } })
  const response = await get('/items')
  const blob: Blob = await response.blob()
  const url = URL.createObjectURL(blob)
  void url

  const httpbin = createHttpbin({ baseUrl: '/httpbin' })
  await setupWorker(...httpbin.handlers).start()
}
