import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { renderRoutes } from '../../test/render.tsx'
import RulesPage from './RulesPage.tsx'

const me = { id: '1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: ['workspaces.read', 'workspaces.write'] }

function stubRulesApi(role: 'viewer' | 'editor', put: (request: Request) => Promise<Response> = async () => jsonResponse({})) {
  return stubApi(
    {
      '/api/v1/workspaces/w1': { id: 'w1', name: 'Demo', role },
      'PUT /api/v1/workspaces/w1/rules': put,
      '/api/v1/workspaces/w1/rules': { text: 'Use tabs.', etag: '"r1"' },
    },
    { me },
  )
}

const render = () =>
  renderRoutes([{ element: <RequireAuth />, children: [{ path: '/workspaces/:ws/rules', element: <RulesPage /> }] }], '/workspaces/w1/rules')

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

describe('RulesPage', () => {
  test('an Editor saves the rules with If-Match naming the version they opened', async () => {
    const bodies: { ifMatch: string | null; body: unknown }[] = []
    stubRulesApi('editor', async (request) => {
      const body = (await request.json()) as { text: string }
      bodies.push({ ifMatch: request.headers.get('If-Match'), body })
      return jsonResponse({ text: body.text, etag: '"r2"' })
    })
    render()

    const box = await screen.findByRole('textbox', { name: 'Workspace rules' })
    await waitFor(() => expect(box).toHaveValue('Use tabs.'))
    await screen.findByRole('button', { name: 'Save rules' })
    await userEvent.clear(box)
    await userEvent.type(box, 'Use spaces.')
    await userEvent.click(screen.getByRole('button', { name: 'Save rules' }))

    await waitFor(() => expect(bodies).toHaveLength(1))
    expect(bodies[0]).toEqual({ ifMatch: '"r1"', body: { text: 'Use spaces.' } })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save rules' })).toBeDisabled())
  })

  test('when someone else saved first, the Editor can reload theirs or overwrite knowingly', async () => {
    const ifMatches: (string | null)[] = []
    stubRulesApi('editor', async (request) => {
      ifMatches.push(request.headers.get('If-Match'))
      return ifMatches.length === 1
        ? jsonResponse({ status: 412, title: 'The file has changed', currentEtag: '"r9"' }, 412)
        : jsonResponse({ text: 'mine', etag: '"r3"' })
    })
    render()

    const box = await screen.findByRole('textbox', { name: 'Workspace rules' })
    await waitFor(() => expect(box).toHaveValue('Use tabs.'))
    await userEvent.type(box, ' mine')
    await userEvent.click(await screen.findByRole('button', { name: 'Save rules' }))

    expect(await screen.findByText('Someone else changed the rules')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Reload theirs' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Overwrite with mine' }))
    // Overwriting names the version the 412 reported, so a third save in between would be refused, not lost.
    await waitFor(() => expect(ifMatches).toEqual(['"r1"', '"r9"']))
  })

  test('a Viewer reads the rules but has nothing to save with', async () => {
    stubRulesApi('viewer')
    render()
    const box = await screen.findByRole('textbox', { name: 'Workspace rules' })
    await waitFor(() => expect(box).toHaveValue('Use tabs.'))
    expect(box).toHaveAttribute('readonly')
    expect(await screen.findByText(/Editors and Owners of the workspace can change them/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Save rules' })).toBeNull()
  })
})
