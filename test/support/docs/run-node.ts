/// <reference types="node" />
// Runs a doc block on Node, in the test's process: vitest's module loader
// imports it (TypeScript included), and MSW — started by the node project's
// setup file — answers with the doc handlers.
//
// A line `console.log(x) // → text` is an expectation: what it prints (a
// string as is, anything else as util.inspect shows it) must read `text`,
// whitespace aside, where `…` stands for anything.
import { inspect } from 'node:util'
import { pathToFileURL } from 'node:url'
import type { DocBlock } from './extract.js'
import { extensionOf, writeModule } from './source.js'

const EXPECTATION = /^(\s*)console\.log\((.*)\)\s*\/\/\s*→\s*(.*?)\s*$/
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

type Recorder = (line: number, ...args: unknown[]) => void
const global = globalThis as { __docLog?: Recorder }

export function format(args: unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 4, breakLength: Number.POSITIVE_INFINITY }))).join(' ')
}

/** `text` with `…` as a wildcard, whitespace-insensitive. */
export function matches(actual: string, expected: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '')
  const pattern = squash(expected)
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*')
  return new RegExp(`^${pattern}$`).test(squash(actual))
}

/** Imports the block's module with console output captured and `// →` lines checked. */
export async function runOnNode(block: DocBlock): Promise<string[]> {
  const expected = new Map<number, string>()
  const lines = block.code.split('\n').map((line, i) => {
    const match = EXPECTATION.exec(line)
    if (!match) return line
    const number = block.line + 1 + i
    expected.set(number, match[3] ?? '')
    return `${match[1]}__docLog(${number}, ${match[2]})`
  })
  const file = writeModule({ ...block, code: lines.join('\n') }, 'node-run', extensionOf(block))
  const output: string[] = []
  const printed = new Map<number, string[]>()
  const saved = METHODS.map((name) => console[name])
  for (const name of METHODS) console[name] = (...args: unknown[]) => void output.push(format(args))
  global.__docLog = (line, ...args) => {
    const text = format(args)
    output.push(text)
    printed.set(line, [...(printed.get(line) ?? []), text])
  }
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href)
  } catch (error) {
    if (error instanceof Error && output.length > 0) error.message += `\n--- the block printed ---\n${output.join('\n')}`
    throw error
  } finally {
    METHODS.forEach((name, i) => (console[name] = saved[i] as (typeof console)[typeof name]))
    delete global.__docLog
  }
  const wrong: string[] = []
  for (const [line, text] of expected) {
    const got = printed.get(line)
    if (got === undefined) wrong.push(`${block.file}:${line}: printed nothing, expected → ${text}`)
    else for (const actual of got) if (!matches(actual, text)) wrong.push(`${block.file}:${line}: printed ${actual}\n    expected → ${text}`)
  }
  if (wrong.length > 0) throw new Error(`output differs from the // → comments:\n${wrong.join('\n')}`)
  return output
}
