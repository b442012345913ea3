// Issue 17: every parser of what a server sends is linear in its input — no
// ReDoS-like blow-up on hostile headers or bodies (runs of spaces, `;`, `,`,
// `\r`, unterminated quotes …). Each case times 50 kB against 400 kB of the
// same pattern: linear is 8x, quadratic 64x; the bound, 30x, leaves room for
// a loaded machine. Timings are the best of a few alternating runs, each long
// enough (≥ 10 ms for the small input) for a coarse timer.
import { describe, expect, it } from 'vitest'
import { parseAuthParams, parseChallenges } from '../../src/auth/challenge.js'
import { parseCookieDate, parseSetCookie } from '../../src/cookies/parse.js'
import { SureResponse } from '../../src/response.js'
import { parseLinks } from '../../src/util/links.js'
import { parseRetryAfter, retryAfterMs } from '../../src/util/retry-after.js'
import { fakeRequest } from '../support/request.js'

const SMALL = 50_000
const LARGE = 400_000
const LIMIT = 30
const request = fakeRequest('https://api.example.com/')

/** `pattern` repeated to (about) `size` characters, between `head` and `tail`. */
const fill = (head: string, pattern: string, size: number, tail = '') =>
  head + pattern.repeat(Math.ceil(size / pattern.length)) + tail

/** Time of `reps` calls of `run`. */
async function timed(run: () => unknown, reps: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < reps; i++) await run()
  return performance.now() - started
}

/** Large-input time over small-input time, best of alternating runs. */
async function growth(parse: (input: string) => unknown, make: (size: number) => string): Promise<number> {
  const small = make(SMALL)
  const large = make(LARGE)
  await parse(small)
  await parse(large)
  // Enough calls that the small input takes ≥ 10 ms, twice (workerd's timer moves in 1 ms steps).
  let reps = 1
  while (reps < 65_536) {
    const once = Math.min(await timed(() => parse(small), reps), await timed(() => parse(small), reps))
    if (once >= 10) break
    reps *= 2
  }
  let bestSmall = Number.POSITIVE_INFINITY
  let bestLarge = Number.POSITIVE_INFINITY
  for (let round = 0; round < 3; round++) {
    bestSmall = Math.min(bestSmall, await timed(() => parse(small), reps))
    bestLarge = Math.min(bestLarge, await timed(() => parse(large), reps))
  }
  return bestLarge / Math.max(bestSmall, 0.001)
}

type Case = [name: string, make: (size: number) => string]

// Timed in the node project only (half a minute of CPU per project
// otherwise): the parsers are the same code on every runtime. The iterators'
// linearity on each runtime's own streams is checked in every project by
// test/security/streams.test.ts (one 16 MiB line against one of 2 MiB).
const node = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof navigator === 'undefined'

function linear(parse: (input: string) => unknown, cases: Case[], test: typeof it | typeof it.skip = node ? it : it.skip) {
  test.each(cases)('%s', async (_name, make) => {
    // Measured again before failing: a quadratic parser fails twice, a busy machine rarely does.
    let ratio = await growth(parse, make)
    if (ratio >= LIMIT) ratio = await growth(parse, make)
    expect(ratio).toBeLessThan(LIMIT)
  }, 60_000)
}

describe('Link header (util/links.ts)', () => {
  linear(parseLinks, [
    ['spaces', (n) => fill('<https://a/>;', ' ', n, 'rel=next')],
    ['semicolons', (n) => fill('<https://a/>', ';', n)],
    ['commas', (n) => fill('', ',', n)],
    ['unterminated quote', (n) => fill('<https://a/>; rel="', 'a', n)],
    ['unterminated bracket', (n) => fill('<', 'a', n)],
    ['escaped quotes', (n) => fill('<https://a/>; title="', '\\"', n, '"; rel=next')],
    ['many links', (n) => fill('', '<https://a/>; rel=x, ', n)],
    ['many parameters', (n) => fill('<https://a/>; rel=next', '; p=1', n)],
    ['many relation types', (n) => fill('<https://a/>; rel="', 'r ', n, '"')],
    ['many links of distinct relation types', (n) => {
      let header = ''
      for (let i = 0; header.length < n; i++) header += `<https://a/>; rel=r${i},`
      return header
    }],
    ['many relation types and parameters on one target', (n) => {
      let header = '<https://a/>; rel="'
      for (let i = 0; header.length < n / 2; i++) header += `r${i} `
      header += '"'
      for (let i = 0; header.length < n; i++) header += `; p${i}`
      return header
    }],
    ['carriage returns', (n) => fill('<https://a/>; rel="', '\r', n, '"')],
  ])
})

describe('Retry-After (util/retry-after.ts)', () => {
  linear(parseRetryAfter, [
    ['spaces', (n) => fill('', ' ', n, '1x')],
    ['digits', (n) => fill('', '1', n, 'x')],
    ['a long date-like value', (n) => fill('Sun, 06 Nov 1994 08:49:37', ' ', n, 'GMT')],
    ['commas', (n) => fill('Sun', ',', n)],
    ['carriage returns', (n) => fill('1', '\r', n)],
  ])
  linear((value) => retryAfterMs(new Headers({ 'x-ratelimit-reset': value })), [
    ['RateLimit-Reset: digits and dots', (n) => fill('1.', '1', n, '.x')],
  ])
})

describe('WWW-Authenticate (auth/challenge.ts)', () => {
  linear(parseChallenges, [
    ['spaces', (n) => fill('Digest', ' ', n, 'realm=x')],
    ['commas', (n) => fill('Digest', ',', n)],
    ['many schemes', (n) => fill('', 'a ', n)],
    ['many parameters', (n) => fill('Digest ', 'a=b, ', n)],
    ['a long token68 not alone', (n) => fill('Negotiate ', 'a', n, ' x')],
    ['equals signs', (n) => fill('Negotiate a', '=', n, ' =')],
    ['stray characters', (n) => fill('Digest ', '"@', n)],
    ['semicolons', (n) => fill('Digest realm', ';', n)],
  ])
  linear(parseAuthParams, [['bare parameter list with spaces', (n) => fill('nextnonce', ' ', n, '= x')]])
  // Scanner.quoted() once appended one character at a time (`value += char`),
  // measured 12-170x here; it now joins the runs between escapes.
  linear(
    parseChallenges,
    [
      ['unterminated quote', (n) => fill('Digest realm="', 'a', n)],
      ['escapes in a quote', (n) => fill('Digest realm="', '\\a', n, '"')],
    ],
  )
})

describe('Set-Cookie (cookies/parse.ts)', () => {
  const now = Date.UTC(2026, 0, 1)
  linear((header) => parseSetCookie(header, now), [
    ['semicolons', (n) => fill('a=b', ';', n)],
    ['spaces', (n) => fill('a=b;', ' ', n, 'path=/')],
    ['equals signs', (n) => fill('a', '=', n)],
    ['unterminated quote', (n) => fill('a="', 'b', n)],
    ['many attributes', (n) => fill('a=b', '; Path=/', n)],
    ['an Expires of spaces', (n) => fill('a=b; Expires=', ' ', n, 'x')],
    ['an Expires of digits', (n) => fill('a=b; Expires=', '1', n)],
    ['an Expires of carriage returns', (n) => fill('a=b; Expires=1', '\r', n)],
    ['an Expires of commas', (n) => fill('a=b; Expires=', ',', n)],
    ['a Max-Age of digits', (n) => fill('a=b; Max-Age=', '1', n, 'x')],
    ['a Domain of dots', (n) => fill('a=b; Domain=', '.', n)],
  ])
  linear(parseCookieDate, [['date tokens of a colon run', (n) => fill('1', ':1', n, ' Jan 2026')]])
})

describe('content-type charset (response.ts)', () => {
  const encoding = (contentType: string) =>
    new SureResponse(new Response(null, { headers: { 'content-type': contentType } }), request).encoding
  linear(encoding, [
    ['spaces after a semicolon', (n) => fill('text/plain;', ' ', n, 'x')],
    ['semicolons', (n) => fill('text/plain', ';', n)],
    ['spaces around charset', (n) => fill('text/plain; charset', ' ', n, '= utf-8')],
    ['an unterminated quoted charset', (n) => fill('text/plain; charset="', 'a', n)],
    ['many charset attempts', (n) => fill('text/plain', '; charset', n)],
    ['tabs', (n) => fill('text/plain;', '\t', n, 'charset=utf-8')],
  ])
})

/** A response whose body is `text`, in chunks of `size` bytes. */
function chunked(text: string, size = 1000): SureResponse {
  const bytes = new TextEncoder().encode(text)
  let at = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(at, at + size))
      at += size
    },
  })
  return new SureResponse(new Response(stream), request)
}

async function count(items: AsyncIterable<unknown>): Promise<number> {
  let n = 0
  for await (const _ of items) n++
  return n
}

describe('body iterators over a stream (stream/)', () => {
  // Chunks of 1000 bytes: odd patterns put a `\r\n` or a delimiter across every boundary.
  linear((text) => count(chunked(text).lines()), [
    ['carriage returns', (n) => fill('', '\r', n)],
    ['CRLF pairs across chunks', (n) => fill('x', '\r\n', n)],
    ['one line without terminator', (n) => fill('', 'x', n)],
    ['lone CRs and LFs', (n) => fill('', 'a\rb\n', n)],
  ])
  linear((text) => count(chunked(text).lines({ delimiter: '||' })), [
    ['a delimiter run', (n) => fill('', '|', n)],
    ['one long line with a custom delimiter', (n) => fill('', 'x|', n)],
  ])
  linear((text) => count(chunked(text).lines({ delimiter: 'ab' })), [
    ['a delimiter prefix at every boundary', (n) => fill('', 'a', n)],
  ])
  linear((text) => count(chunked(text).ndjson()), [
    ['blank lines', (n) => fill('', '\n', n)],
    ['whitespace lines', (n) => fill('', ' \r\n', n)],
    ['one long value', (n) => fill('"', 'x', n, '"')],
  ])
  linear((text) => count(chunked(text).sse()), [
    ['one event of many data lines', (n) => fill('', 'data:\n', n, '\n')],
    ['comments', (n) => fill('', ':\r', n)],
    ['blank lines', (n) => fill('', '\n', n)],
    ['one long data line', (n) => fill('data: ', 'x', n, '\n\n')],
    ['colons', (n) => fill('data', ':', n, '\n\n')],
    ['many fields', (n) => fill('', 'id: 1\nevent: e\nretry: 5\n', n, 'data: x\n\n')],
  ])
})
