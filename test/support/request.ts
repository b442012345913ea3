// A PreparedRequest for unit tests that build responses or errors by hand.
import type { CallContext, PreparedRequest } from '../../src/context.js'

export function fakeRequest(url = 'https://api.example.com/items', method = 'GET'): PreparedRequest {
  const context: CallContext = {
    options: { throwHttpErrors: true, redirect: 'follow', maxRedirects: 30 },
    history: [],
    attempts: [],
    elapsed: 0,
    sent: undefined,
    followRedirects: false,
    budget: undefined,
    origin: new URL(url).origin,
    scope: undefined,
  }
  return { method, url, headers: new Headers(), body: null, signal: undefined, context }
}
