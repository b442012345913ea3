/// <reference types="node" />
// Vitest reporter for .ci/run: writes passed/failed/skipped counts per
// project to the file in $VITEST_COUNTS (vitest's own JSON reporter does not
// say which project a result came from). A test file that fails to load, or
// an unhandled error, counts as one failure so it cannot go unnoticed.
import { writeFileSync } from 'node:fs'
import type { Reporter, SerializedError, TestModule } from 'vitest/node'

interface Counts {
  passed: number
  failed: number
  skipped: number
}

export default class CountsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const file = process.env.VITEST_COUNTS
    if (!file) return
    const counts: Record<string, Counts> = {}
    for (const module of modules) {
      // Browser projects are named "chromium (chromium)" (project + instance).
      const name = (module.project.name || 'default').replace(/^(\S+) \(\1\)$/, '$1')
      const c = (counts[name] ??= { passed: 0, failed: 0, skipped: 0 })
      let failedTests = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') c.passed++
        else if (state === 'failed') (c.failed++, failedTests++)
        else c.skipped++
      }
      if (module.state() === 'failed' && failedTests === 0) c.failed++
    }
    if (unhandledErrors.length > 0) {
      counts['unhandled errors'] = { passed: 0, failed: unhandledErrors.length, skipped: 0 }
    }
    writeFileSync(file, `${JSON.stringify(counts, null, 2)}\n`)
  }
}
