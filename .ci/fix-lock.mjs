#!/usr/bin/env node
// Run after any `npm install` that rewrote package-lock.json: `node .ci/fix-lock.mjs`.
// This machine kind's npm registry mirror lacks some versions of other platforms'
// optional packages (rollup, deno binaries), so npm leaves them out of the lock
// file and `npm ci` then refuses it as out of sync.
// Adds lock entries for platform-specific optional packages the registry
// mirror could not resolve, so that `npm ci` accepts the lock file. They are
// never installed on linux-x64 (os/cpu mismatch).
import { readFileSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
const pkgs = lock.packages
const added = []
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    // where would npm place it? next to the parent, or hoisted to the root
    const candidates = [`${path ? path + '/' : ''}node_modules/${name}`, `node_modules/${name}`]
    if (candidates.some((c) => pkgs[c])) continue
    let meta = {}
    try { meta = JSON.parse(execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) || '{}') } catch {}
    pkgs[`node_modules/${name}`] = { version: spec, optional: true, ...(meta.os && { os: meta.os }), ...(meta.cpu && { cpu: meta.cpu }), ...(meta.libc && { libc: meta.libc }) }
    added.push(`${name}@${spec} ${JSON.stringify(meta)}`)
  }
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n')
console.log(added.join('\n'))
