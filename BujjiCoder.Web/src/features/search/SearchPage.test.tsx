import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import SearchPage from './SearchPage.tsx'
import { INDEX_POLL_MS } from './useSearchIndex.ts'

const me = { id: '1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: ['workspaces.read'] }
const hits = [
  { path: 'src/Greeter.cs', line: 5, snippet: 'public string Greet() => "hi";', score: 3, symbol: 'Greet', kind: 'method' },
  { path: 'web/app.ts', line: 3, snippet: 'export function greet(user: User) {', score: 2, symbol: 'greet', kind: 'function' },
  { path: 'tool.py', line: 4, snippet: 'def greet(name):', score: 1 },
]

// A chunk found by meaning: its first line is a comment, so only the symbol says which definition it holds.
const meaningHits = [{ path: 'src/Payments.cs', line: 12, snippet: '/// Takes the money.', score: 0.8123, symbol: 'CapturePayment', kind: 'method' }]

function info(semanticSearch: boolean) {
  return {
    name: 'Bujji Coder',
    version: '1.0.0',
    environment: 'Test',
    mode: 'server',
    database: 'postgresql',
    cache: 'redis',
    registrationMode: 'open',
    providers: [],
    features: { SemanticSearch: semanticSearch },
    sentryDsn: null,
    retrieval: { semanticSearch, embeddingModel: 'all-MiniLM-L6-v2', vectorStore: 'exact' },
  }
}

function indexState(pendingFiles: number) {
  return {
    enabled: true,
    model: 'all-MiniLM-L6-v2',
    vectorStore: 'exact',
    files: 56,
    indexedFiles: 56 - pendingFiles,
    pendingFiles,
    chunks: 1234,
    lastIndexedAt: '2026-12-07T23:40:00Z',
  }
}

/** The Api of the search screen; without `semanticSearch`, /api/v1/info is not stubbed at all (404), as for an old server. */
function stubSearchApi({ semanticSearch, index = [indexState(0)] }: { semanticSearch?: boolean; index?: object[] } = {}) {
  const searches: URLSearchParams[] = []
  let indexRequests = 0
  const fetch = stubApi(
    {
      ...(semanticSearch === undefined ? {} : { '/api/v1/info': info(semanticSearch) }),
      '/api/v1/workspaces/w1/search/index': () => jsonResponse(index[Math.min(indexRequests++, index.length - 1)]),
      '/api/v1/workspaces/w1/search': (request) => {
        const { searchParams } = new URL(request.url)
        searches.push(searchParams)
        const mode = searchParams.get('mode')
        return jsonResponse({
          query: searchParams.get('q'),
          mode,
          hits: searchParams.get('q') === 'nothing' ? [] : mode === 'semantic' || mode === 'hybrid' ? meaningHits : hits,
        })
      },
    },
    { me },
  )
  return { searches, fetch, indexRequests: () => indexRequests }
}

function render(path: string) {
  return renderRoutes(
    [
      { path: '/workspaces/:ws/search', element: <SearchPage /> },
      { path: '/workspaces/:ws/files/*', element: <p>file opened</p> },
    ],
    path,
  )
}

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
  vi.useRealTimers()
})

describe('SearchPage', () => {
  test('arrow keys move through the hits from the query box and Enter opens the chosen file at its line', async () => {
    const { searches } = stubSearchApi()
    const { router } = render('/workspaces/w1/search?q=greet&mode=symbol')

    const box = await screen.findByRole('combobox', { name: 'Search the workspace' })
    await screen.findAllByRole('option')
    expect(searches[0].get('mode')).toBe('symbol')

    box.focus()
    await userEvent.keyboard('{ArrowDown}{ArrowDown}')
    const options = screen.getAllByRole('option')
    expect(options[1]).toHaveAttribute('aria-selected', 'true')
    expect(box).toHaveAttribute('aria-activedescendant', options[1].id)

    await userEvent.keyboard('{ArrowUp}{ArrowDown}{Enter}')
    expect(router.state.location.pathname).toBe('/workspaces/w1/files/web/app.ts')
    expect(router.state.location.search).toBe('?line=3')
  })

  test('typing searches after a pause and keeps the query in the URL; a click opens a hit', async () => {
    stubSearchApi()
    const { router } = render('/workspaces/w1/search')
    expect(await screen.findByText(/Type to search the files/)).toBeInTheDocument()

    await userEvent.type(screen.getByRole('combobox', { name: 'Search the workspace' }), 'greet')
    const option = await screen.findByRole('option', { name: /tool\.py/ })
    expect(router.state.location.search).toContain('q=greet')

    await userEvent.click(option)
    expect(router.state.location.pathname).toBe('/workspaces/w1/files/tool.py')
  })

  test('a query with no hits says so and suggests the other mode', async () => {
    stubSearchApi()
    render('/workspaces/w1/search?q=nothing&mode=text')
    expect(await screen.findByText(/No matches for “nothing”/)).toHaveTextContent('switch to Symbol')
  })

  test('without semantic search on the server, only Text and Symbol are offered and nothing asks for the index', async () => {
    const { searches, indexRequests } = stubSearchApi({ semanticSearch: false })
    const { router } = render('/workspaces/w1/search?q=greet')

    await screen.findAllByRole('option')
    const modes = screen.getByRole('radiogroup', { name: 'Search mode' })
    expect(within(modes).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['text', 'symbol'])
    expect(searches[0].get('mode')).toBe('text')
    expect(screen.queryByText(/Semantic index/)).toBeNull()
    expect(indexRequests()).toBe(0)

    // A shared link to a meaning search still finds something here: by words.
    await act(() => router.navigate('/workspaces/w1/search?q=greet&mode=semantic'))
    expect(within(modes).getByRole('radio', { name: 'Text' })).toBeChecked()
    expect(searches.every((search) => search.get('mode') === 'text')).toBe(true)
  })

  test('with semantic search on, Meaning and Hybrid are offered, Hybrid is the default and the URL carries the chosen mode', async () => {
    const { searches } = stubSearchApi({ semanticSearch: true })
    const { router } = render('/workspaces/w1/search')
    const modes = await screen.findByRole('radiogroup', { name: 'Search mode' })
    await waitFor(() => expect(within(modes).getByRole('radio', { name: 'Hybrid' })).toBeChecked())
    expect(within(modes).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['text', 'symbol', 'semantic', 'hybrid'])

    await userEvent.type(screen.getByRole('combobox', { name: 'Search the workspace' }), 'charge the card')
    await screen.findByRole('option', { name: /src\/Payments\.cs/ })
    expect(new URLSearchParams(router.state.location.search).get('mode')).toBe('hybrid')
    expect(searches.at(-1)?.get('mode')).toBe('hybrid')

    await userEvent.click(within(modes).getByRole('radio', { name: 'Meaning' }))
    await waitFor(() => expect(searches.at(-1)?.get('mode')).toBe('semantic'))
    const params = new URLSearchParams(router.state.location.search)
    expect([params.get('q'), params.get('mode')]).toEqual(['charge the card', 'semantic'])
    const hit = await screen.findByRole('option', { name: /src\/Payments\.cs/ })
    expect(hit).toHaveTextContent('CapturePayment')
    expect(hit).toHaveTextContent('81% similar')
  })

  test('a meaning search with no hits while files are pending says the index has not reached them yet, and asks again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { searches } = stubSearchApi({ semanticSearch: true, index: [indexState(12)] })
    render('/workspaces/w1/search?q=nothing&mode=hybrid')
    expect(await screen.findByText(/No matches for “nothing”/)).toHaveTextContent('12 files are still waiting for the semantic index')
    const asked = searches.length

    await act(() => vi.advanceTimersByTimeAsync(INDEX_POLL_MS))
    await waitFor(() => expect(searches.length).toBe(asked + 1))
  })

  test('a mode the server refuses shows the problem in an alert', async () => {
    const fetch = stubSearchApi({ semanticSearch: true }).fetch
    const answer = fetch.getMockImplementation()!
    // The flag was switched off after the info was read: the Api refuses the mode the screen still offers.
    fetch.mockImplementation(async (request: Request) =>
      new URL(request.url).pathname === '/api/v1/workspaces/w1/search'
        ? jsonResponse(
            {
              type: 'https://bujji.dev/problems/semantic-search-unavailable',
              title: 'Semantic search is not available',
              status: 400,
              detail: 'Semantic search is switched off on this server. Use mode=text or mode=symbol.',
            },
            400,
          )
        : answer(request),
    )
    render('/workspaces/w1/search?q=charge+the+card&mode=semantic')

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Search failed')
    expect(alert).toHaveTextContent('Semantic search is switched off on this server.')
  })

  test('the index state is asked for again while files are pending, and no longer once none are; then the search runs again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { indexRequests, searches } = stubSearchApi({ semanticSearch: true, index: [indexState(12), indexState(3), indexState(0)] })
    render('/workspaces/w1/search?q=charge+the+card&mode=semantic')

    expect(await screen.findByText('Semantic index: 1,234 chunks · 12 files pending')).toBeInTheDocument()
    expect(screen.getByRole('progressbar', { name: 'Semantic indexing' })).toHaveAttribute('aria-valuenow', '78')

    await act(() => vi.advanceTimersByTimeAsync(INDEX_POLL_MS))
    expect(await screen.findByText('Semantic index: 1,234 chunks · 3 files pending')).toBeInTheDocument()
    const searchesWhilePending = searches.length

    await act(() => vi.advanceTimersByTimeAsync(INDEX_POLL_MS))
    expect(await screen.findByText('Semantic index: 1,234 chunks · up to date')).toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(indexRequests()).toBe(3)
    // The results on screen were found while files were still pending: they are fetched again with the whole index.
    await waitFor(() => expect(searches.length).toBe(searchesWhilePending + 1))

    await act(() => vi.advanceTimersByTimeAsync(INDEX_POLL_MS * 3))
    expect(indexRequests()).toBe(3)
  })
})
