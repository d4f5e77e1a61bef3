import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, test } from 'vitest'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { renderRoutes } from '../../test/render.tsx'
import { UsersTab } from './UsersTab.tsx'

const me = { id: 'admin-1', userName: 'root', email: 'root@example.com', roles: ['Admin'], permissions: ['admin.users'] }
const ada = {
  id: '11111111-1111-1111-1111-111111111111',
  userName: 'ada',
  email: 'ada@example.com',
  roles: ['User'],
  disabled: false,
  createdAt: '2026-12-01T00:00:00Z',
  lastLoginAt: null,
  budget: null,
}

test('disabling a user asks first, then patches only "disabled"', async () => {
  const patches: unknown[] = []
  stubApi(
    {
      [`PATCH /api/v1/admin/users/${ada.id}`]: async (request) => {
        patches.push(await request.json())
        return jsonResponse({ ...ada, disabled: true })
      },
      'GET /api/v1/admin/users': { items: [ada], page: 1, pageSize: 25, total: 1 },
    },
    { me },
  )
  const user = userEvent.setup()
  // Behind RequireAuth, as in the app: the tab reads the signed-in user.
  renderRoutes([{ element: <RequireAuth />, children: [{ path: '*', element: <UsersTab /> }] }], '/admin')

  await user.click(await screen.findByRole('switch', { name: 'ada may sign in' }))
  const dialog = await screen.findByRole('dialog', { name: 'Disable ada?' })
  expect(patches).toEqual([])
  await user.click(within(dialog).getByRole('button', { name: 'Disable' }))

  await waitFor(() => expect(patches).toEqual([{ disabled: true }]))
})
