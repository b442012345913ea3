import type { AuthFunction } from '../types.js'

/**
 * `Basic` credentials (RFC 7617), encoded as UTF-8 so that any password works
 * (requests encodes Latin-1 and fails on the rest).
 */
export function basicCredentials(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`)
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number)
  return `Basic ${btoa(binary)}`
}

/**
 * HTTP Basic auth.
 * @example new Session({ auth: basicAuth('alice', 'pässwörd') })   // same as auth: ['alice', 'pässwörd']
 */
export function basicAuth(user: string, password: string): AuthFunction {
  if (typeof user !== 'string' || typeof password !== 'string') {
    throw new TypeError('basicAuth(user, password) takes two strings')
  }
  const header = basicCredentials(user, password)
  return function basic(request) {
    request.headers.set('authorization', header)
  }
}
