// Not part of the example: the repository's `tsc` type-checks examples/
// without Deno's built-in types, so this declares the one Deno API main.ts
// uses. Deno never reads this file (`deno check main.ts` uses its own types).
declare namespace Deno {
  const args: readonly string[]
}
