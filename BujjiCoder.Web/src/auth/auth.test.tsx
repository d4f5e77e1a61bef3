import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../api/connectivity.ts'
import { setAccessToken } from '../api/session.ts'
import { jsonResponse } from '../test/http.ts'
import { renderRoutes } from '../test/render.tsx'
import LoginPage from './LoginPage.tsx'
import { RequireAuth, safeNext } from './RequireAuth.tsx'

const info = { name: 'Bujji Coder', version: '1', environment: 'Test', mode: 'local', database: 'postgresql', cache: 'redis', registrationMode: 'open', providers: [], features: {} }
const me = { id: '1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }

function routes() {
  return [
    { path: '/login', element: <LoginPage /> },
    { element: <RequireAuth />, children: [{ path: '/workspaces/:ws/files', element: <p>the files</p> }] },
  ]
}

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

describe('sign-in', () => {
  test('a signed-out visitor is sent to sign in and brought back to where they were going', async () => {
    let signedIn = false
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        switch (new URL(request.url).pathname) {
          case '/api/v1/auth/refresh':
            return jsonResponse({ status: 401 }, 401)
          case '/api/v1/info':
            return jsonResponse(info)
          case '/api/v1/auth/login':
            signedIn = true
            return jsonResponse({ accessToken: 'token', tokenType: 'Bearer', expiresIn: 900, refreshToken: 'r' })
          case '/api/v1/auth/me':
            return signedIn ? jsonResponse(me) : jsonResponse({ status: 401 }, 401)
        }
        return jsonResponse({ status: 404 }, 404)
      }),
    )
    const { router } = renderRoutes(routes(), '/workspaces/w1/files?x=1')

    await screen.findByRole('button', { name: 'Sign in' })
    expect(router.state.location.pathname).toBe('/login')
    await userEvent.type(screen.getByLabelText(/User name or e-mail/), 'ada')
    await userEvent.type(screen.getByLabelText(/^Password/), 'correct-horse-battery')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByText('the files')).toBeInTheDocument()
    expect(router.state.location.pathname + router.state.location.search).toBe('/workspaces/w1/files?x=1')
  })

  test('a locked-out account is told when it may try again, and the password field is cleared', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        switch (new URL(request.url).pathname) {
          case '/api/v1/auth/refresh':
            return jsonResponse({ status: 401 }, 401)
          case '/api/v1/info':
            return jsonResponse(info)
          case '/api/v1/auth/login':
            return jsonResponse({ status: 423, type: 'https://bujjicoder.dev/problems/locked-out', title: 'Account locked' }, 423, { 'Retry-After': '900' })
        }
        return jsonResponse({ status: 404 }, 404)
      }),
    )
    renderRoutes(routes(), '/login')

    await userEvent.type(await screen.findByLabelText(/User name or e-mail/), 'ada')
    await userEvent.type(screen.getByLabelText(/^Password/), 'wrong-password-here')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('This account is locked after too many failed sign-ins. Try again in 15 minutes.')
    await waitFor(() => expect(screen.getByLabelText(/^Password/)).toHaveValue(''))
  })
})

test('after sign-in only same-site paths are followed, so a crafted link cannot send the user to another site', () => {
  expect(safeNext('/workspaces/1/chat')).toBe('/workspaces/1/chat')
  expect(safeNext('https://evil.example/')).toBe('/workspaces')
  expect(safeNext('//evil.example/')).toBe('/workspaces')
  expect(safeNext('/\\evil.example')).toBe('/workspaces')
  expect(safeNext(null)).toBe('/workspaces')
})
