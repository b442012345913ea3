// Deno does not report errors inside npm packages (a skipLibCheck of its
// own), so this file imports the built files by path, which makes
// dist/index.d.ts a local module that `deno check` checks in full.
// @ts-types="../../../../dist/index.d.ts"
import { get, post } from '../../../../dist/index.js'

// @ts-expect-error a header value is a string, not a number
await get('https://api.example.com/', { headers: { 'x-n': 5 } })
// @ts-expect-error a number is not a body
await post('https://api.example.com/', { body: 42 })
