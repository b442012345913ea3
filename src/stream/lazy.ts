import type { BodyGenerator } from './types.js'

const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose)

/**
 * The async generator the iterators (`chunks()`, `lines()`, `ndjson()`, `sse()`)
 * return before their code is loaded: it loads the real iterator
 * (stream/iterate.ts) on the first `next()`, then hands every call to it.
 * Apps that never iterate a body do not carry the iterator code up front.
 * What a native async generator has besides the protocol methods is here
 * only (the loaded iterator is never handed out): it is its own async
 * iterator, prints as `[object AsyncGenerator]`, and `await using` ends it
 * like `return()` (where the runtime has the symbol).
 */
export class LazyIterator<T> implements AsyncGenerator<T, void, undefined> {
  /** Cleared once loading starts, or when the iterator finishes before it started. */
  #load: (() => Promise<BodyGenerator<T>>) | undefined
  #loading: Promise<BodyGenerator<T>> | undefined
  /** The loaded iterator, once there: calls go to it directly. */
  #inner: BodyGenerator<T> | undefined

  constructor(load: () => Promise<BodyGenerator<T>>) {
    this.#load = load
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  get [Symbol.toStringTag](): string {
    return 'AsyncGenerator'
  }

  async [asyncDispose](): Promise<void> {
    await this.return()
  }

  next(): Promise<IteratorResult<T, void>> {
    const inner = this.#inner
    if (inner !== undefined) return inner.next()
    const loading = this.#start()
    // Finished before it started (return() or throw() first): done, as a generator is.
    if (loading === undefined) return Promise.resolve({ value: undefined, done: true })
    return loading.then((loaded) => loaded.next())
  }

  return(): Promise<IteratorResult<T, void>> {
    if (this.#inner !== undefined) return this.#inner.return()
    if (this.#loading !== undefined) return this.#loading.then((loaded) => loaded.return())
    // Not started: nothing was read or locked, so nothing to cancel (a generator's return() before its first next()).
    this.#load = undefined
    return Promise.resolve({ value: undefined, done: true })
  }

  throw(error: unknown): Promise<IteratorResult<T, void>> {
    if (this.#inner !== undefined) return this.#inner.throw(error)
    if (this.#loading !== undefined) return this.#loading.then((loaded) => loaded.throw(error))
    this.#load = undefined
    return Promise.reject(error)
  }

  /** Starts loading (once); `undefined` when the iterator already finished. */
  #start(): Promise<BodyGenerator<T>> | undefined {
    if (this.#loading === undefined) {
      const load = this.#load
      if (load === undefined) return undefined
      this.#load = undefined
      this.#loading = load().then((loaded) => (this.#inner = loaded))
    }
    return this.#loading
  }
}
