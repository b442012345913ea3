// Credentials never cross origins (SPEC §6), on two real servers (two ports).
import { describe, expect, inject, it } from 'vitest'
import { get, Session } from '../../src/index.js'
import { isBrowserLike } from '../../src/util/runtime.js'

const base = inject('base')
const other = inject('base2')

type Echo = { headers: Record<string, string | undefined> }

describe.skipIf(isBrowserLike())('a redirect to another origin', () => {
  it('a session sends Authorization to the first origin only', async () => {
    const api = new Session({ auth: ['user', 'secret'], headers: { 'proxy-authorization': 'Basic x' } })
    const same = await api.get(`${base}/redirect-to?url=${encodeURIComponent(`${base}/echo`)}`).json<Echo>()
    expect(same.headers.authorization).toBe(`Basic ${btoa('user:secret')}`)
    const response = await api.get(`${base}/redirect-to?url=${encodeURIComponent(`${other}/echo`)}`)
    const body = await response.json<Echo>()
    expect(response.history).toHaveLength(1)
    expect(body.headers.authorization).toBeUndefined()
    expect(body.headers['proxy-authorization']).toBeUndefined()
  })

  it('an explicit Cookie header is dropped on the other origin', async () => {
    const api = new Session({ headers: { cookie: 'sid=1' } })
    const body = await api.get(`${base}/redirect-to?url=${encodeURIComponent(`${other}/echo`)}`).json<Echo>()
    expect(body.headers.cookie).toBeUndefined()
  })

  it('a one-shot call (native redirect) does not carry Authorization either', async () => {
    const body = await get(`${base}/redirect-to?url=${encodeURIComponent(`${other}/echo`)}`, {
      auth: ['user', 'secret'],
    }).json<Echo>()
    expect(body.headers.authorization).toBeUndefined()
  })
})
