/**
 * Public suffixes (`co.uk`, `github.io`), which no cookie may claim as its
 * `Domain` (RFC 6265bis §5.7 step 9). The list itself (about 34 kB gzipped) is
 * `public-suffix-data.ts`, imported the first time a `Set-Cookie` carries a
 * `Domain` attribute: a bundle, or a session, that never meets one never
 * loads it.
 */

/** Every rule (`co.uk`), wildcard (`*.ck`) and exception (`!www.ck`), as written in the list. */
let rules: ReadonlySet<string> | undefined
let loading: Promise<ReadonlySet<string>> | undefined

/** Whether `isPublicSuffix` can answer now (the list is loaded). */
export function publicSuffixesLoaded(): boolean {
  return rules !== undefined
}

/** Loads the list once; later calls share the first load. */
export function loadPublicSuffixes(): Promise<ReadonlySet<string>> {
  if (rules !== undefined) return Promise.resolve(rules)
  if (loading === undefined) {
    const pending = import('./public-suffix-data.js').then((data) => {
      rules = parseRules(data.RULES)
      return rules
    })
    loading = pending
    // A failed load (a chunk the network lost) is tried again next time.
    pending.catch(() => {
      if (loading === pending) loading = undefined
    })
  }
  return loading
}

/**
 * Reads the nested form `uk(co,gov)` into `uk`, `co.uk`, `gov.uk`; `!` marks
 * an exception, `?` a parent that is not a rule itself. One pass, no regex.
 */
export function parseRules(text: string): Set<string> {
  const out = new Set<string>()
  const parents: string[] = []
  let last = ''
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const char = text[i]
    if (char !== undefined && char !== ',' && char !== '(' && char !== ')') continue
    if (i > start) {
      const token = text.slice(start, i)
      const mark = token[0] === '!' || token[0] === '?' ? token[0] : ''
      const parent = parents[parents.length - 1]
      last = parent === undefined ? token.slice(mark.length) : `${token.slice(mark.length)}.${parent}`
      if (mark !== '?') out.add(mark + last)
    }
    if (char === '(') parents.push(last)
    else if (char === ')') parents.pop()
    start = i + 1
  }
  return out
}

/**
 * Whether `domain` (lower case, ASCII) is a public suffix by the list's
 * algorithm (https://publicsuffix.org/list/): its public suffix is itself.
 * A trailing dot is ignored (`com.` is `com`). Throws when the list is not
 * loaded: callers await `loadPublicSuffixes()` first.
 */
export function isPublicSuffix(domain: string): boolean {
  if (rules === undefined) throw new Error('isPublicSuffix: the public suffix list is not loaded')
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain
  // An exception rule matching the name or one of its parents (`!www.ck` for
  // `www.ck`) prevails, and its public suffix drops a label: never the whole name.
  for (let at = 0; ; ) {
    if (rules.has(`!${name.slice(at)}`)) return false
    const dot = name.indexOf('.', at)
    if (dot < 0) break
    at = dot + 1
  }
  const dot = name.indexOf('.')
  // No rule matching means the implicit `*` rule: the last label is the suffix.
  if (dot < 0) return true
  return rules.has(name) || rules.has(`*${name.slice(dot)}`)
}
