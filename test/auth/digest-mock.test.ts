// The mock's /digest-auth routes, checked with plain fetch and answers
// computed by the client's RFC-vector-tested digestAuthorization, so that a
// digest test failing points at the client, not at the mock.
import { describe, expect, it } from 'vitest'
import { parseChallenges } from '../../src/auth/challenge.js'
import { type DigestChallenge, digestAuthorization, toDigestChallenge } from '../../src/auth/digest-response.js'
import { MOCK } from '../support/mock.js'

async function challengeOf(path: string, init?: RequestInit): Promise<{ response: Response; challenge: DigestChallenge }> {
  const response = await fetch(`${MOCK}${path}`, init)
  const parsed = parseChallenges(response.headers.get('www-authenticate'))[0]
  const challenge = parsed && toDigestChallenge(parsed)
  if (!challenge) throw new Error(`no Digest challenge from ${path} (status ${response.status})`)
  return { response, challenge }
}

function answer(challenge: DigestChallenge, path: string, nc: number, overrides: { password?: string; qop?: 'auth' | 'auth-int' } = {}) {
  return digestAuthorization({
    challenge,
    qop: overrides.qop ?? 'auth',
    username: 'user',
    password: overrides.password ?? 'passwd',
    method: 'GET',
    uri: path,
    nc,
    cnonce: `c${nc}`,
  })
}

describe('the mock /digest-auth routes', () => {
  it('challenge like httpbin: 401, realm, nonce, qop, opaque, algorithm, stale=FALSE', async () => {
    const { response } = await challengeOf('/digest-auth/auth/user/passwd/SHA-256')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Digest realm="me@kennethreitz\.com", nonce="[0-9a-f]{32}", qop="auth", opaque="[0-9a-f]{32}", algorithm=SHA-256, stale=FALSE$/,
    )
  })

  it.each([
    ['/digest-auth/auth-int/user/passwd', ['auth-int'], 'MD5'],
    ['/digest-auth/other/user/passwd/SHA-512', ['auth', 'auth-int'], 'SHA-512'],
    ['/digest-auth/auth/user/passwd/SHA3-999', ['auth'], 'MD5'],
  ])('%s offers qop %j with %s', async (path, qops, hash) => {
    const { challenge } = await challengeOf(path)
    expect(challenge.qops).toEqual(qops)
    expect(challenge.hash).toBe(hash)
  })

  it('accepts a correct answer once per nonce count, and rejects a replayed one', async () => {
    const path = '/digest-auth/auth/user/passwd/MD5'
    const { challenge } = await challengeOf(path)
    const first = await answer(challenge, path, 1)
    expect((await fetch(`${MOCK}${path}`, { headers: { authorization: first } })).status).toBe(200)
    expect((await fetch(`${MOCK}${path}`, { headers: { authorization: first } })).status).toBe(401)
    expect((await fetch(`${MOCK}${path}`, { headers: { authorization: await answer(challenge, path, 2) } })).status).toBe(200)
  })

  it('rejects a wrong password with a fresh, non-stale challenge', async () => {
    const path = '/digest-auth/auth/user/passwd/SHA-256'
    const { challenge } = await challengeOf(path)
    const { challenge: next } = await challengeOf(path, { headers: { authorization: await answer(challenge, path, 1, { password: 'nope' }) } })
    expect(next.stale).toBe(false)
    expect(next.nonce).not.toBe(challenge.nonce)
  })

  it('calls a correct answer to a nonce it never issued stale', async () => {
    const path = '/digest-auth/auth/user/passwd/MD5'
    const { challenge } = await challengeOf(path)
    const forged = { ...challenge, nonce: 'not-issued-here' }
    const { challenge: next } = await challengeOf(path, { headers: { authorization: await answer(forged, path, 1) } })
    expect(next.stale).toBe(true)
  })

  it('rejects an answer whose opaque is not the one issued', async () => {
    const path = '/digest-auth/auth/user/passwd/MD5'
    const { challenge } = await challengeOf(path)
    const response = await fetch(`${MOCK}${path}`, { headers: { authorization: await answer({ ...challenge, opaque: 'other' }, path, 1) } })
    expect(response.status).toBe(401)
  })

  it('lets a nonce authenticate stale_after requests, then calls it stale', async () => {
    const path = '/digest-auth/auth/user/passwd/MD5/2'
    const { challenge } = await challengeOf(path)
    for (const nc of [1, 2]) {
      expect((await fetch(`${MOCK}${path}`, { headers: { authorization: await answer(challenge, path, nc) } })).status).toBe(200)
    }
    const { challenge: next } = await challengeOf(path, { headers: { authorization: await answer(challenge, path, 3) } })
    expect(next.stale).toBe(true)
  })
})
