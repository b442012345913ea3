import { describe, expect, it } from 'vitest'
import { basicAuth, get, Session } from '../../src/index.js'
import { MOCK } from '../support/mock.js'

describe('Basic auth with non-Latin-1 credentials (RFC 7617, UTF-8)', () => {
  const path = `/basic-auth/${encodeURIComponent('jürgen')}/${encodeURIComponent('пароль')}`

  it('authenticates [user, password] against /basic-auth', async () => {
    const body = await get(`${MOCK}${path}`, { auth: ['jürgen', 'пароль'] }).json()
    expect(body).toEqual({ authenticated: true, user: 'jürgen' })
  })

  it('authenticates basicAuth() set on a session', async () => {
    const api = new Session({ baseUrl: MOCK, auth: basicAuth('jürgen', 'пароль') })
    expect((await api.get(path)).status).toBe(200)
  })

  it('sends the UTF-8 bytes, base64-encoded', async () => {
    const response = await get(`${MOCK}${path}`, { auth: ['jürgen', 'пароль'] })
    const encoded = response.request.headers.get('authorization')?.slice('Basic '.length) ?? ''
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0))
    expect(new TextDecoder().decode(bytes)).toBe('jürgen:пароль')
  })
})
