import { describe, expect, it } from 'vitest'
import { cancelDeadline, setDeadline } from '../../src/util/deadlines.js'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('deadlines', () => {
  it('fire once, in order, after their delay', async () => {
    const fired: string[] = []
    setDeadline(40, (name: string) => fired.push(name), 'b')
    setDeadline(20, (name: string) => fired.push(name), 'a')
    setDeadline(40, (name: string) => fired.push(name), 'c')
    await wait(10)
    expect(fired).toEqual([])
    await wait(60)
    expect(fired).toEqual(['a', 'b', 'c'])
  })

  it('a cancelled deadline never fires', async () => {
    const fired: number[] = []
    const first = setDeadline(20, (n: number) => fired.push(n), 1)
    setDeadline(20, (n: number) => fired.push(n), 2)
    const third = setDeadline(20, (n: number) => fired.push(n), 3)
    cancelDeadline(first)
    cancelDeadline(third)
    await wait(50)
    expect(fired).toEqual([2])
  })

  it('a shorter deadline set later still fires on time', async () => {
    const fired: string[] = []
    const started = Date.now()
    setDeadline(500, () => fired.push('long'), undefined)
    let at = 0
    setDeadline(20, () => {
      at = Date.now() - started
      fired.push('short')
    }, undefined)
    await wait(80)
    expect(fired).toEqual(['short'])
    expect(at).toBeLessThan(70)
  })

  it('many deadlines of one duration cost no timer each, and all can be cancelled', async () => {
    const fired: number[] = []
    const deadlines = Array.from({ length: 10_000 }, (_, i) => setDeadline(30, (n: number) => fired.push(n), i))
    for (const deadline of deadlines) cancelDeadline(deadline)
    await wait(60)
    expect(fired).toEqual([])
  })
})
