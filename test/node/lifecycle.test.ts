// Node-only: what a Node process observes — listeners on a shared signal, and
// whether a finished call leaves anything that keeps the process alive.
import { execFile } from 'node:child_process'
import { getEventListeners } from 'node:events'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'
import { get } from '../../src/index.js'

const base = inject('base')
const root = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

describe('signals shared by many calls', () => {
  it('a long-lived user signal keeps no listeners after 200 calls', async () => {
    const controller = new AbortController()
    for (let i = 0; i < 200; i++) {
      await get(`${base}/json`, { signal: controller.signal, timeout: { total: 5000 } }).json()
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('a listener is held only while the body is being read', async () => {
    const controller = new AbortController()
    const response = await get(`${base}/drip?chunks=3&interval=30`, { signal: controller.signal })
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    const reading = response.text()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    await reading
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('failed calls release their listeners too', async () => {
    const controller = new AbortController()
    for (let i = 0; i < 20; i++) {
      await get(`${base}/status/500`, { signal: controller.signal, retry: false }).catch(() => undefined)
      await get(`${base}/stall`, { signal: controller.signal, retry: false, timeout: { attempt: 20 } }).catch(() => undefined)
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})

describe('process lifetime', () => {
  const script = (body: string) => `
    const { get } = await import(${JSON.stringify(resolve(root, 'dist/index.js'))});
    const url = ${JSON.stringify(`${base}/json`)};
    ${body}
  `
  it.each([
    ['after reading the body', 'console.log(JSON.stringify(await get(url, { timeout: { total: 60_000 } }).json()))'],
    ['without reading the body', 'console.log((await get(url, { timeout: { total: 60_000 } })).status)'],
  ])('a process with a 60 s total timeout exits as soon as it has its answer (%s)', async (_name, body) => {
    const started = Date.now()
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(body)], { timeout: 30_000 })
    expect(stdout.trim()).toMatch(/hello|200/)
    expect(Date.now() - started).toBeLessThan(15_000) // far below the 60 s a pending timer would hold it
  }, 40_000)

  it('a custom fetch that never settles rejects with a TimeoutError after ~100 ms (the timer keeps the process alive)', async () => {
    const started = Date.now()
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(`
      const error = await get(url, { timeout: 100, fetch: () => new Promise(() => {}) }).catch((e) => e);
      console.log(error.name, error.phase, error.timeout);
    `)], { timeout: 30_000 })
    expect(stdout.trim()).toBe('TimeoutError total 100')
    expect(Date.now() - started).toBeLessThan(15_000)
  }, 40_000)

  it('30 concurrent calls on one signal print no MaxListenersExceededWarning', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script(`
      const controller = new AbortController();
      const bodies = await Promise.all(Array.from({ length: 30 }, () => get(url, { signal: controller.signal }).json()));
      console.log(bodies.length);
    `)], { timeout: 30_000 })
    expect(stdout.trim()).toBe('30')
    expect(stderr).not.toMatch(/MaxListeners/)
  }, 40_000)
})
