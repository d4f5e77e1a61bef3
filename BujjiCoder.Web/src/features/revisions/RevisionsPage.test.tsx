import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import type { Revision } from './revisionTypes.ts'
import RevisionsPage from './RevisionsPage.tsx'

const me = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }

function revision(number: number, message: string, authorId = 'u1'): Revision {
  return {
    id: `r${number}`,
    number,
    at: '2026-12-07T09:44:44.30',
    authorId,
    message,
    kind: 'diff',
    revertOf: null,
    fileCount: 1,
    files: [{ path: 'src/greet.ts', change: 'modified', beforeHash: 'a', afterHash: 'b' }],
  }
}

const DIFF = `--- a/src/greet.ts
+++ b/src/greet.ts
@@ -1,2 +1,2 @@
-export const answer = 42
+export const answer = 43
 // end
`

let history: Revision[]
let revertAnswer: () => Response
let reverts: string[]

beforeEach(() => {
  history = [revision(2, 'Greet with enthusiasm', 'u2'), revision(1, 'Write src/greet.ts')]
  reverts = []
  stubApi(
    {
      '/api/v1/workspaces/w1/members': [{ userId: 'u2', userName: 'grace', role: 'editor', addedAt: '2026-12-01T00:00:00Z' }],
      '/api/v1/workspaces/w1/revisions': () => jsonResponse({ items: history, page: 1, pageSize: 50, total: history.length }),
      '/api/v1/workspaces/w1/revisions/:id/diff': () => new Response(DIFF, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
      '/api/v1/workspaces/w1/revisions/:id/revert': (_, { id }) => {
        reverts.push(id)
        return revertAnswer()
      },
      '/api/v1/workspaces/w1/revisions/:id': (_, { id }) => {
        const found = history.find((r) => r.id === id)
        return found ? jsonResponse(found) : jsonResponse({ status: 404 }, 404)
      },
    },
    { me },
  )
})

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

function renderHistory(path = '/workspaces/w1/history') {
  return renderRoutes([{ element: <RequireAuth />, children: [{ path: '/workspaces/:ws/history/:revisionId?', element: <RevisionsPage /> }] }], path)
}

describe('RevisionsPage', { timeout: 20_000 }, () => {
  test('lists revisions newest first with their authors, and shows the newest one’s diff', async () => {
    renderHistory()

    const nav = await screen.findByRole('navigation', { name: 'Revisions' })
    const links = within(nav).getAllByRole('link')
    expect(links.map((l) => l.textContent)).toEqual([expect.stringMatching(/^#2 Greet with enthusiasm.*grace · 1 file$/), expect.stringMatching(/^#1 Write src\/greet\.ts.*you · 1 file$/)])
    const detail = await screen.findByRole('region', { name: 'Revision 2' })
    expect(await within(detail).findByRole('table', { name: 'Changes to src/greet.ts' })).toHaveTextContent('export const answer = 43')
  })

  test('revert asks first, then opens the new revision and the list shows it', async () => {
    revertAnswer = () => {
      const created: Revision = { ...revision(3, 'Revert revision 2: Greet with enthusiasm'), kind: 'revert', revertOf: 'r2' }
      history = [created, ...history]
      return jsonResponse(created)
    }
    const { router } = renderHistory('/workspaces/w1/history/r2')
    const detail = await screen.findByRole('region', { name: 'Revision 2' })

    await userEvent.click(within(detail).getByRole('button', { name: 'Revert' }))
    const dialog = await screen.findByRole('dialog', { name: 'Revert revision #2?' })
    expect(reverts).toEqual([])
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revert' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/workspaces/w1/history/r3'))
    expect(reverts).toEqual(['r2'])
    const nav = screen.getByRole('navigation', { name: 'Revisions' })
    await waitFor(() => expect(within(nav).getAllByRole('link')[0]).toHaveTextContent('#3 Revert revision 2'))
  })

  test('a revert the Api refuses (a file changed since) says so and changes nothing', async () => {
    revertAnswer = () =>
      jsonResponse(
        {
          type: 'https://bujjicoder.dev/problems/conflict',
          title: 'Conflict',
          status: 409,
          detail: "'src/greet.ts' has changed since revision 2; revert the later revisions first.",
        },
        409,
      )
    const { router } = renderHistory('/workspaces/w1/history/r2')
    const detail = await screen.findByRole('region', { name: 'Revision 2' })

    await userEvent.click(within(detail).getByRole('button', { name: 'Revert' }))
    const dialog = await screen.findByRole('dialog', { name: 'Revert revision #2?' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revert' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent("'src/greet.ts' has changed since revision 2; revert the later revisions first.")
    expect(router.state.location.pathname).toBe('/workspaces/w1/history/r2')
  })
})
