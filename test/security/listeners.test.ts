// Many calls sharing one signal (issue 17, low): more than 10 printed Node's
// MaxListenersExceededWarning, one listener per call. Now the calls linked to
// a signal share one listener, gone when the last call is done. Every vitest
// project (the warning itself is Node's; the abort behaviour is everyone's).
import { afterEach, describe, expect, inject, it } from 'vitest'
import { get } from '../../src/index.js'

const base = inject('base')
const proc = (globalThis as { process?: NodeJS.Process }).process
const warnings: string[] = []
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)

describe('a signal shared by many concurrent calls', () => {
  afterEach(() => {
    proc?.off?.('warning', onWarning)
  })

  it('50 concurrent calls print no MaxListenersExceededWarning and all succeed', async () => {
    proc?.on?.('warning', onWarning)
    const controller = new AbortController()
    const bodies = await Promise.all(Array.from({ length: 50 }, (_, i) => get(`${base}/delay/${20 + (i % 5) * 10}`, { signal: controller.signal }).json()))
    await new Promise((resolve) => setTimeout(resolve, 20)) // warnings are emitted on the next tick
    expect(bodies).toHaveLength(50)
    expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([])
  })

  it('aborting it rejects every call in flight with its reason', async () => {
    const controller = new AbortController()
    const calls = Array.from({ length: 50 }, (_, i) => get(`${base}/delay/2000?key=l${i}`, { signal: controller.signal }).catch((e: unknown) => e))
    setTimeout(() => controller.abort(new Error('shared stop')), 50)
    const errors = await Promise.all(calls)
    expect(errors.every((e) => e instanceof Error && e.message === 'shared stop')).toBe(true)
  })
})
