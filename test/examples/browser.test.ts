// examples/browser: the page itself, as a user opens it — index.html loaded
// in real Chromium from the browser-mode (Vite) server, pointed at the fault
// server with ?base=. Chromium only: happy-dom does not run module scripts
// in iframes, and Node/workerd have no pages.
import { describe, expect, inject, it } from 'vitest'

const base = inject('base')
const isChromium = typeof document !== 'undefined' && /Chrome\//.test(navigator.userAgent) && !/HappyDOM/.test(navigator.userAgent)

interface Report {
  hello: unknown
  posted: unknown
  clientHeader: string | undefined
  notFound: string
  timedOut: string
}

describe.runIf(isChromium)('examples/browser/index.html', () => {
  it('runs against the API in ?base= with the built package and shows what happened', async () => {
    expect((await fetch('/dist/index.js', { method: 'HEAD' })).ok, 'dist/index.js is missing: run `npm run build`').toBe(true)
    const frame = document.createElement('iframe')
    frame.src = `/examples/browser/index.html?base=${encodeURIComponent(base)}`
    document.body.append(frame)
    try {
      const output = () => frame.contentDocument?.querySelector('output')
      await expect.poll(() => output()?.dataset.state, { timeout: 10_000 }).toMatch(/^(done|failed)$/)
      expect(output()?.dataset.state, output()?.textContent ?? '').toBe('done')

      const report = JSON.parse(output()?.textContent ?? '') as Report
      expect(report.hello).toEqual({ hello: 'world' })
      expect(report.posted).toEqual({ from: 'the browser' })
      expect(report.clientHeader).toBe('surefetch-browser-example')
      expect(report.notFound).toBe(`404 Not Found — GET ${base}/status/404`)
      expect(report.timedOut).toBe(`total timeout of 250 ms exceeded — GET ${base}/delay/5000`)

      // The page imported the build (Vite resolves the bare `surefetch` through
      // the package's own `exports`; a static server would use the import map).
      const loaded = frame.contentWindow?.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)
      expect(loaded).toContain('/dist/index.js')
    } finally {
      frame.remove()
    }
  })
})
