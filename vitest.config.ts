// One `vitest run`, four runtimes (see ../shared/RUNTIMES.md for why each
// knob is set the way it is). The root globalSetup starts the real fault
// server once and `provide`s its origin to every project as `base`.
//
//   node       Node's own fetch; also the only home of test/node/** (Node-only tests)
//   happy-dom  happy-dom's fetch/Request/Response/Headers/AbortController (origin http://localhost:3000, CORS enforced)
//   chromium   real headless Chromium (Debian's /usr/bin/chromium) through Playwright
//   workerd    Cloudflare's runtime through @cloudflare/vitest-pool-workers
//
// The shared behavioural tests (test/**/*.test.ts) run in all four, and on
// Deno and Bun through vitest.runtimes.config.ts (docs/decisions/0005). Each
// project's setup file starts MSW with the mock httpbin (test/support/mock.ts):
// msw/node in node, happy-dom and workerd (where the Cloudflare pool maps it to
// MSW's fetch interceptor), msw/native's interceptors in chromium (the Service
// Worker variant is opt-in: MSW_BROWSER=worker; see test/setup/).
// Runtime quirks found while wiring this up are documented in test/setup/*.ts
// and test/fault-server.ts.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

/** Shared tests; test/node is Node-only, test/runtimes is node:test for Deno/Bun. */
const shared = {
  include: ['test/**/*.test.ts'],
  exclude: ['test/node/**', 'test/runtimes/**'],
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No DNS on this machine: without the rule even 127.0.0.1 fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]

export default defineConfig({
  test: {
    globalSetup: ['test/setup/global.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/runtimes/**'],
          setupFiles: ['test/setup/msw-node.ts'],
        },
      },
      {
        test: {
          name: 'happy-dom',
          environment: 'happy-dom',
          ...shared,
          // msw/node patches happy-dom's fetch too; unmocked requests then go
          // through happy-dom's own fetch, which enforces CORS from
          // http://localhost:3000 (the fault server answers with CORS headers).
          setupFiles: ['test/setup/happy-dom-fixes.ts', 'test/setup/msw-node.ts'],
        },
      },
      {
        // Only for the opt-in Service Worker setup (MSW_BROWSER=worker):
        // serves /mockServiceWorker.js (`npx msw init test/setup/public --save=false`).
        publicDir: 'test/setup/public',
        test: {
          name: 'chromium',
          ...shared,
          setupFiles: [
            process.env.MSW_BROWSER === 'worker' ? 'test/setup/msw-service-worker.ts' : 'test/setup/msw-browser.ts',
          ],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            miniflare: {
              compatibilityDate: '2026-04-01',
              compatibilityFlags: ['nodejs_compat'],
              bindings: { BASE: inject('base') },
            },
          })),
        ],
        test: {
          name: 'workerd',
          ...shared,
          // The pool redirects msw/node to MSW's fetch interceptor, which
          // works inside workerd, so the node setup file serves here as-is.
          setupFiles: ['test/setup/msw-node.ts'],
        },
      },
    ],
  },
})
