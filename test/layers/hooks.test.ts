import { describe, expect, it, vi } from 'vitest'
import { get, HTTPError, NetworkError, type RequestError, Session, SureResponse } from '../../src/index.js'
import { MOCK } from '../support/mock.js'

describe('hooks', () => {
  it('beforeRequest can change the request before it is sent', async () => {
    const body = await get(`${MOCK}/headers`, {
      hooks: { beforeRequest: [(request) => void request.headers.set('x-hooked', 'yes')] },
    }).json<{ headers: Record<string, string> }>()
    expect(body.headers['X-Hooked']).toBe('yes')
  })

  it('beforeRequest can return a replacement request', async () => {
    const response = await get(`${MOCK}/get`, {
      hooks: { beforeRequest: [(request) => ({ ...request, url: `${MOCK}/get?replaced=1` })] },
    })
    expect(response.request.url).toBe(`${MOCK}/get?replaced=1`)
  })

  it('beforeRequest can answer with a Response, and nothing is sent', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>()
    const response = await get(`${MOCK}/get`, {
      fetch,
      hooks: { beforeRequest: [() => Response.json({ cached: true })] },
    })
    expect(await response.json()).toEqual({ cached: true })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a Response from beforeRequest still goes through status checks', async () => {
    await expect(
      get(`${MOCK}/get`, { hooks: { beforeRequest: [() => new Response('no', { status: 500 })] } }),
    ).rejects.toBeInstanceOf(HTTPError)
  })

  it('afterResponse sees the response and request, and can replace the response', async () => {
    const seen: string[] = []
    const response = await get(`${MOCK}/status/500`, {
      hooks: {
        afterResponse: [
          (res, request) => {
            seen.push(`${request.method} ${res.status}`)
            return new SureResponse(Response.json({ recovered: true }), request)
          },
        ],
      },
    })
    expect(seen).toEqual(['GET 500'])
    expect(await response.json()).toEqual({ recovered: true })
  })

  it('beforeError can replace the error, and sees network errors too', async () => {
    class Wrapped extends HTTPError {}
    const errors: string[] = []
    const hooks = {
      beforeError: [
        (error: RequestError) => {
          errors.push(error.name)
          return error instanceof HTTPError ? new Wrapped(error.response) : error
        },
      ],
    }
    await expect(get(`${MOCK}/status/404`, { hooks })).rejects.toBeInstanceOf(Wrapped)
    await expect(get('http://127.0.0.1:59999/', { hooks })).rejects.toBeInstanceOf(NetworkError)
    expect(errors).toEqual(['HTTPError', 'NetworkError'])
  })

  it("beforeError can rename an error (ky's README pattern), and instanceof still holds (issue 19)", async () => {
    const hooks = {
      beforeError: [
        (error: RequestError) => {
          error.name = 'GitHubError'
          error.message = `GitHub said ${error instanceof HTTPError ? error.status : '?'}`
          return error
        },
      ],
    }
    const error = (await get(`${MOCK}/status/404`, { hooks, retry: false }).catch((e: unknown) => e)) as HTTPError
    expect(error.name).toBe('GitHubError')
    expect(String(error)).toBe('GitHubError: GitHub said 404')
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.status).toBe(404)
    expect(Object.keys(error)).not.toContain('name')
  })

  it('session hooks run before request hooks', async () => {
    const order: string[] = []
    const api = new Session({ baseUrl: MOCK, hooks: { beforeRequest: [() => void order.push('session')] } })
    await api.get('/get', { hooks: { beforeRequest: [() => void order.push('request')] } })
    expect(order).toEqual(['session', 'request'])
  })

  it('a throwing hook rejects the call with its error unchanged', async () => {
    const boom = new Error('hook failed')
    await expect(
      get(`${MOCK}/get`, {
        hooks: {
          beforeRequest: [
            () => {
              throw boom
            },
          ],
        },
      }),
    ).rejects.toBe(boom)
  })

  describe('the response an afterResponse hook replaces or throws on is released, not left to GC (issue 19)', () => {
    /** A fetch whose body records being cancelled. */
    function tracked() {
      const state = { cancelled: false }
      const fetch = (async () =>
        new Response(
          new ReadableStream({
            pull: (controller) => controller.enqueue(new TextEncoder().encode('x')),
            cancel: () => void (state.cancelled = true),
          }),
        )) as typeof globalThis.fetch
      return { state, fetch }
    }

    it('a replacement cancels the original body', async () => {
      const { state, fetch } = tracked()
      const response = await get('https://api.example.com/a', {
        fetch,
        hooks: { afterResponse: [(_, request) => new SureResponse(new Response('replaced'), request)] },
      })
      expect(await response.text()).toBe('replaced')
      expect(state.cancelled).toBe(true)
    })

    it('a throwing hook cancels it too, and its error goes through unchanged', async () => {
      const { state, fetch } = tracked()
      const boom = new Error('after failed')
      const hook = () => {
        throw boom
      }
      await expect(get('https://api.example.com/a', { fetch, hooks: { afterResponse: [hook] } })).rejects.toBe(boom)
      expect(state.cancelled).toBe(true)
    })

    it('returning the same response, or one over the same body, keeps it readable', async () => {
      const same = tracked()
      const kept = await get('https://api.example.com/a', { fetch: same.fetch, hooks: { afterResponse: [(response) => response] } })
      expect(same.state.cancelled).toBe(false)
      const reader = kept.body?.getReader()
      expect((await reader?.read())?.done).toBe(false)
      await reader?.cancel()
      const rewrapped = tracked()
      const wrapped = await get('https://api.example.com/a', {
        fetch: rewrapped.fetch,
        hooks: { afterResponse: [(response, request) => new SureResponse(response.raw, request)] },
      })
      expect(rewrapped.state.cancelled).toBe(false)
      await wrapped.body?.cancel()
    })
  })
})
