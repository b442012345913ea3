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
  splitting: false,
  external: ['msw'],
})
