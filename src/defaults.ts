/**
 * Every library default, in one table (SPEC §4 timeouts, §5 retry, §7
 * redirects, §10 failure isolation). `options.ts` builds the merge base of
 * every call from it (`DEFAULTS` there); each layer reads the keys of its
 * own policy here when the call's policy leaves one out. Imports nothing.
 */
export const LIBRARY_DEFAULTS = /* @__PURE__ */ freeze({
  timeout: { attempt: 10_000, read: 30_000 },
  retry: {
    limit: 2,
    // SPEC §5 lists TRACE too; fetch forbids it, so it is refused before I/O.
    methods: ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'] as readonly string[],
    // urllib3's, with 408 and 413 added as ky does.
    statusCodes: [408, 413, 429, 500, 502, 503, 504] as readonly number[],
    afterStatusCodes: [413, 429, 503] as readonly number[],
    backoff: { initial: 300, factor: 2, max: 30_000, jitter: 'full' as 'full' | 'none' },
    maxRetryAfter: 60_000,
    budget: { ratio: 0.2, minPerSecond: 10 },
  },
  throwHttpErrors: true,
  redirect: 'follow' as const,
  maxRedirects: 30,
  breaker: { threshold: 5, cooldown: 30_000 },
} as const)

/** Shared by every call: frozen all the way down, so no call can change another's defaults. */
function freeze<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key]
    if (typeof inner === 'object' && inner !== null) freeze(inner)
  }
  return Object.freeze(value)
}
