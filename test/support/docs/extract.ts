/// <reference types="node" />
// Finds the fenced code blocks of README.md and docs/**/*.md that the doc
// tests run, and how each one wants to be run.
//
// A block is a candidate when its language is ts / typescript / js /
// javascript / mjs, or html with a `<script type="module">` (a page, run in
// Chromium). How it runs is said in the info string after the language
// (```ts worker) or in an HTML comment on the line just above the fence
// (`<!-- doc-test: worker -->`); both may carry several words:
//
//   (nothing)         run on Node, in this process, with MSW answering
//   skip [— reason]   not run: an illustrative fragment (say why)
//   worker            a Cloudflare Worker module: run in workerd (Miniflare)
//   deno | bun        a script: run with that runtime
//   browser           run in Chromium (a module script; an html block is a whole page)
//   no-check          run, but do not type-check (e.g. deliberate type errors)
//   project=NAME      one file of a multi-file example: its first line is a
//                     `// path/of/file.ts` comment; the files of a project are
//                     written to a scratch directory and run with vitest.
//                     `project=a,b`: a file that several projects share;
//                     `env=browser`: the project runs in Vitest's browser mode
//   request=PATH      worker only: the path the test requests (default `/`)
//   expect=STATUS     worker only: the status the Worker must answer (default 200)
//   contains=TEXT     worker only: text the Worker's answer must contain
//   fails [— reason]  a known bug makes this block fail: the test expects the
//                     failure (vitest's it.fails), and fails once the bug is
//                     fixed, to have the mark removed
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export type Runner = 'node' | 'worker' | 'deno' | 'bun' | 'browser' | 'project'

export interface DocBlock {
  /** Markdown file, relative to the repository root (`docs/auth.md`). */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  /** Language as written (`ts`, `js`, `html`). */
  lang: string
  /** The code, without the fences. */
  code: string
  runner: Runner
  /** Why it is skipped, when it is. */
  skip: string | undefined
  /** The known bug that makes it fail, when one does. */
  fails: string | undefined
  /** Type-check it (TypeScript blocks only). */
  check: boolean
  /** `project=NAME[,NAME…]`: the projects this file belongs to. */
  projects: string[]
  /** `// path` header of a project file. */
  path: string | undefined
  /** Other `key=value` attributes (`request`, `expect`). */
  attrs: Record<string, string>
  /** `file:line`, the test's name. */
  id: string
}

const LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs', 'html'])
const RUNNERS = new Set(['worker', 'deno', 'bun', 'browser', 'node'])
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/
const DIRECTIVE = /^\s*<!--\s*doc-test:\s*([\s\S]*?)\s*-->\s*$/
const PATH_HEADER = /^\/\/\s*([\w./-]+\.(?:[cm]?[jt]s|json|html))\b/

/** The Markdown files whose blocks are tested: README.md and docs/**\/*.md, docs/api excluded. */
export function docFiles(root: string): string[] {
  const files = ['README.md']
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (path !== 'docs/api') walk(path)
      } else if (entry.name.endsWith('.md')) {
        files.push(path)
      }
    }
  }
  walk('docs')
  return files.sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)))
}

/** Every candidate block of one Markdown file. */
export function extractBlocks(root: string, file: string): DocBlock[] {
  return parseBlocks(file, readFileSync(join(root, file), 'utf8'))
}

/** Every candidate block of a Markdown text; `file` names it in the blocks' ids. */
export function parseBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n')
  const blocks: DocBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', lang = '', info = ''] = open
    // Find the closing fence (same character, at least as long).
    let end = i + 1
    while (end < lines.length && !new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[end] ?? '')) end++
    const body = lines
      .slice(i + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n')
    const start = i
    i = end
    const language = lang.toLowerCase()
    if (!LANGS.has(language)) continue
    if (language === 'html' && !/<script\b[^>]*type=["']?module/.test(body)) continue

    const words = [...info.split(/\s+/)]
    const above = previousNonBlank(lines, start)
    const directive = above === undefined ? undefined : DIRECTIVE.exec(above)
    if (directive) words.push(...(directive[1] ?? '').split(/\s+/))
    blocks.push(toBlock(file, start + 1, language, body, words.filter(Boolean)))
  }
  return blocks
}

function previousNonBlank(lines: string[], index: number): string | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const line = lines[j] ?? ''
    if (line.trim() !== '') return line
  }
  return undefined
}

function toBlock(file: string, line: number, lang: string, code: string, words: string[]): DocBlock {
  let runner: Runner = lang === 'html' ? 'browser' : 'node'
  let skip: string | undefined
  let fails: string | undefined
  let check = lang === 'ts' || lang === 'typescript'
  let projects: string[] = []
  const attrs: Record<string, string> = {}
  for (let w = 0; w < words.length; w++) {
    const word = words[w] ?? ''
    if (word === 'skip') {
      // Everything after `skip` is the reason.
      skip = words.slice(w + 1).join(' ').replace(/^[—–:-]\s*/, '') || 'illustrative'
      break
    }
    if (word === 'fails') {
      fails = words.slice(w + 1).join(' ').replace(/^[—–:-]\s*/, '') || 'a known bug'
      break
    }
    if (word === 'no-check') check = false
    else if (RUNNERS.has(word)) runner = word as Runner
    else if (word.includes('=')) {
      const [key = '', value = ''] = word.split('=', 2)
      if (key === 'project') projects = value.split(',').filter(Boolean)
      else attrs[key] = value
    } else throw new Error(`${file}:${line}: unknown doc-test word ${JSON.stringify(word)}`)
  }
  let path: string | undefined
  if (projects.length > 0) {
    runner = 'project'
    path = PATH_HEADER.exec(code.split('\n')[0] ?? '')?.[1]
    if (path === undefined) throw new Error(`${file}:${line}: a project block must start with a \`// path/of/file.ts\` comment`)
  }
  if (runner === 'project' || runner === 'deno' || runner === 'bun') check = false
  return { file, line, lang, code, runner, skip, fails, check, projects, path, attrs, id: `${file}:${line}` }
}

/** Every candidate block of README.md and docs/. */
export function allBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((file) => extractBlocks(root, file))
}

/** Path relative to the root, with forward slashes. */
export function rel(root: string, path: string): string {
  return relative(root, path).split('\\').join('/')
}
