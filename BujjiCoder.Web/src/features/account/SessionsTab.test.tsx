import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test } from 'vitest'
import { getAccessToken, setAccessToken } from '../../api/session.ts'
import { jsonResponse, requestsOf, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import { SessionsTab } from './SessionsTab.tsx'

const here = { id: 's1', userAgent: 'Chromium on Linux', ip: '10.0.0.1', createdAt: '2026-12-07T09:00:00Z', lastUsedAt: '2026-12-07T10:00:00Z', current: true }
const phone = { id: 's2', userAgent: 'Safari on iPhone', ip: '10.0.0.2', createdAt: '2026-12-06T09:00:00Z', lastUsedAt: '2026-12-06T18:00:00Z', current: false }

function stubSessionsApi() {
  let ended: string[] = []
  return stubApi({
    'GET /api/v1/me/sessions': () => jsonResponse([here, phone].filter((s) => !ended.includes(s.id))),
    'DELETE /api/v1/me/sessions/:id': (_, { id }) => {
      ended = [...ended, id]
      return new Response(null, { status: 204 })
    },
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
  })
}

function renderSessions() {
  return renderRoutes(
    [
      { path: '/account/sessions', element: <SessionsTab /> },
      { path: '/login', element: <p>Sign-in page</p> },
    ],
    '/account/sessions',
  )
}

async function revoke(name: RegExp) {
  await userEvent.click(await screen.findByRole('button', { name }))
  const dialog = await screen.findByRole('dialog', { name: 'Revoke session?' })
  const explanation = dialog.textContent
  await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }))
  return explanation
}

afterEach(() => setAccessToken(null))

describe('SessionsTab', { timeout: 20_000 }, () => {
  test('revoking another browser ends that session only; this browser stays signed in', async () => {
    const fetch = stubSessionsApi()
    const { router } = renderSessions()
    expect(await screen.findByText('Safari on iPhone')).toBeInTheDocument()
    expect(screen.getByText('This browser')).toBeInTheDocument()

    expect(await revoke(/^Revoke session from 10\.0\.0\.2$/)).toContain('That browser will be signed out')

    await waitFor(() => expect(screen.queryByText('Safari on iPhone')).toBeNull())
    const calls = requestsOf(fetch).map((r) => `${r.method} ${r.path}`)
    expect(calls).toContain('DELETE /api/v1/me/sessions/s2')
    expect(calls).not.toContain('POST /api/v1/auth/logout')
    expect(router.state.location.pathname).toBe('/account/sessions')
    expect(getAccessToken()).toBe('token')
  })

  test('revoking this browser says so, then signs out here at once rather than when the access token expires', async () => {
    const fetch = stubSessionsApi()
    const { router } = renderSessions()

    expect(await revoke(/^Revoke session from 10\.0\.0\.1 \(this browser\)$/)).toContain('This is the browser you are using: you will be signed out')

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument()
    const calls = requestsOf(fetch).map((r) => `${r.method} ${r.path}`)
    expect(calls.indexOf('DELETE /api/v1/me/sessions/s1')).toBeLessThan(calls.indexOf('POST /api/v1/auth/logout'))
    expect(calls.indexOf('DELETE /api/v1/me/sessions/s1')).toBeGreaterThanOrEqual(0)
    expect(getAccessToken()).toBeNull()
  })

  test('a session that could not be revoked keeps the user signed in and in place', async () => {
    const fetch = stubApi({
      'GET /api/v1/me/sessions': [here, phone],
      'DELETE /api/v1/me/sessions/:id': () => jsonResponse({ status: 404, title: 'Not Found' }, 404),
    })
    const { router } = renderSessions()

    await revoke(/^Revoke session from 10\.0\.0\.1 \(this browser\)$/)

    await waitFor(() => expect(requestsOf(fetch).some((r) => r.method === 'DELETE')).toBe(true))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(requestsOf(fetch).map((r) => r.path)).not.toContain('/api/v1/auth/logout')
    expect(router.state.location.pathname).toBe('/account/sessions')
    expect(getAccessToken()).toBe('token')
  })
})
