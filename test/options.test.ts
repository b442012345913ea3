import { describe, expect, it } from 'vitest'
import { DEFAULTS, mergeOptions, normalizeRetry, normalizeTimeout, validateOptions } from '../src/options.js'
import type { ResolvedOptions } from '../src/context.js'
import type { RequestOptions } from '../src/types.js'

const merge = (...layers: RequestOptions[]): ResolvedOptions =>
  layers.reduce<ResolvedOptions>((acc, layer) => mergeOptions(acc, layer), DEFAULTS)

describe('mergeOptions (library ← session ← mount ← request)', () => {
  const one = () => 1
  const two = () => 2
  it.each<[string, RequestOptions[], Partial<ResolvedOptions>]>([
    ['a later scalar wins', [{ maxRedirects: 5 }, { maxRedirects: 7 }], { maxRedirects: 7 }],
    ['undefined means not given', [{ maxRedirects: 5 }, { maxRedirects: undefined }], { maxRedirects: 5 }],
    ['null auth removes inherited auth', [{ auth: ['u', 'p'] }, { auth: null }], { auth: null }],
    ['cookies merge key by key, null removes', [{ cookies: { a: '1', b: '2' } }, { cookies: { b: null, c: '3' } }], { cookies: { a: '1', c: '3' } }],
    ['record params merge key by key', [{ params: { a: 1, b: 2 } }, { params: { b: 3, c: null } }], { params: [['a', '1'], ['b', '3']] }],
    ['a later key replaces every earlier value', [{ params: [['t', 1], ['t', 2]] }, { params: { t: [3] } }], { params: [['t', '3']] }],
    ['null params key removes it', [{ params: { a: 1, b: 2 } }, { params: { a: null } }], { params: [['b', '2']] }],
    ['string params are appended verbatim', [{ params: 'a=1' }, { params: { b: 2 } }], { params: 'a=1&b=2' }],
    ['timeout numbers become total', [{ timeout: 5000 }], { timeout: { attempt: 10_000, read: 30_000, total: 5000 } }],
    ['timeout objects merge by phase', [{ timeout: { attempt: 1 } }, { timeout: { read: 2 } }], { timeout: { attempt: 1, read: 2 } }],
    ['timeout false disables all', [{ timeout: 5 }, { timeout: false }], { timeout: false }],
    ['a timeout after false starts from nothing', [{ timeout: false }, { timeout: { read: 9 } }], { timeout: { read: 9 } }],
    ['retry numbers become limit', [{ retry: 5 }], { retry: { limit: 5 } }],
    ['retry 0 disables', [{ retry: 0 }], { retry: false }],
    ['retry objects merge by key', [{ retry: { limit: 4, methods: ['GET'] } }, { retry: { limit: 1 } }], { retry: { limit: 1, methods: ['GET'] } }],
    ['hooks concatenate, earlier first', [{ hooks: { beforeError: [one as never] } }, { hooks: { beforeError: [two as never] } }], { hooks: { beforeRequest: [], afterResponse: [], beforeRetry: [], beforeError: [one, two] } as never }],
  ])('%s', (_name, layers, expected) => {
    expect(merge(...layers)).toMatchObject(expected)
  })

  it('does not mutate either side', () => {
    const base = merge({ cookies: { a: '1' } })
    const snapshot = JSON.stringify(base)
    mergeOptions(base, { cookies: { a: null } })
    expect(JSON.stringify(base)).toBe(snapshot)
    expect(Object.isFrozen(DEFAULTS)).toBe(true)
  })

  it('returns the base itself when nothing is merged (no work per call)', () => {
    expect(mergeOptions(DEFAULTS, undefined)).toBe(DEFAULTS)
  })
})

describe('validation names the option and the bad value', () => {
  it.each<[string, RequestOptions, RegExp, ErrorConstructor]>([
    ['two body kinds', { json: {}, form: {} } as never, /only one of json, form, multipart and body.*got both json and form/, TypeError],
    ['two body kinds (multipart and body)', { multipart: {}, body: 'x' } as never, /got both multipart and body/, TypeError],
    ['a bad method', { method: 'GE T' }, /method must be an HTTP method token, got "GE T"/, TypeError],
    ['a bad fetch', { fetch: 'nope' as never }, /fetch must be a function, got "nope"/, TypeError],
    ['a bad redirect', { redirect: 'sometimes' as never }, /redirect must be .* got "sometimes"/, TypeError],
    ['negative maxRedirects', { maxRedirects: -1 }, /maxRedirects must be a non-negative integer, got -1/, RangeError],
    ['a bad signal', { signal: {} as never }, /signal must be an AbortSignal, got an object/, TypeError],
    ['bad auth', { auth: ['only-user'] as never }, /auth must be \[user, password\], a function or an auth scheme, got an array of 1/, TypeError],
    ['bad throwHttpErrors', { throwHttpErrors: 'yes' as never }, /throwHttpErrors must be a boolean or a function/, TypeError],
  ])('rejects %s', (_name, options, message, type) => {
    expect(() => validateOptions(options, 'request')).toThrow(type)
    expect(() => validateOptions(options, 'request')).toThrow(message)
  })

  it.each([-1, Number.NaN, '5', null, true])('rejects timeout %j with a RangeError', (value) => {
    expect(() => normalizeTimeout(value)).toThrow(RangeError)
  })

  it.each([[{ attempt: -5 }, /timeout.attempt must be a non-negative number of ms, got -5/], [{ read: Number.NaN }, /timeout.read .* got NaN/]])(
    'rejects timeout phase %j naming it',
    (value, message) => {
      expect(() => normalizeTimeout(value)).toThrow(message)
    },
  )

  it.each([[-1, /retry must be a non-negative integer, got -1/], [1.5, /got 1.5/], [{ limit: -2 }, /retry.limit .* got -2/]])(
    'rejects retry %j',
    (value, message) => {
      expect(() => normalizeRetry(value)).toThrow(message)
    },
  )

  it('rejects hooks that are not arrays of functions', () => {
    expect(() => mergeOptions(DEFAULTS, { hooks: { beforeRequest: 'x' as never } })).toThrow(
      /hooks.beforeRequest must be an array of functions, got "x"/,
    )
  })
})
