import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test } from 'vitest'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { renderRoutes } from '../../test/render.tsx'
import { ProfileTab } from './ProfileTab.tsx'

function answerChangeWith(errors: Record<string, string[]>) {
  stubApi({
    'POST /api/v1/auth/change-password': () =>
      jsonResponse({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors }, 400),
  })
}

async function changePassword() {
  // ProfileTab reads the signed-in user, as it does behind RequireAuth in the app.
  renderRoutes([{ element: <RequireAuth />, children: [{ path: '/account', element: <ProfileTab /> }] }], '/account')
  const user = userEvent.setup()
  const current = await screen.findByLabelText(/^Current password/)
  const next = screen.getByLabelText(/^New password/)
  await user.type(current, 'old-horse-battery')
  await user.type(next, 'correct-horse-battery-staple')
  await user.type(screen.getByLabelText(/^Confirm new password/), 'correct-horse-battery-staple')
  await user.click(screen.getByRole('button', { name: 'Change password' }))
  return { current, next }
}

afterEach(() => setAccessToken(null))

describe('Change password', { timeout: 20_000 }, () => {
  test('a wrong current password (errors.currentPassword) shows under the current-password field', async () => {
    answerChangeWith({ currentPassword: ['Incorrect password.'] })
    const { current, next } = await changePassword()

    await waitFor(() => expect(current).toHaveAccessibleDescription('Incorrect password.'))
    expect(next).not.toHaveAccessibleDescription(/Incorrect password/)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('a rejected new password (errors.newPassword) shows under the new-password field', async () => {
    answerChangeWith({ newPassword: ['This password is on a list of commonly used passwords; choose another.'] })
    const { current, next } = await changePassword()

    await waitFor(() => expect(next).toHaveAccessibleDescription(/commonly used passwords/))
    expect(current).not.toHaveAccessibleDescription(/commonly used/)
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
