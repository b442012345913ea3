import { describe, expect, it } from 'vitest'
import { parseBasicAuth } from '../../../mocks/routes/auth.js'
import { basicAuth, getJson, MOCK } from '../helpers.js'

describe('/basic-auth/:user/:passwd', () => {
  it.each([
    ['ASCII', 'user', 'passwd'],
    ['UTF-8', 'jürgen', 'pässwörd✓'],
    ['a colon in the password', 'user', 'pa:ss'],
  ])('accepts matching %s credentials', async (_, user, password) => {
    const path = `/basic-auth/${encodeURIComponent(user)}/${encodeURIComponent(password)}`
    const { status, body } = await getJson(path, { headers: { authorization: basicAuth(user, password) } })
    expect(status).toBe(200)
    expect(body).toEqual({ authenticated: true, user })
  })

  it.each([
    ['no Authorization', undefined],
    ['a wrong password', basicAuth('user', 'nope')],
    ['another scheme', 'Bearer token'],
    ['broken base64', 'Basic %%%'],
  ])('answers %s with 401 and a Basic challenge', async (_, authorization) => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization }
    const response = await fetch(`${MOCK}/basic-auth/user/passwd`, { headers })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Fake Realm"')
  })
})

describe('/hidden-basic-auth/:user/:passwd', () => {
  it('answers a failure with 404 and no challenge, and success with 200', async () => {
    const failure = await fetch(`${MOCK}/hidden-basic-auth/u/p`)
    expect(failure.status).toBe(404)
    expect(failure.headers.get('www-authenticate')).toBeNull()
    const ok = await getJson('/hidden-basic-auth/u/p', { headers: { authorization: basicAuth('u', 'p') } })
    expect(ok).toMatchObject({ status: 200, body: { authenticated: true, user: 'u' } })
  })
})

describe('/bearer', () => {
  it.each([
    ['no Authorization', {}],
    ['a Basic header', { authorization: basicAuth('u', 'p') }],
  ])('challenges %s with 401 and WWW-Authenticate: Bearer', async (_, headers) => {
    const response = await fetch(`${MOCK}/bearer`, { headers })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('echoes the token it gets', async () => {
    const { body } = await getJson('/bearer', { headers: { authorization: 'Bearer abc.def' } })
    expect(body).toEqual({ authenticated: true, token: 'abc.def' })
  })
})

describe('parseBasicAuth', () => {
  it.each([
    ['Basic dXNlcjpwYXNz', { user: 'user', password: 'pass' }],
    ['basic   dXNlcjpwYXNz ', { user: 'user', password: 'pass' }],
    [basicAuth('ünï', 'cödé'), { user: 'ünï', password: 'cödé' }],
    ['Basic OnBhc3M=', { user: '', password: 'pass' }],
    ['Basic dXNlcg==', null], // no colon
    ['Basic w6k6eA==', { user: 'é', password: 'x' }],
    ['Basic 6Tp4', null], // latin-1 é: not UTF-8
    ['Bearer dXNlcjpwYXNz', null],
    [null, null],
  ])('parses %j', (header, expected) => {
    expect(parseBasicAuth(header)).toEqual(expected)
  })
})
