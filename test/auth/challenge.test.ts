import { describe, expect, it } from 'vitest'
import { type Challenge, parseAuthParams, parseChallenges } from '../../src/auth/challenge.js'

/** A challenge as plain data, for toEqual. */
function plain(challenge: Challenge): Record<string, unknown> {
  const out: Record<string, unknown> = { scheme: challenge.scheme, params: Object.fromEntries(challenge.params) }
  if (challenge.token68 !== undefined) out.token68 = challenge.token68
  return out
}

describe('parseChallenges', () => {
  it.each<[string, string | null, Array<Record<string, unknown>>]>([
    ['nothing', null, []],
    ['an empty header', '', []],
    ['a bare scheme', 'Bearer', [{ scheme: 'bearer', params: {} }]],
    ['Basic with a realm', 'Basic realm="Fake Realm"', [{ scheme: 'basic', params: { realm: 'Fake Realm' } }]],
    [
      'httpbin’s Digest challenge',
      'Digest realm="me@kennethreitz.com", nonce="6a10", qop="auth", opaque="aaeb", algorithm=MD5, stale=FALSE',
      [{ scheme: 'digest', params: { realm: 'me@kennethreitz.com', nonce: '6a10', qop: 'auth', opaque: 'aaeb', algorithm: 'MD5', stale: 'FALSE' } }],
    ],
    [
      'spaces around "=" and commas, tabs, a lower-case scheme',
      'digest  realm = "r" ,\tnonce= "n",qop =auth ,  algorithm="SHA-256"',
      [{ scheme: 'digest', params: { realm: 'r', nonce: 'n', qop: 'auth', algorithm: 'SHA-256' } }],
    ],
    [
      'escaped quotes and backslashes in a quoted-string',
      'Digest realm="say \\"hi\\" \\\\ there", nonce="a,b=c"',
      [{ scheme: 'digest', params: { realm: 'say "hi" \\ there', nonce: 'a,b=c' } }],
    ],
    [
      'several challenges in one header',
      'Basic realm="x", Digest realm="y", qop="auth,auth-int", nonce="n1"',
      [
        { scheme: 'basic', params: { realm: 'x' } },
        { scheme: 'digest', params: { realm: 'y', qop: 'auth,auth-int', nonce: 'n1' } },
      ],
    ],
    [
      'two Digest challenges (as Headers.get joins two header lines)',
      'Digest realm="a", algorithm=SHA-256, nonce="1", Digest realm="a", algorithm=MD5, nonce="1"',
      [
        { scheme: 'digest', params: { realm: 'a', algorithm: 'SHA-256', nonce: '1' } },
        { scheme: 'digest', params: { realm: 'a', algorithm: 'MD5', nonce: '1' } },
      ],
    ],
    [
      'RFC 7235 §4.1’s example',
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      [
        { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
        { scheme: 'basic', params: { realm: 'simple' } },
      ],
    ],
    [
      'token68 forms',
      'Negotiate abc+/def==, Bearer, NTLM TlRMTVNTUAACAAAA',
      [
        { scheme: 'negotiate', params: {}, token68: 'abc+/def==' },
        { scheme: 'bearer', params: {} },
        { scheme: 'ntlm', params: {}, token68: 'TlRMTVNTUAACAAAA' },
      ],
    ],
    [
      'a Bearer error challenge (RFC 6750 §3)',
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      [{ scheme: 'bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } }],
    ],
    ['an empty quoted value and an empty token value', 'Digest opaque="", stale=', [{ scheme: 'digest', params: { opaque: '', stale: '' } }]],
    ['a repeated parameter: the first wins', 'Digest realm="a", realm="b"', [{ scheme: 'digest', params: { realm: 'a' } }]],
    ['an unterminated quoted-string runs to the end', 'Digest realm="open, nonce=x', [{ scheme: 'digest', params: { realm: 'open, nonce=x' } }]],
    ['stray characters are skipped', '@@ Digest ;realm="r"', [{ scheme: 'digest', params: { realm: 'r' } }]],
    ['leading commas (empty list elements)', ', , Basic realm="x"', [{ scheme: 'basic', params: { realm: 'x' } }]],
  ])('parses %s', (_, header, expected) => {
    expect(parseChallenges(header).map(plain)).toEqual(expected)
  })

  it('lower-cases parameter names but keeps values', () => {
    const [challenge] = parseChallenges('Digest REALM="MixedCase", Algorithm=sha-256')
    expect(challenge?.params.get('realm')).toBe('MixedCase')
    expect(challenge?.params.get('algorithm')).toBe('sha-256')
  })
})

describe('parseAuthParams', () => {
  it.each<[string | null, Record<string, string>]>([
    ['nextnonce="abc", qop=auth, rspauth="d3", cnonce="c", nc=00000001', { nextnonce: 'abc', qop: 'auth', rspauth: 'd3', cnonce: 'c', nc: '00000001' }],
    ['  nextnonce = "a\\"b" ', { nextnonce: 'a"b' }],
    [null, {}],
  ])('parses %j', (value, expected) => {
    expect(Object.fromEntries(parseAuthParams(value))).toEqual(expected)
  })
})
