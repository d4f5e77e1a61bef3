import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import SearchPage from './SearchPage.tsx'

const me = { id: '1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: ['workspaces.read'] }
const hits = [
  { path: 'src/Greeter.cs', line: 5, snippet: 'public string Greet() => "hi";', score: 3, symbol: 'Greet', kind: 'method' },
  { path: 'web/app.ts', line: 3, snippet: 'export function greet(user: User) {', score: 2, symbol: 'greet', kind: 'function' },
  { path: 'tool.py', line: 4, snippet: 'def greet(name):', score: 1 },
]

function stubSearchApi() {
  const searches: URLSearchParams[] = []
  stubApi(
    {
      '/api/v1/workspaces/w1/search': (request) => {
        const { searchParams } = new URL(request.url)
        searches.push(searchParams)
        return jsonResponse({ query: searchParams.get('q'), mode: searchParams.get('mode'), hits: searchParams.get('q') === 'nothing' ? [] : hits })
      },
    },
    { me },
  )
  return searches
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
})

describe('SearchPage', () => {
  test('arrow keys move through the hits from the query box and Enter opens the chosen file at its line', async () => {
    const searches = stubSearchApi()
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
})
