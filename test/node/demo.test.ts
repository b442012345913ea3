// Node-only: the README's demo command runs the whole tutorial against the mocks.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'

it('npm run demo prints every tutorial step and exits 0', () => {
  const output = execFileSync('npm', ['run', '--silent', 'demo'], {
    cwd: resolve(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 60_000,
  })
  const steps = output.match(/^\d+\. .+$/gm) ?? []
  expect(steps.length).toBeGreaterThanOrEqual(13)
  expect(output).toContain('HTTPError: 404 Not Found — GET https://api.github.com/invalid')
  expect(output).toMatch(/auth: \[user, password\]\s+<SureResponse \[200\]>/)
  expect(output).toMatch(/no auth\s+<SureResponse \[401\]>/)
  expect(output).toContain(`Done: ${steps.length} steps against the built-in mocks.`)
}, 90_000)
