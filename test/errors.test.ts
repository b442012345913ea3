import { describe, expect, it } from 'vitest'
import { CircuitOpenError, NetworkError, RequestError, TimeoutError } from '../src/errors.js'
import { HTTPError, ParseError, TooManyRedirectsError } from '../src/response.js'
import { SureResponse } from '../src/response.js'
import { fakeRequest } from './support/request.js'
import { redactText, redactUrl } from '../src/util/redact.js'

const request = fakeRequest

function response(status: number, statusText: string, url = 'https://api.example.com/items', body = 'secret body') {
  return new SureResponse(new Response(body, { status, statusText }), request(url))
}

describe('error messages', () => {
  it('HTTPError: status, reason, method and URL on one line', () => {
    const error = new HTTPError(response(404, 'Not Found', 'https://api.github.com/invalid'))
    expect(error.message).toBe('404 Not Found — GET https://api.github.com/invalid')
    expect(String(error)).toBe('HTTPError: 404 Not Found — GET https://api.github.com/invalid')
    expect(error.status).toBe(404)
  })

  it('never contains the body, and the body stays readable', async () => {
    const error = new HTTPError(response(500, 'Internal Server Error'))
    expect(error.message).not.toContain('secret body')
    expect(await error.response.text()).toBe('secret body')
  })

  it('TimeoutError names the phase and the limit', () => {
    const error = new TimeoutError(request(), 'attempt', 10_000)
    expect(error.message).toBe('attempt timeout of 10000 ms exceeded — GET https://api.example.com/items')
    expect(error.phase).toBe('attempt')
    expect(error.timeout).toBe(10_000)
  })

  it('NetworkError gives the system error code hidden in the cause', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })
    const error = new NetworkError(request('http://127.0.0.1:59999/'), cause)
    expect(error.message).toBe('network error (fetch failed: ECONNREFUSED) — GET http://127.0.0.1:59999/')
    expect(error.cause).toBe(cause)
  })

  it('NetworkError masks credentials quoted by the runtime', () => {
    const error = new NetworkError(request(), new TypeError('bad URL https://bob:hunter2@x/'))
    expect(error.message).not.toContain('hunter2')
  })

  it('ParseError carries a snippet of at most 200 characters', () => {
    const error = new ParseError(response(200, 'OK'), 'invalid JSON', 'x'.repeat(500))
    expect(error.snippet).toHaveLength(200)
    expect(error.message).toBe('invalid JSON — 200 GET https://api.example.com/items')
  })

  it('TooManyRedirectsError and CircuitOpenError read as one line', () => {
    expect(new TooManyRedirectsError(response(302, 'Found'), 30).message).toBe(
      'more than 30 redirects — GET https://api.example.com/items',
    )
    const open = new CircuitOpenError(request(), 'https://api.example.com', Date.UTC(2026, 0, 1))
    expect(open.message).toBe(
      'circuit open for https://api.example.com until 2026-01-01T00:00:00.000Z — GET https://api.example.com/items',
    )
    expect(open.message).not.toContain('\n')
  })

  it('redacts credentials and password-like query values from every message', () => {
    const url = 'https://bob:hunter2@api.example.com/x?page=2&api_key=abc&password=p%40ss&access_token=t'
    const message = new HTTPError(response(401, 'Unauthorized', url)).message
    for (const secret of ['hunter2', 'bob', 'abc', 'p%40ss', '=t']) expect(message).not.toContain(secret)
    expect(message).toContain('page=2')
    expect(message).toBe('401 Unauthorized — GET https://***:***@api.example.com/x?page=2&api_key=***&password=***&access_token=***')
  })
})

describe('toJSON', () => {
  it('serialises for structured logs without secrets or circular references', () => {
    const url = 'https://bob:hunter2@api.example.com/x?token=abc'
    const error = new HTTPError(response(503, 'Service Unavailable', url))
    error.retryAfter = 5000
    const json = JSON.parse(JSON.stringify(error))
    expect(json).toEqual({
      name: 'HTTPError',
      message: '503 Service Unavailable — GET https://***:***@api.example.com/x?token=***',
      method: 'GET',
      url: 'https://***:***@api.example.com/x?token=***',
      attempts: 1,
      status: 503,
      retryAfter: 5000,
    })
    expect(JSON.stringify(error)).not.toContain('hunter2')
  })

  it('includes the phase of a TimeoutError', () => {
    expect(JSON.parse(JSON.stringify(new TimeoutError(request(), 'read', 30_000)))).toMatchObject({ phase: 'read', timeout: 30_000 })
  })
})

describe('redaction helpers', () => {
  it.each([
    ['https://x/a', 'https://x/a'],
    ['https://x/a?q=1', 'https://x/a?q=1'],
    ['https://x/a?Secret=1&clientSecret=2&SIG=3', 'https://x/a?Secret=***&clientSecret=***&SIG=***'],
    ['https://u@x/', 'https://***@x/'],
    ['not a url user:pw@', 'not a url user:pw@'],
  ])('redactUrl(%s)', (input, expected) => {
    expect(redactUrl(input)).toBe(expected)
  })
  it('redactText masks userinfo in free text', () => {
    expect(redactText('failed for http://a:b@h/p and ftp://c@d')).toBe('failed for http://***:***@h/p and ftp://***@d')
  })
})

describe('classes', () => {
  const made: Array<[string, RequestError]> = [
    ['HTTPError', new HTTPError(response(500, 'x'))],
    ['TimeoutError', new TimeoutError(request(), 'total', 1)],
    ['NetworkError', new NetworkError(request(), new Error('x'))],
    ['ParseError', new ParseError(response(200, 'OK'), 'x', '')],
    ['TooManyRedirectsError', new TooManyRedirectsError(response(302, 'x'), 1)],
    ['CircuitOpenError', new CircuitOpenError(request(), 'o', 0)],
  ]
  it.each(made)('%s has name equal to its class and is a RequestError and an Error', (name, error) => {
    expect(error.name).toBe(name)
    expect(error).toBeInstanceOf(RequestError)
    expect(error).toBeInstanceOf(Error)
    expect(error.request.method).toBe('GET')
  })

  it('instanceof does not confuse sibling classes', () => {
    const error = new TimeoutError(request(), 'total', 1)
    expect(error instanceof HTTPError).toBe(false)
    expect(error instanceof TimeoutError).toBe(true)
  })

  it('instanceof holds for an error from another copy of the library (by Symbol.for brand)', () => {
    // What a second copy (the CJS build, another bundle) produces: same brand, unrelated prototype.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('surefetch.error')]: 'HTTPError' })
    expect(foreign instanceof HTTPError).toBe(true)
    expect(foreign instanceof RequestError).toBe(true)
    expect(foreign instanceof TimeoutError).toBe(false)
    expect(new Error('plain') instanceof RequestError).toBe(false)
  })

  it('a user subclass is matched by prototype only', () => {
    class MyError extends HTTPError {}
    const theirs = new MyError(response(500, 'x'))
    expect(theirs instanceof MyError).toBe(true)
    expect(new HTTPError(response(500, 'x')) instanceof MyError).toBe(false)
  })
})
