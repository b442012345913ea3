/// <reference types="node" />
// Runs a multi-file doc example (blocks marked `project=NAME`, each starting
// with a `// path/of/file.ts` comment) as a project of its own: the files are
// written to a scratch directory, `surefetch` is installed there as a package
// built from src/ and mocks/ (msw stays the repository's), and `vitest run`
// runs it in a child process. A project without a test file gets a small
// test, so that its config and setup files are still loaded and run; one
// marked `env=browser` without a config runs in Vitest's browser mode
// (Chromium), with MSW's worker script in public/.
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import type { DocBlock } from './extract.js'
import { ENTRY, MOCKS_ENTRY, ROOT, SCRATCH } from './source.js'

let installed: Promise<string> | undefined

/** `node_modules/surefetch` for the projects: the package's exports, built from the sources. */
function packageDir(): Promise<string> {
  installed ??= (async () => {
    const dir = join(SCRATCH, 'projects/node_modules/surefetch')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    for (const [name, entry] of [['index', ENTRY], ['mocks', MOCKS_ENTRY]] as const) {
      for (const format of ['esm', 'cjs'] as const) {
        await build({
          entryPoints: [entry],
          bundle: true,
          format,
          platform: 'neutral',
          target: 'es2022',
          external: ['msw', 'msw/*'],
          outfile: join(dir, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`),
          logLevel: 'silent',
        })
      }
    }
    const exports = (name: string) => ({ import: `./${name}.mjs`, require: `./${name}.cjs` })
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'surefetch', version: '0.0.0-docs', type: 'module', exports: { '.': exports('index'), './mocks': exports('mocks') } }, null, 2),
    )
    return dir
  })()
  return installed
}

export async function runProject(name: string, files: DocBlock[]): Promise<string> {
  await packageDir()
  const first = files[0] as DocBlock
  // Under .cache/doctest/projects, so that `surefetch` resolves to the package
  // above and everything else (msw, vitest) to the repository's node_modules.
  const dir = join(SCRATCH, 'projects', `${first.file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-${name}`)
  rmSync(dir, { recursive: true, force: true })
  for (const block of files) {
    const file = join(dir, block.path as string)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${block.code}\n`)
  }
  if (!files.some((block) => /\.test\.[cm]?[jt]s$/.test(block.path as string))) {
    mkdirSync(join(dir, 'test'), { recursive: true })
    writeFileSync(join(dir, 'test/doc-project.test.ts'), smokeTest(files))
  }
  const browser = files.some((block) => block.attrs.env === 'browser')
  if (browser) {
    // What `npx msw init public` does: the worker script in Vite's public directory.
    mkdirSync(join(dir, 'public'), { recursive: true })
    copyFileSync(join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'), join(dir, 'public/mockServiceWorker.js'))
  }
  if (!['vitest.config.ts', 'vitest.config.js', 'vitest.config.mjs'].some((config) => existsSync(join(dir, config)))) {
    writeFileSync(join(dir, 'vitest.config.ts'), browser ? browserConfig(files) : "import { defineConfig } from 'vitest/config'\n\nexport default defineConfig({})\n")
  }
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', '--root', dir, '--reporter=dot', '--color=false'], {
      cwd: dir,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`vitest run in ${dir} exited with ${signal ?? code}:\n${output}`))
    })
  })
}

/**
 * The test a project without one gets: its setup files run around it; when
 * one of its files exports an `httpbin` mock (as testing.md's do), the test
 * also checks that the mock answers through the setup.
 */
function smokeTest(files: DocBlock[]): string {
  const mock = files.find((block) => /export const httpbin\b/.test(block.code))
  if (mock === undefined) {
    return "import { expect, it } from 'vitest'\n\nit('loads the config and the setup files', () => expect(true).toBe(true))\n"
  }
  const from = `../${(mock.path as string).replace(/\.ts$/, '.js')}`.replace('../test/', './')
  return [
    "import { get } from 'surefetch'",
    "import { expect, it } from 'vitest'",
    `import { httpbin } from '${from}'`,
    '',
    "it('the setup files start the mock, and surefetch reaches it', async () => {",
    "  const echo = await get(`${httpbin.baseUrl}/get`, { params: { from: 'doc-test' } }).json<{ args: unknown }>()",
    "  expect(echo.args).toEqual({ from: 'doc-test' })",
    '})',
    '',
  ].join('\n')
}

/**
 * A browser-mode config for a project marked `env=browser` that brings none:
 * headless Chromium through Playwright (as this repository's chromium
 * project), the project's `setup.ts` files as setup files.
 */
function browserConfig(files: DocBlock[]): string {
  const setup = files.map((block) => block.path as string).filter((path) => /(^|\/)setup[^/]*\.[jt]s$/.test(path))
  return `import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ${JSON.stringify(setup)},
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
`
}

/** This process's environment without what vitest set for its own workers. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' }
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_OPTIONS$|FORCE_COLOR$)/.test(key)) env[key] = value
  }
  return env
}
