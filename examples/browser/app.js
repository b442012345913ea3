// What the page does with surefetch. index.html calls run() with the API
// origin typed into its form; the Chromium test loads index.html itself.
//
// `surefetch` is a bare specifier: the import map in index.html resolves it
// (to the built file here, or to a CDN), and a bundler resolves it from
// node_modules — see README.md.
import { HTTPError, Session, TimeoutError } from 'surefetch'

/**
 * Talks to an API with the routes of the project's fault server (/json,
 * /echo, /status/:code, /delay/:ms) and reports what happened.
 *
 * @param {string} base the API's origin, e.g. `http://127.0.0.1:8080`
 */
export async function run(base) {
  const api = new Session({
    baseUrl: base,
    // A custom header makes this a CORS "non-simple" request: the browser
    // sends a preflight first, and the server has to allow the header.
    headers: { 'x-client': 'surefetch-browser-example' },
    timeout: 10_000,
  })
  try {
    // GET, and parse the JSON body
    const hello = await api.get('/json').json()

    // POST a JSON body (/echo answers with the request it received)
    const echo = await api.post('/echo', { json: { from: 'the browser' } }).json()

    // A status >= 400 rejects with HTTPError, whose message names status, method and URL
    let notFound = ''
    try {
      await api.get('/status/404')
    } catch (error) {
      if (!(error instanceof HTTPError)) throw error
      notFound = error.message
    }

    // A server slower than the timeout rejects with TimeoutError
    let timedOut = ''
    try {
      await api.get('/delay/5000', { timeout: 250 })
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error
      timedOut = error.message
    }

    return {
      hello,
      posted: JSON.parse(echo.body),
      clientHeader: echo.headers['x-client'],
      notFound,
      timedOut,
    }
  } finally {
    api.close() // aborts anything still in flight
  }
}
