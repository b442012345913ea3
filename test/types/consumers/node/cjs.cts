// A CommonJS file of a node16 project: `require` resolves the package's
// `require` condition (dist/index.d.cts), which must stand alone as well.
import surefetch = require('surefetch')

export async function cjs(): Promise<void> {
  const response = await surefetch.get('https://api.example.com/', { headers: { accept: 'application/json' } })
  void response.status
  // @ts-expect-error a header value is a string, not a number
  await surefetch.get('https://api.example.com/', { headers: { 'x-n': 5 } })
  // @ts-expect-error a number is not a body
  await surefetch.post('https://api.example.com/', { body: 42 })
}
