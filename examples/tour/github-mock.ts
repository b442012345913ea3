/**
 * A few api.github.com routes for the tour, so it runs with no network:
 * the API root, repository search (with text matches) and `/user` behind
 * Basic auth. The httpbin routes come from `surefetch/mocks`.
 */
import { http, HttpResponse } from 'msw'

export const GITHUB = 'https://api.github.com'
export const DEMO_USER = 'octocat'
export const DEMO_PASSWORD = 'correct horse battery staple'

const root = {
  current_user_url: `${GITHUB}/user`,
  repository_search_url: `${GITHUB}/search/repositories?q={query}{&page,per_page,sort,order}`,
  user_url: `${GITHUB}/users/{user}`,
}

const repositories = [
  {
    name: 'requests',
    full_name: 'psf/requests',
    description: 'A simple, yet elegant, HTTP library.',
    language: 'Python',
    text_matches: [{ fragment: 'A simple, yet elegant, HTTP library.', matches: [{ text: 'requests' }] }],
  },
  {
    name: 'surefetch',
    full_name: 'surefetch/surefetch',
    description: 'requests for the fetch world.',
    language: 'TypeScript',
    text_matches: [{ fragment: 'requests for the fetch world.', matches: [{ text: 'requests' }] }],
  },
]

export const githubHandlers = [
  http.get(`${GITHUB}/`, () => HttpResponse.json(root)),
  http.get(`${GITHUB}/search/repositories`, ({ request }) => {
    const url = new URL(request.url)
    const query = url.searchParams.get('q') ?? ''
    const [term = '', ...qualifiers] = query.split(/[+ ]/)
    const language = qualifiers.find((q) => q.startsWith('language:'))?.slice('language:'.length)
    const textMatch = request.headers.get('accept')?.includes('text-match') ?? false
    const items = repositories
      .filter((repo) => repo.name.includes(term) || repo.description.includes(term))
      .filter((repo) => !language || repo.language.toLowerCase() === language.toLowerCase())
      .map(({ text_matches, ...repo }) => (textMatch ? { ...repo, text_matches } : repo))
    return HttpResponse.json({ total_count: items.length, incomplete_results: false, items })
  }),
  http.get(`${GITHUB}/user`, ({ request }) => {
    const expected = `Basic ${btoa(`${DEMO_USER}:${DEMO_PASSWORD}`)}`
    if (request.headers.get('authorization') !== expected) {
      return HttpResponse.json(
        { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' },
        { status: 401, statusText: 'Unauthorized' },
      )
    }
    return HttpResponse.json({ login: DEMO_USER, id: 583231, type: 'User' })
  }),
  http.get(`${GITHUB}/*`, () =>
    HttpResponse.json({ message: 'Not Found' }, { status: 404, statusText: 'Not Found' }),
  ),
]
