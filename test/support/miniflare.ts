/// <reference types="node" />
// A Worker bundled as wrangler does (esbuild) and run in Miniflare — the same
// workerd as `wrangler dev` — so that a test can send it one request per call.
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'

export async function startWorker(entry: string, compatibilityDate: string, bindings: Record<string, string>): Promise<Miniflare> {
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'warning' })
  const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0]?.text ?? '', compatibilityDate, bindings })
  await mf.ready
  return mf
}
