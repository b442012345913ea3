/// <reference types="node" />
// esbuild bundles for the runtimes that cannot load the TypeScript sources
// themselves: a block (its surefetch imports already pointing at src/) and
// everything it imports, in one ES module.
import { join } from 'node:path'
import { build } from 'esbuild'
import { ENTRY, SCRATCH } from './source.js'

export type Platform = 'deno' | 'bun' | 'worker' | 'browser'

const CONDITIONS: Record<Platform, string[]> = {
  deno: ['deno', 'worker', 'browser'],
  bun: ['bun', 'worker', 'browser'],
  worker: ['workerd', 'worker', 'browser'],
  browser: ['browser'],
}

/** Bundles `file` into one ES module and returns its code. */
export async function bundle(file: string, platform: Platform): Promise<string> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: platform === 'browser' ? 'browser' : 'neutral',
    target: 'es2022',
    conditions: CONDITIONS[platform],
    mainFields: ['browser', 'module', 'main'],
    // Deno and Bun resolve `node:` built-ins themselves; workerd has them with nodejs_compat.
    external: platform === 'browser' ? [] : ['node:*'],
    sourcemap: 'inline',
    // esbuild lowers `await using` for es2022; keep the block's own line numbers readable in traces.
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

let library: Promise<string> | undefined
/** surefetch itself as one browser module (what a CDN such as esm.sh would serve). */
export function libraryForBrowser(): Promise<string> {
  library ??= bundle(ENTRY, 'browser')
  return library
}

export const BUNDLES = join(SCRATCH, 'bundles')
