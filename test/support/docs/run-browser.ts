/// <reference types="node" />
// Runs a browser doc block in real Chromium (Playwright, Debian's
// /usr/bin/chromium), every request going through the doc gateway:
//
//   ```html   the block is the whole page, served at https://app.example.com/;
//             a CDN import of surefetch (esm.sh, jsDelivr) is served the
//             library built from src/
//   ```ts / ```js browser
//             the block is a module script of an empty page (as a bundler
//             would ship it)
//
// The block passes when the page loads, the network goes quiet and nothing
// was thrown (uncaught errors, unhandled rejections) or logged with
// console.error.
import { chromium, type Browser } from 'playwright'
import type { DocBlock } from './extract.js'
import { bundle, libraryForBrowser } from './bundle.js'
import type { Gateway } from './gateway.js'
import { extensionOf, writeModule } from './source.js'

const PAGE = 'https://app.example.com/'
const CDN = [
  /https:\/\/esm\.sh\/surefetch(?:@[\w.^~-]+)?/g,
  /https:\/\/cdn\.jsdelivr\.net\/npm\/surefetch(?:@[\w.^~-]+)?(?:\/\+esm)?/g,
]

let browser: Promise<Browser> | undefined
function launch(gateway: Gateway): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: '/usr/bin/chromium',
    // No background traffic of Chromium's own (updates, sync): only the page's requests reach the gateway.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
    // Chromium still calls home for component updates: not through the gateway (nothing answers them).
    proxy: { server: gateway.url, bypass: '*.googleapis.com,*.gvt1.com,*.google.com' },
  })
  return browser
}

export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close()
  browser = undefined
}

export async function runInBrowser(block: DocBlock, gateway: Gateway): Promise<string[]> {
  if (block.lang === 'html') {
    gateway.serve(PAGE, block.code, 'text/html; charset=utf-8')
    const library = await libraryForBrowser()
    for (const cdn of CDN) for (const match of block.code.matchAll(cdn)) gateway.serve(match[0], library, 'text/javascript')
  } else {
    const code = await bundle(writeModule(block, 'browser', extensionOf(block)), 'browser')
    gateway.serve(`${PAGE}doc-block.js`, code, 'text/javascript')
    gateway.serve(PAGE, '<!doctype html><meta charset="utf-8"><title>doc block</title><script type="module" src="/doc-block.js"></script>', 'text/html')
  }
  const context = await (await launch(gateway)).newContext({ ignoreHTTPSErrors: true })
  const page = await context.newPage()
  const problems: string[] = []
  const output: string[] = []
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  page.on('console', (message) => {
    output.push(message.text())
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`)
  })
  page.on('requestfailed', (request) => {
    // A failure the page caused on purpose (an abort) is not a problem; a URL nobody serves is.
    if (!/ERR_ABORTED/.test(request.failure()?.errorText ?? '')) output.push(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  try {
    await page.goto(PAGE, { waitUntil: 'networkidle', timeout: 20_000 })
    // Module scripts run after load; wait until they and their requests are done.
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(200)
    if (problems.length > 0) {
      throw new Error(`the page failed:\n${problems.join('\n')}\n--- console ---\n${output.join('\n')}`)
    }
    const text = await page.evaluate(() => document.body?.innerText ?? '')
    return [...output, text]
  } finally {
    await context.close()
  }
}
