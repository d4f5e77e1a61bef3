import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import ImportPage from './ImportPage.tsx'
import MembersPage from './MembersPage.tsx'
import WorkspaceLayout from './WorkspaceLayout.tsx'
import type { ImportJob, WorkspaceRole } from './workspaceTypes.ts'

vi.mock('./uploadArchive.ts', () => ({
  uploadArchive: vi.fn(async (_ws: string, _file: File, options: { onProgress?: (sent: number, total: number) => void }) => {
    options.onProgress?.(5, 10)
    return { kind: 'queued', jobId: 'job-1' }
  }),
}))

const me = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: ['workspaces.read', 'workspaces.create', 'workspaces.write'] }
const workspace = (role: WorkspaceRole) => ({
  id: 'w1', name: 'Shop', description: 'The shop', role, createdAt: '2026-12-07T09:00:00', updatedAt: '2026-12-07T09:00:00',
})
const job = (over: Partial<ImportJob>): ImportJob => ({
  id: 'job-1', status: 'running', bytesTotal: 1000, bytesRead: 500, filesWritten: 12, createdAt: '', updatedAt: '', completedAt: null, result: null, error: null, ...over,
})

function renderWorkspace(path: string) {
  return renderRoutes(
    [
      {
        element: <RequireAuth />,
        children: [
          {
            path: '/workspaces/:ws',
            element: <WorkspaceLayout />,
            children: [
              { path: 'files/*', element: <p>the files</p> },
              { path: 'members', element: <MembersPage /> },
              { path: 'import', element: <ImportPage /> },
              { path: 'settings', element: <p>the settings</p> },
            ],
          },
        ],
      },
    ],
    path,
  )
}

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

describe('workspace frame', () => {
  test('shows the workspace name as the h1 with my role, and a Viewer gets no Import or Settings tab', async () => {
    stubApi({ '/api/v1/workspaces/w1': workspace('viewer') }, { me })
    renderWorkspace('/workspaces/w1/files')

    expect(await screen.findByRole('heading', { level: 1, name: 'Shop' })).toBeInTheDocument()
    expect(screen.getByText('Your role:').parentElement).toHaveTextContent('Your role: Viewer')
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent)
    expect(tabs).toEqual(['Files', 'Search', 'Chat', 'Composer', 'History', 'Rules', 'Members'])
    expect(screen.getByRole('tab', { name: 'Files' })).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByText('the files')).toBeInTheDocument()
  })

  test('an Owner gets every tab, and the tabs navigate', async () => {
    stubApi({ '/api/v1/workspaces/w1': workspace('owner') }, { me })
    const { router } = renderWorkspace('/workspaces/w1/files')

    await userEvent.click(await screen.findByRole('tab', { name: 'Settings' }))

    expect(screen.getAllByRole('tab')).toHaveLength(9)
    expect(router.state.location.pathname).toBe('/workspaces/w1/settings')
    expect(await screen.findByText('the settings')).toBeInTheDocument()
  })

  test('a workspace that does not exist or is not mine says so instead of the tabs', async () => {
    stubApi({}, { me })
    renderWorkspace('/workspaces/w1/files')

    expect(await screen.findByRole('heading', { level: 1, name: 'Workspace not found' })).toBeInTheDocument()
    expect(screen.getByText(/you are not one of its members/)).toBeInTheDocument()
    expect(screen.queryByRole('tab')).not.toBeInTheDocument()
  })
})

describe('import', () => {
  test('a queued import is followed until done and ends in its summary, with the skipped entries and why', async () => {
    let polls = 0
    stubApi(
      {
        '/api/v1/workspaces/w1': workspace('editor'),
        '/api/v1/workspaces/w1/import/job-1': () => {
          polls++
          return jsonResponse(
            polls === 1
              ? job({})
              : job({
                  status: 'succeeded',
                  bytesRead: 1000,
                  result: {
                    revision: 'r1', imported: 42, bytes: 2048, skippedCount: 2,
                    skipped: [
                      { path: 'node_modules/x/index.js', reason: "'node_modules' is never imported" },
                      { path: 'dist/app.js', reason: 'ignored by .gitignore' },
                    ],
                  },
                }),
          )
        },
      },
      { me },
    )
    const { router } = renderWorkspace('/workspaces/w1/import')

    const input = await screen.findByLabelText('Archive file')
    await userEvent.upload(input, new File(['PK'], 'shop.zip', { type: 'application/zip' }))

    expect(await screen.findByText(/Importing: 500 B of 1000 B read \(50%\), 12 files written/)).toBeInTheDocument()
    expect(await screen.findByText('Import finished', {}, { timeout: 3000 })).toBeInTheDocument()
    expect(screen.getByText('42')).toBeInTheDocument()
    expect(screen.getByText('Ignored by .gitignore: 1')).toBeInTheDocument()
    expect(within(screen.getByRole('table', { name: 'Skipped entries' })).getByText('dist/app.js')).toBeInTheDocument()
    const pollsWhenDone = polls
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(polls).toBe(pollsWhenDone)

    await userEvent.click(screen.getByRole('button', { name: 'Open files' }))
    expect(router.state.location.pathname).toBe('/workspaces/w1/files')
  })

  test('a failed job shows the problem and the entries that made the Api refuse the archive', async () => {
    stubApi(
      {
        '/api/v1/workspaces/w1': workspace('owner'),
        '/api/v1/workspaces/w1/import/job-1': job({
          status: 'failed',
          error: {
            type: 'https://bujjicoder.dev/problems/unsafe-archive', title: 'The archive has unsafe entries', status: 400,
            detail: 'The archive has entries that could escape the workspace. Nothing was imported.',
            rejected: [{ path: 'link', reason: 'symbolic link' }],
          },
        }),
      },
      { me },
    )
    renderWorkspace('/workspaces/w1/import')

    await userEvent.upload(await screen.findByLabelText('Archive file'), new File(['PK'], 'evil.zip', { type: 'application/zip' }))

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The archive has unsafe entries')
    expect(alert).toHaveTextContent('Nothing was imported.')
    expect(within(screen.getByRole('table', { name: 'Refused entries' })).getByText('symbolic link')).toBeInTheDocument()
  })

  test('a Viewer is told they cannot import instead of getting a drop zone', async () => {
    stubApi({ '/api/v1/workspaces/w1': workspace('viewer') }, { me })
    renderWorkspace('/workspaces/w1/import')

    expect(await screen.findByText(/Your role in this workspace is Viewer/)).toBeInTheDocument()
    expect(screen.queryByLabelText('Archive file')).not.toBeInTheDocument()
  })
})

describe('members', () => {
  test('adding someone who has no account names them in the message', async () => {
    const fetch = stubApi(
      {
        '/api/v1/workspaces/w1': workspace('owner'),
        'GET /api/v1/workspaces/w1/members': [{ userId: 'u1', userName: 'ada', role: 'owner', addedAt: '2026-12-07T09:00:00Z' }],
        'POST /api/v1/workspaces/w1/members': () =>
          jsonResponse({ type: 'https://bujjicoder.dev/problems/user-not-found', status: 404, title: 'User not found' }, 404),
      },
      { me },
    )
    renderWorkspace('/workspaces/w1/members')

    await userEvent.type(await screen.findByLabelText('User name or e-mail'), 'grace@example.com')
    await userEvent.click(screen.getByRole('button', { name: 'Add member' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('There is no user with the name or e-mail "grace@example.com"')
    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST' && r.url.endsWith('/members'))!
    expect(await post.json()).toEqual({ user: 'grace@example.com', role: 'editor' })
  })

  test('removing the last owner is refused in plain words', async () => {
    stubApi(
      {
        '/api/v1/workspaces/w1': workspace('owner'),
        '/api/v1/workspaces/w1/members': [{ userId: 'u1', userName: 'ada', role: 'owner', addedAt: '2026-12-07T09:00:00Z' }],
        'DELETE /api/v1/workspaces/w1/members/u1': () =>
          jsonResponse({ type: 'https://bujjicoder.dev/problems/last-owner', status: 409, title: 'Last owner' }, 409),
      },
      { me },
    )
    renderWorkspace('/workspaces/w1/members')

    await userEvent.click(await screen.findByRole('button', { name: 'Remove ada' }))
    await userEvent.click(await screen.findByRole('button', { name: 'Remove' }))

    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('A workspace needs at least one owner'))
  })
})
