import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', mocks: 'mocks/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: true,
  treeshake: true,
  // Code splitting keeps lazily imported modules (the SSE parser) out of the
  // entry chunk, so bundlers can leave them out of apps that never use them.
  splitting: true,
  external: ['msw'],
})
