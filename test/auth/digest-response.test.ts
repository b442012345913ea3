import { describe, expect, it } from 'vitest'
import { parseAuthParams, parseChallenges } from '../../src/auth/challenge.js'
import { type DigestChallenge, type DigestInput, digestAuthorization, newCnonce, toDigestChallenge } from '../../src/auth/digest-response.js'

function challenge(header: string): DigestChallenge {
  const parsed = parseChallenges(header)[0]
  const digest = parsed && toDigestChallenge(parsed)
  if (!digest) throw new Error(`not a Digest challenge: ${header}`)
  return digest
}

async function answer(input: DigestInput): Promise<Record<string, string>> {
  const value = await digestAuthorization(input)
  expect(value).toMatch(/^Digest /)
  return Object.fromEntries(parseAuthParams(value.slice('Digest '.length)))
}

describe('digestAuthorization against the RFC examples', () => {
  it('RFC 2617 §3.5: MD5, qop=auth, user "Mufasa"', async () => {
    const fields = await answer({
      challenge: challenge(
        'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      ),
      qop: 'auth',
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    })
    expect(fields).toEqual({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    })
  })

  // RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5.
  it.each([
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
  ])('RFC 7616 §3.9.1: %s, qop=auth, user "Mufasa"', async (algorithm, response) => {
    const fields = await answer({
      challenge: challenge(
        `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
      ),
      qop: 'auth',
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    })
    expect(fields).toEqual({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      uri: '/dir/index.html',
      algorithm,
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      qop: 'auth',
      response,
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    })
  })

  // The RFC's printed username and response are not those of its inputs;
  // erratum 4897 (https://www.rfc-editor.org/errata/eid4897) corrects both.
  it('RFC 7616 §3.9.2 (with erratum 4897): SHA-512-256, a UTF-8 user name, userhash', async () => {
    const fields = await answer({
      challenge: challenge(
        'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true',
      ),
      qop: 'auth',
      username: 'J\u00e4s\u00f8n Doe',
      password: 'Secret, or not?',
      method: 'GET',
      uri: '/doe.json',
      nc: 1,
      cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
    })
    expect(fields.username).toBe('793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b')
    expect(fields.response).toBe('3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5')
    expect(fields.userhash).toBe('true')
    expect(fields.algorithm).toBe('SHA-512-256')
  })
})

describe('digestAuthorization', () => {
  const base = {
    qop: 'auth',
    username: 'user',
    password: 'passwd',
    method: 'GET',
    uri: '/x?y=1',
    nc: 1,
    cnonce: 'c',
  } as const

  it('sends a non-ASCII user name as username* (RFC 7616 §3.4.4, RFC 8187) when userhash is off', async () => {
    const value = await digestAuthorization({ ...base, challenge: challenge('Digest realm="r", nonce="n", qop="auth"'), username: "J\u00e4s\u00f8n Doe's" })
    expect(value).toContain(`username*=UTF-8''J%C3%A4s%C3%B8n%20Doe%27s`)
    expect(value).not.toMatch(/username=/)
  })

  it('escapes quotes in a user name and echoes realm, nonce and opaque as sent', async () => {
    const fields = await answer({ ...base, challenge: challenge('Digest realm="a \\"b\\"", nonce="n\\\\1", qop=auth, opaque="o"'), username: 'say "hi"' })
    expect(fields).toMatchObject({ username: 'say "hi"', realm: 'a "b"', nonce: 'n\\1', opaque: 'o' })
  })

  it('answers an RFC 2069 challenge (no qop) without nc and cnonce', async () => {
    const fields = await answer({ ...base, qop: undefined, challenge: challenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"') })
    expect(fields).not.toHaveProperty('nc')
    expect(fields).not.toHaveProperty('cnonce')
    expect(fields).not.toHaveProperty('qop')
    expect(fields).not.toHaveProperty('algorithm') // the challenge named none
    expect(fields.response).toMatch(/^[0-9a-f]{32}$/)
  })

  it('hashes the entity for auth-int, so another body gives another response', async () => {
    const digest = challenge('Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256')
    const one = await answer({ ...base, qop: 'auth-int', challenge: digest, entity: new TextEncoder().encode('one') })
    const two = await answer({ ...base, qop: 'auth-int', challenge: digest, entity: new TextEncoder().encode('two') })
    expect(one.qop).toBe('auth-int')
    expect(one.response).toMatch(/^[0-9a-f]{64}$/)
    expect(one.response).not.toBe(two.response)
  })

  it('keys H(A1) with the nonce and cnonce for -sess', async () => {
    const plainAnswer = await answer({ ...base, challenge: challenge('Digest realm="r", nonce="n", qop=auth, algorithm=MD5') })
    const sessA = await answer({ ...base, challenge: challenge('Digest realm="r", nonce="n", qop=auth, algorithm=MD5-sess') })
    const sessB = await answer({ ...base, cnonce: 'd', challenge: challenge('Digest realm="r", nonce="n", qop=auth, algorithm=MD5-sess') })
    expect(sessA.algorithm).toBe('MD5-sess')
    expect(new Set([plainAnswer.response, sessA.response, sessB.response]).size).toBe(3)
  })

  it('writes the nonce count as 8 hex digits', async () => {
    const fields = await answer({ ...base, nc: 255, challenge: challenge('Digest realm="r", nonce="n", qop=auth') })
    expect(fields.nc).toBe('000000ff')
  })

  it('never puts the password in the header', async () => {
    const value = await digestAuthorization({ ...base, password: 'hunter2-secret', challenge: challenge('Digest realm="r", nonce="n", qop=auth') })
    expect(value).not.toContain('hunter2')
  })
})

describe('toDigestChallenge', () => {
  it.each([
    ['Digest realm="r", nonce="n"', { hash: 'MD5', sess: false, algorithm: undefined, qops: [] }],
    ['Digest realm="r", nonce="n", algorithm=sha-256-SESS, qop="auth-int, auth"', { hash: 'SHA-256', sess: true, qops: ['auth-int', 'auth'] }],
    ['Digest realm="r", nonce="n", algorithm=SHA-512-256, stale=true, userhash=TRUE', { hash: 'SHA-512-256', stale: true, userhash: true }],
    ['Digest realm="r", nonce="n", algorithm="SHA-512", domain="/a /b"', { hash: 'SHA-512', domain: '/a /b' }],
  ])('reads %s', (header, expected) => {
    expect(challenge(header)).toMatchObject(expected)
  })

  it.each([
    ['another scheme', 'Basic realm="r"'],
    ['no nonce', 'Digest realm="r"'],
    ['an unknown algorithm', 'Digest realm="r", nonce="n", algorithm=SHA3-256'],
  ])('ignores %s', (_, header) => {
    const parsed = parseChallenges(header)[0]
    expect(parsed && toDigestChallenge(parsed)).toBeUndefined()
  })
})

it('newCnonce gives 32 random hex digits', () => {
  const a = newCnonce()
  expect(a).toMatch(/^[0-9a-f]{32}$/)
  expect(newCnonce()).not.toBe(a)
})
