/**
 * One target of a `Link` header (RFC 8288): its URL, rel and other params,
 * as `response.links` gives them.
 *
 * @example
 * ```ts
 * const next = response.links.next   // { url: 'https://api.github.com/user/583231/repos?page=2', rel: 'next' }
 * if (next) await get(next.url)
 * ```
 */
export interface Link {
  /** The target URL, as written in the header (not resolved). */
  url: string
  /** The relation (`next`, `last` …), lower-case. */
  rel: string
  /** Any other parameter (`title`, `type` …). */
  [param: string]: string
}

/**
 * Parses a `Link` header into `{ [rel]: link }`. `rel="next last"` yields a
 * key for each relation; a target without `rel` is keyed by its URL (as in
 * requests), with `rel: ''`. Commas inside `<…>` and quoted strings are respected.
 * URLs are returned as written (requests does the same). A target's first
 * 16 relation types count; more are ignored.
 *
 * The server names the keys, so the record has no prototype: `rel="__proto__"`
 * is a key like any other instead of replacing the prototype, and
 * `links.constructor` is `undefined` rather than `Object`.
 */
export function parseLinks(header: string | null): Record<string, Link> {
  const links = Object.create(null) as Record<string, Link>
  if (!header) return links
  for (const part of splitOutside(header, ',')) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part)
    if (!match) continue
    // No prototype here either: a parameter named `constructor` or `__proto__` is kept, not mistaken for one already seen.
    const link = Object.create(null) as Link
    link.url = match[1] ?? ''
    link.rel = ''
    for (const param of splitOutside(match[2] ?? '', ';')) {
      const eq = param.indexOf('=')
      const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase()
      if (!name) continue
      let value = eq < 0 ? '' : param.slice(eq + 1).trim()
      // A quoted string (at least its two quotes): unquoted, backslash escapes undone.
      const quoted = /^"(.*)"$/s.exec(value)
      if (quoted) value = (quoted[1] as string).replace(/\\(.)/g, '$1')
      // RFC 8288 §3: only the first occurrence of a parameter counts.
      if (!(name in link) || (name === 'rel' && link.rel === '')) link[name] = value
    }
    // Each relation type gets a copy of the target: without a cap, `rel="r0 r1 …"`
    // then many parameters made the result quadratic in the header's size.
    const rels = new Set<string>()
    for (const rel of link.rel.split(/\s+/)) {
      if (rel !== '') rels.add(rel.toLowerCase())
      if (rels.size === MAX_RELS) break
    }
    // A spread defines own properties (even `__proto__`), and the result is a plain object again.
    for (const rel of rels) links[rel] = { ...link, rel }
    // No relation: keyed by its URL, as requests does.
    if (rels.size === 0) links[link.url] = { ...link }
  }
  return links
}

/** Relation types kept per target: real ones list one to three. */
const MAX_RELS = 16

function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let quoted = false
  let bracketed = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\\' && quoted) i++
    else if (char === '"' && !bracketed) quoted = !quoted
    else if (char === '<' && !quoted) bracketed = true
    else if (char === '>' && !quoted) bracketed = false
    else if (char === separator && !quoted && !bracketed) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
