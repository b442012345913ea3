/// <reference types="node" />
// Type-checks the TypeScript doc blocks, all in one program, with the
// project's compiler options (strict, exactOptionalPropertyTypes, …): a
// block that would not compile in a user's project fails its test even
// though it runs. Worker blocks see a few Workers types (WORKERS below).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { ROOT, SCRATCH } from './source.js'

/**
 * The few Cloudflare Workers types the Worker blocks use, as
 * @cloudflare/workers-types declares them (not a dependency here). Written
 * to the scratch directory, so that they are global for the doc blocks only,
 * not for the repository's own `tsc` program.
 */
const WORKERS = `interface KVNamespace {
  get(key: string): Promise<string | null>
  get(key: string, type: 'json'): Promise<unknown>
  put(key: string, value: string, options?: { expirationTtl?: number; expiration?: number }): Promise<void>
  delete(key: string): Promise<void>
}
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}
interface ExportedHandler<Env = unknown> {
  fetch?: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>
}
`

export type Diagnostics = Map<string, string[]>

/** Type errors per file, for `files`. */
export function typecheck(files: string[]): Diagnostics {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT)
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    allowImportingTsExtensions: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
  }
  const ambient = join(SCRATCH, 'workers.d.ts')
  mkdirSync(SCRATCH, { recursive: true })
  writeFileSync(ambient, WORKERS)
  const program = ts.createProgram([...files, ambient], options)
  const wanted = new Set(files)
  const out: Diagnostics = new Map(files.map((file) => [file, []]))
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (source === undefined || !wanted.has(source.fileName)) {
      // An error outside the blocks (in src/, say) is everyone's: report it on every block.
      for (const list of out.values()) list.push(`${source?.fileName ?? 'global'}: TS${diagnostic.code}: ${message}`)
      continue
    }
    const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    out.get(source.fileName)?.push(`line ${line + 1}: TS${diagnostic.code}: ${message}`)
  }
  return out
}
