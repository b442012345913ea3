// Doc tests: every ```ts / ```js block of README.md and docs/**/*.md is run
// — TypeScript blocks type-checked first — against mocks of httpbin.org,
// api.github.com and *.example.com (test/support/docs/mocks.ts). Blocks run
// on Node in this process, or in workerd, Deno, Bun or Chromium when marked
// so; multi-file examples run as vitest projects of their own. Blocks marked
// `skip` are counted and reported as skipped. How to mark a block:
// test/support/docs/extract.ts.
//
//   npm run test:docs     (npm run build, then npx vitest run --project node test/node/docs.test.ts;
//                          one block of docs/errors.md loads the CommonJS build from dist/)
//
// SUREFETCH_DOC_TESTS=off skips the blocks (not the harness's own tests):
// for a run of the whole node project when CI runs the doc tests apart.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useHandlers } from '../support/mock.js'
import { allBlocks, type DocBlock, parseBlocks } from '../support/docs/extract.js'
import { startGateway, type Gateway } from '../support/docs/gateway.js'
import { docHandlers, httpbin, takeUnmocked } from '../support/docs/mocks.js'
import { closeBrowser, runInBrowser } from '../support/docs/run-browser.js'
import { matches, runOnNode } from '../support/docs/run-node.js'
import { runProject } from '../support/docs/run-project.js'
import { runScript } from '../support/docs/run-script.js'
import { runWorker } from '../support/docs/run-worker.js'
import { extensionOf, rewriteImports, ROOT, writeModule } from '../support/docs/source.js'
import { type Diagnostics, typecheck } from '../support/docs/typecheck.js'

const off = process.env.SUREFETCH_DOC_TESTS === 'off'
const blocks = allBlocks(ROOT)

/** A test: one block, or the files of one project (named after its last file, its own block). */
interface Case {
  id: string
  file: string
  runner: DocBlock['runner']
  skip: string | undefined
  fails?: string | undefined
  blocks: DocBlock[]
  project?: string
}

const cases: Case[] = []
const projects = new Map<string, Case>()
for (const block of blocks) {
  if (block.runner !== 'project') {
    cases.push({ id: block.id, file: block.file, runner: block.runner, skip: block.skip, fails: block.fails, blocks: [block] })
    continue
  }
  for (const name of block.projects) {
    const key = `${block.file}#${name}`
    let project = projects.get(key)
    if (project === undefined) {
      project = { id: block.id, file: block.file, runner: 'project', skip: undefined, blocks: [], project: name }
      projects.set(key, project)
      cases.push(project)
    }
    project.blocks.push(block)
    project.id = block.id
    if (block.skip !== undefined) project.skip = block.skip
  }
}

const run = cases.filter((c) => c.skip === undefined)
const counts = {
  run: run.length,
  failing: run.filter((c) => c.fails !== undefined).length,
  skipped: cases.length - run.length,
  blocks: blocks.filter((b) => b.skip === undefined).length,
  skippedBlocks: blocks.filter((b) => b.skip !== undefined).length,
}

let diagnostics: Diagnostics = new Map()
const checkedFile = new Map<DocBlock, string>()
let gateway: Gateway | undefined

beforeAll(async () => {
  if (off) return
  const checked = run.flatMap((c) => c.blocks).filter((b) => b.check)
  for (const block of checked) checkedFile.set(block, writeModule(block, block.runner, extensionOf(block)))
  diagnostics = typecheck([...checkedFile.values()])
  if (run.some((c) => c.runner === 'deno' || c.runner === 'bun' || c.runner === 'browser')) {
    gateway = await startGateway(docHandlers)
  }
}, 120_000)

beforeEach(() => {
  useHandlers(...docHandlers())
  httpbin.reset()
  takeUnmocked()
})

afterAll(async () => {
  await closeBrowser()
  await gateway?.close()
  if (off) return console.log('doc tests: skipped (SUREFETCH_DOC_TESTS=off)')
  console.log(
    `doc tests: ${counts.run} run (${counts.blocks} blocks${counts.failing ? `; ${counts.failing} failing as expected from a known bug` : ''}), ` +
      `${counts.skipped} skipped (${counts.skippedBlocks} blocks), from ${new Set(blocks.map((b) => b.file)).size} Markdown files`,
  )
})

async function execute(test: Case): Promise<void> {
  const [block] = test.blocks as [DocBlock]
  for (const b of test.blocks) {
    const file = checkedFile.get(b)
    const errors = file === undefined ? [] : (diagnostics.get(file) ?? [])
    expect(errors, `type errors in ${b.id}`).toEqual([])
  }
  let output: unknown
  switch (test.runner) {
    case 'node':
      output = await runOnNode(block)
      break
    case 'worker':
      output = await runWorker(block)
      break
    case 'deno':
    case 'bun':
      output = await runScript(block, test.runner, gateway as Gateway)
      break
    case 'browser':
      output = await runInBrowser(block, gateway as Gateway)
      break
    case 'project':
      output = await runProject(test.project as string, test.blocks)
      break
  }
  // DOCS_VERBOSE=1 shows what each block printed (or answered, for a Worker).
  if (process.env.DOCS_VERBOSE) process.stdout.write(`\n── ${test.id}\n${typeof output === 'string' ? output : JSON.stringify(output, null, 2)}\n`)
  const unmocked = [...takeUnmocked(), ...(gateway?.takeUnanswered() ?? [])]
  expect(unmocked, 'requests to hosts the doc tests do not mock').toEqual([])
}

const files = [...new Set(cases.map((c) => c.file))]
for (const file of files) {
  describe.skipIf(off)(file, () => {
    for (const test of cases.filter((c) => c.file === file)) {
      const name = `${test.id} (${test.runner === 'project' ? `project ${test.project}: ${test.blocks.map((b) => b.path).join(', ')}` : test.runner})`
      const timeout = test.runner === 'project' ? 120_000 : 30_000
      if (test.skip !== undefined) it.skip(`${name} — skipped: ${test.skip}`, () => {})
      else if (test.fails !== undefined) it.fails(`${name} — fails, known bug: ${test.fails}`, { timeout }, () => execute(test))
      else it(name, { timeout }, () => execute(test))
    }
  })
}

describe('the doc-test harness', () => {
  it('finds ts, js and module-script html blocks, and reads markers from the info string and the comment above', () => {
    const text = [
      '# Title', //                                            1
      '```ts', //                                              2
      "import { get } from 'surefetch'", //                    3
      '```', //                                                4
      '```sh', //                                              5
      'npm test', //                                           6
      '```', //                                                7
      '<!-- doc-test: skip — a fragment -->', //               8
      '', //                                                   9
      '```js', //                                              10
      'handle(row)', //                                        11
      '```', //                                                12
      '  ```ts worker request=/hello contains=ok', //          13
      '  export default {}', //                                14
      '  ```', //                                              15
      '```ts project=a,b env=browser', //                      16
      '// test/setup.ts', //                                   17
      '```', //                                                18
      '```html', //                                            19
      '<p>no script</p>', //                                   20
      '```', //                                                21
    ].join('\n')
    const blocks = parseBlocks('x.md', text)
    expect(blocks.map((b) => [b.id, b.runner, b.skip ?? null, b.check])).toEqual([
      ['x.md:2', 'node', null, true],
      ['x.md:10', 'node', 'a fragment', false],
      ['x.md:13', 'worker', null, true],
      ['x.md:16', 'project', null, false],
    ])
    expect(blocks[2]?.code).toBe('export default {}')
    expect(blocks[2]?.attrs).toEqual({ request: '/hello', contains: 'ok' })
    expect(blocks[3]?.projects).toEqual(['a', 'b'])
    expect(blocks[3]?.path).toBe('test/setup.ts')
  })

  it('refuses a marker it does not know, and a project file without a path comment', () => {
    expect(() => parseBlocks('x.md', '```ts skpi\n```')).toThrow('x.md:1: unknown doc-test word "skpi"')
    expect(() => parseBlocks('x.md', '```ts project=a\nconst a = 1\n```')).toThrow('x.md:1: a project block must start')
  })

  it.each([
    ['200', '200', true],
    ["{ key: 'value' }", "{key:'value'}", true],
    ['session=s1x9; theme=dark', 'session=…', true],
    ['some,data,to,send\nanother', 'some,data,to,send…', true],
    ['404', '200', false],
    ['{"a":1}', '{"a":1}…', true],
    ['x', '…y', false],
  ])('compares %j with the comment → %j: %s', (actual, expected, result) => {
    expect(matches(actual, expected)).toBe(result)
  })

  it.each([
    ["import { get } from 'surefetch'", "import { get } from 'SRC'"],
    ['import { createHttpbin } from "surefetch/mocks"', 'import { createHttpbin } from "MOCKS"'],
    ["import { get } from 'npm:surefetch@0.1.0'", "import { get } from 'SRC'"],
    ["import { get } from 'https://esm.sh/surefetch@0.1.0'", "import { get } from 'SRC'"],
    ["const m = await import('surefetch')", "const m = await import('SRC')"],
    ["import { get } from 'surefetch-extra'", "import { get } from 'surefetch-extra'"],
    ["require('surefetch')", "require('surefetch')"],
  ])('rewrites %s', (code, rewritten) => {
    expect(rewriteImports(code, (mocks) => (mocks ? 'MOCKS' : 'SRC'))).toBe(rewritten)
  })
})
