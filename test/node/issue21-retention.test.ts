// Node-only (issue 21): nothing of an upload's progress or of a coalesced
// exchange outlives the call. A child `node --expose-gc` runs the built
// package: after the calls settle and their responses are dropped, the
// progress callbacks and the responses are collectable (WeakRef cleared by
// gc()), and the process exits at once (no timer or socket kept).
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, inject, it } from 'vitest'

const base = inject('base')
const root = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

it('progress callbacks and coalesced responses are collectable once the calls settle', async () => {
  const script = `
    const { post, put, Session } = await import(${JSON.stringify(resolve(root, 'dist/index.js'))});
    const base = ${JSON.stringify(base)};
    const refs = [];
    async function uploads() {
      for (const fail of [false, true]) {
        let onUploadProgress = () => {};
        refs.push(new WeakRef(onUploadProgress));
        const url = fail ? base + '/upload?fail=1&key=' + Math.random() : base + '/upload';
        await put(url, { body: new Uint8Array(256 * 1024), onUploadProgress, retry: { limit: 1, backoff: { initial: 0 } } }).json();
      }
      const error = await post(base + '/upload', { body: 'x', retry: false, onUploadProgress: () => { throw new Error('boom') } }).catch((e) => e);
      if (error.message !== 'boom') throw new Error('expected the callback error, got ' + error);
    }
    async function coalesced() {
      const api = new Session({ coalesce: true, retry: false });
      const url = base + '/coalesce?key=' + Math.random() + '&delay=50&chunks=2';
      const responses = await Promise.all(Array.from({ length: 10 }, () => api.get(url)));
      for (const response of responses) { refs.push(new WeakRef(response.raw)); await response.text(); }
      const aborted = new AbortController();
      const gone = Array.from({ length: 3 }, () => api.get(base + '/coalesce?key=' + Math.random() + '&delay=2000', { signal: aborted.signal }));
      setTimeout(() => aborted.abort(new Error('gone')), 50);
      await Promise.allSettled(gone);
    }
    await uploads();
    await coalesced();
    for (let i = 0; i < 10 && refs.some((ref) => ref.deref() !== undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      globalThis.gc();
    }
    console.log(refs.length, refs.filter((ref) => ref.deref() !== undefined).length);
  `
  const started = Date.now()
  const { stdout } = await run(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { timeout: 30_000 })
  expect(stdout.trim()).toBe('12 0')
  expect(Date.now() - started).toBeLessThan(15_000) // the aborted exchange (2 s upstream) keeps nothing alive
}, 40_000)
