/// <reference types="node" />
// Runs a Deno or Bun doc block as a script with that runtime (the npm
// packages `deno` and `bun`, devDependencies), its network going through the
// doc gateway (HTTPS_PROXY), whose certificate the runtime is told to accept.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DocBlock } from './extract.js'
import { BUNDLES, bundle } from './bundle.js'
import type { Gateway } from './gateway.js'
import { extensionOf, ROOT, slug, writeModule } from './source.js'

export async function runScript(block: DocBlock, runtime: 'deno' | 'bun', gateway: Gateway): Promise<string> {
  const source = writeModule(block, runtime, extensionOf(block))
  const code = await bundle(source, runtime)
  mkdirSync(BUNDLES, { recursive: true })
  const file = join(BUNDLES, `${slug(block)}.${runtime}.mjs`)
  writeFileSync(file, code)
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HTTP_PROXY: gateway.url,
    HTTPS_PROXY: gateway.url,
    NO_PROXY: '127.0.0.1,localhost',
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    DO_NOT_TRACK: '1',
    // Bun: accept the gateway's self-signed certificate.
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
  }
  const bin = join(ROOT, 'node_modules/.bin', runtime)
  const args =
    runtime === 'deno'
      ? ['run', '--quiet', '--allow-net', '--allow-env', '--unsafely-ignore-certificate-errors', file]
      : ['run', file]
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      // Deno warns once about the certificate check it was told to skip.
      const shown = output.replace(/^DANGER: TLS certificate validation is disabled.*\n?/m, '')
      if (code === 0) resolve(shown)
      else reject(new Error(`${runtime} exited with ${signal ?? code}:\n${shown}`))
    })
  })
}
