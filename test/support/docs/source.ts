/// <reference types="node" />
// Turns a doc block into a module file: `surefetch` imports point at the
// sources, and the block keeps its Markdown line numbers (the file is padded
// with blank lines), so a stack trace or a type error names the line of the
// Markdown file.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DocBlock } from './extract.js'

export const ROOT = join(import.meta.dirname, '../../..')
export const SCRATCH = join(ROOT, '.cache/doctest')

export const ENTRY = join(ROOT, 'src/index.ts')
export const MOCKS_ENTRY = join(ROOT, 'mocks/index.ts')

/**
 * The ways a document imports surefetch: the package name (Node, bundlers,
 * Bun), `npm:` (Deno), and CDN URLs (a page without a bundler).
 */
const SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])((?:npm:)?surefetch(?:@[\w.^~-]+)?|https:\/\/esm\.sh\/surefetch(?:@[\w.^~-]+)?|https:\/\/cdn\.jsdelivr\.net\/npm\/surefetch(?:@[\w.^~-]+)?(?:\/\+esm)?)(\/mocks)?\2/g

/** Replaces surefetch's specifiers with `entry(mocks)`. */
export function rewriteImports(code: string, entry: (mocks: boolean) => string): string {
  return code.replace(SPECIFIER, (_all, prefix: string, quote: string, _pkg: string, mocks: string | undefined) => {
    return `${prefix}${quote}${entry(mocks !== undefined)}${quote}`
  })
}

/** A file name for a block: `docs/auth.md:12` → `docs-auth-L12`. */
export function slug(block: DocBlock): string {
  return `${block.file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-L${block.line}`
}

/**
 * Writes the block as a module in `dir`, its first code line on the line
 * after the fence (as in the Markdown). `prelude` goes on the first line.
 * Returns the file's path.
 */
export function writeModule(block: DocBlock, dir: string, ext: string, prelude = ''): string {
  const code = rewriteImports(block.code, (mocks) => (mocks ? MOCKS_ENTRY : ENTRY))
  const padding = '\n'.repeat(block.line - 1)
  // `export {}` keeps a block without imports a module (its own scope).
  const text = `${prelude}${padding}\n${code}\nexport {}\n`
  const file = join(SCRATCH, dir, `${slug(block)}.${ext}`)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
  return file
}

export function extensionOf(block: DocBlock): string {
  return block.lang === 'ts' || block.lang === 'typescript' ? 'ts' : 'mjs'
}
