// Shared by the adapters: a package's installed version, read from its package.json.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(resolve(root, 'package.json'))

export function versionOf(name) {
  const path = name === 'surefetch' ? resolve(root, 'package.json') : resolve(root, 'node_modules', name, 'package.json')
  try {
    return JSON.parse(readFileSync(path, 'utf8')).version
  } catch {
    return require(`${name}/package.json`).version
  }
}

/** `--name value` from argv, or `fallback`. */
export function option(name, fallback, args = process.argv.slice(2)) {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback
}

export const flag = (name, args = process.argv.slice(2)) => args.includes(`--${name}`)

/** A comma-separated option as a list (undefined when absent). */
export function listOption(name, args) {
  const value = option(name, undefined, args)
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean)
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** `list` rotated left by `n`: round r starts with a different client. */
export function rotate(list, n) {
  const k = ((n % list.length) + list.length) % list.length
  return [...list.slice(k), ...list.slice(0, k)]
}

export const round3 = (x) => Math.round(x * 1000) / 1000

/** Writes `result` to the file given with `--json <file>` (how run.mjs collects it); true when it did. */
export async function emit(result) {
  const file = option('json', undefined)
  if (file === undefined) return false
  const { writeFileSync } = await import('node:fs')
  writeFileSync(file, JSON.stringify(result, null, 2))
  return true
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs `node --expose-gc script ...args --json FILE` and resolves with the JSON
 * the script wrote (see emit); the child is killed after `limitMs`. Its stdout
 * is returned as `stdout` when it wrote no JSON (scripts that only print).
 */
export async function spawnJson(script, args, { limitMs = 120_000, json = true, cwd } = {}) {
  const { spawn } = await import('node:child_process')
  const { mkdirSync, readFileSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const file = json ? join(tmpdir(), `surefetch-bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`) : undefined
  if (file) mkdirSync(tmpdir(), { recursive: true })
  const argv = ['--expose-gc', script, ...args, ...(file ? ['--json', file] : [])]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} ${args.join(' ')} exceeded ${limitMs / 1000} s and was stopped`))
    }, limitMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}\n${stdout}`))
      if (!file) return resolve(stdout)
      try {
        const result = JSON.parse(readFileSync(file, 'utf8'))
        rmSync(file, { force: true })
        resolve(result)
      } catch (error) {
        reject(error)
      }
    })
  })
}

/** The q-quantile (0…1) of `values`, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]
}

/** spawnJson, tried once more after 2 s on failure (dist/ may be mid-rebuild by another process). */
export async function spawnJsonRetry(script, args, options) {
  try {
    return await spawnJson(script, args, options)
  } catch (error) {
    process.stderr.write(`${String(error.message).split('\n')[0]}; retrying once\n`)
    await sleep(2000)
    return spawnJson(script, args, options)
  }
}
