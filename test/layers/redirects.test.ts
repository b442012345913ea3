// Redirects a session follows itself (SPEC §7), against the real fault server,
// as requests and the runtime's own fetch follow them (issue 19): the UTF-8
// Location, the fragment, each hop's history and request, and which request a
// TooManyRedirectsError names. Browsers follow redirects natively; only the
// cases the runtime also shows are checked there.
import { describe, expect, inject, it } from 'vitest'
import { get, NetworkError, Session, TooManyRedirectsError } from '../../src/index.js'
import { isBrowserLike } from '../../src/util/runtime.js'

const base = inject('base')
const browser = isBrowserLike()
// happy-dom's own fetch decodes a Location as Latin-1 (a happy-dom quirk; Chromium, Node, workerd read UTF-8).
const happyDom = typeof navigator !== 'undefined' && navigator.userAgent.includes('HappyDOM')
const deno = 'Deno' in globalThis // Deno's own fetch decodes it as Latin-1 too (š becomes %C3%85%C2%A1)
type Echo = { url: string; headers: Record<string, string> }

describe('redirects', () => {
  it.skipIf(happyDom || deno)('a raw UTF-8 Location is requested as UTF-8, by a session as by the runtime', async () => {
    const to = `${base}/redirect-to?url=${encodeURIComponent('/echo?q=š')}`
    const viaSession = await new Session().get(to).json<Echo>()
    const viaRuntime = await get(to).json<Echo>()
    expect(viaSession.url).toBe(`${base}/echo?q=%C5%A1`)
    expect(viaRuntime.url).toBe(viaSession.url)
  })

  it.skipIf(browser)('an invalid Location fails the call instead of resolving with the 3xx', async () => {
    const error = await new Session()
      .get(`${base}/redirect-to?url=${encodeURIComponent('http://:1')}`, { retry: false })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
  })

  it.skipIf(browser)('the fragment survives a redirect whose Location has none', async () => {
    const response = await new Session().get(`${base}/redirect/2#part`)
    expect(response.request.url).toBe(`${base}/echo#part`)
    expect(response.history.map((hop) => hop.request.url)).toEqual([`${base}/redirect/2#part`, `${base}/redirect/1#part`])
  })

  it.skipIf(browser)('each hop has the hops before it as its history, and its request as sent (cookies included)', async () => {
    const api = new Session()
    await api.get(`${base}/cookies/set?k=v`)
    const response = await api.get(`${base}/redirect/3`)
    expect(response.history.map((hop) => hop.history.length)).toEqual([0, 1, 2])
    expect(response.history[1]?.history[0]).toBe(response.history[0])
    for (const hop of response.history) expect(hop.request.headers.get('cookie')).toBe('k=v')
  })

  it.skipIf(browser)('TooManyRedirectsError names the last hop, the one redirect too many (as requests)', async () => {
    const error = await new Session().get(`${base}/redirect/4`, { maxRedirects: 2 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TooManyRedirectsError)
    const tooMany = error as TooManyRedirectsError
    expect(tooMany.message).toBe(`more than 2 redirects — GET ${base}/redirect/2`)
    expect(tooMany.request.url).toBe(`${base}/redirect/2`)
    expect(tooMany.response.request).toBe(tooMany.request)
    expect(tooMany.response.history.map((hop) => hop.request.url)).toEqual([`${base}/redirect/4`, `${base}/redirect/3`])
  })
})
