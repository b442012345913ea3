// The clients, in table order. Each adapter exports: id, pkg (for its
// version), bundleEntry (a GET + POST-json app for the size table) and
// load() → { variantId: { label?, get(url) → json, post(url, body) → json } }.
import * as raw from './raw.mjs'
import * as surefetch from './surefetch.mjs'
import * as ky from './ky.mjs'
import * as ofetch from './ofetch.mjs'
import * as wretch from './wretch.mjs'
import * as upFetch from './up-fetch.mjs'
import * as axios from './axios.mjs'
import * as redaxios from './redaxios.mjs'
import { versionOf } from './_common.mjs'

export const adapters = [raw, surefetch, ky, ofetch, wretch, upFetch, axios, redaxios]
export const clientIds = adapters.map((a) => a.id)

/** Adapters for `ids` (raw always included, first). */
export function pick(ids) {
  if (!ids || ids.length === 0) return adapters
  const unknown = ids.filter((id) => !clientIds.includes(id))
  if (unknown.length > 0) throw new Error(`unknown client(s): ${unknown.join(', ')} (known: ${clientIds.join(', ')})`)
  return adapters.filter((a) => a.id === 'raw' || ids.includes(a.id))
}

export function versions(list = adapters) {
  return Object.fromEntries(list.filter((a) => a.pkg).map((a) => [a.pkg, versionOf(a.pkg)]))
}

/** Loads the adapters and flattens their variants: [{ id, adapter, label, get, post }]. */
export async function loadVariants(list) {
  const out = []
  for (const adapter of list) {
    const variants = await adapter.load()
    for (const [id, v] of Object.entries(variants)) {
      const version = adapter.pkg && adapter.pkg !== 'surefetch' ? ` ${versionOf(adapter.pkg)}` : ''
      const label = v.label ?? `${id}${version}${v.note ? ` ${v.note}` : ''}`
      out.push({ id, adapter: adapter.id, label, get: v.get, post: v.post })
    }
  }
  return out
}
