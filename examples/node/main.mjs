// surefetch on Node (>= 20): a script that talks to an API with the routes of
// the project's fault server (/json, /echo, /status/:code, /delay/:ms).
//
//   node main.mjs [base-url]        base-url defaults to http://127.0.0.1:8080
import { HTTPError, Session, TimeoutError } from 'surefetch'

const base = process.argv[2] ?? 'http://127.0.0.1:8080'

// Defaults for every request of the session; `await using` (Node >= 24)
// would close it for you — on Node 20, close() in a finally.
const api = new Session({
  baseUrl: base,
  headers: { 'user-agent': 'surefetch-example-node' },
  timeout: 10_000, // for the whole call, retries included
})

try {
  // GET, and parse the JSON body
  const hello = await api.get('/json').json()
  console.log('GET /json →', JSON.stringify(hello))

  // POST a JSON body (/echo answers with the request it received)
  const echo = await api.post('/echo', { json: { from: 'node' } }).json()
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
} finally {
  api.close()
}
