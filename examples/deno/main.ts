// surefetch on Deno: a script that talks to an API with the routes of the
// project's fault server (/json, /echo, /status/:code, /delay/:ms).
//
//   deno run --allow-net=127.0.0.1 main.ts [base-url]    (default http://127.0.0.1:8080)
import { HTTPError, Session, TimeoutError } from 'surefetch'

interface Echo {
  headers: Record<string, string>
  body: string
}

const base = Deno.args[0] ?? 'http://127.0.0.1:8080'

// Defaults for every request of the session; `await using` closes it (and
// aborts anything still in flight) when the script ends.
await using api = new Session({
  baseUrl: base,
  headers: { 'user-agent': 'surefetch-example-deno' },
  timeout: 10_000, // for the whole call, retries included
})

// GET, and parse the JSON body
const hello = await api.get('/json').json<{ hello: string }>()
console.log('GET /json →', JSON.stringify(hello))

// POST a JSON body (/echo answers with the request it received)
const echo = await api.post('/echo', { json: { from: 'deno' } }).json<Echo>()
console.log('POST /echo → the server got', echo.body, 'from', echo.headers['user-agent'])

// A status >= 400 rejects with HTTPError (status, method and URL in its message)
try {
  await api.get('/status/404')
} catch (error) {
  if (!(error instanceof HTTPError)) throw error
  console.log(`HTTPError ${error.status}: ${error.message}`)
}

// A server slower than the timeout rejects with TimeoutError
try {
  await api.get('/delay/5000', { timeout: 250 })
} catch (error) {
  if (!(error instanceof TimeoutError)) throw error
  console.log(`TimeoutError (${error.phase}): ${error.message}`)
}
