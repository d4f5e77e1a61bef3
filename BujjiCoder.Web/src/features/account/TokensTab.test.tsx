import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, test } from 'vitest'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderAt } from '../../test/render.tsx'
import { TokensTab } from './TokensTab.tsx'

const SECRET = 'bjc_0123456789abcdefSECRET'
const me = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }
const info = {
  id: 't1',
  userId: 'u1',
  name: 'ci',
  scopes: ['read'],
  hint: 'bjc_0123',
  createdAt: '2026-12-07T09:00:00Z',
  expiresAt: '2099-03-07T00:00:00Z',
  lastUsedAt: null,
  revoked: false,
}

function stubTokensApi() {
  let created = false
  return stubApi(
    {
      'POST /api/v1/me/tokens': async (request) => {
        created = true
        const body = (await request.json()) as { name: string; scopes: string[]; expiresAt: string }
        return jsonResponse({ id: 't1', name: body.name, scopes: body.scopes, expiresAt: body.expiresAt, token: SECRET }, 201)
      },
      '/api/v1/me/tokens': () => jsonResponse(created ? [info] : []),
    },
    { me },
  )
}

test('a new token is shown once, and its secret is kept nowhere after the modal closes', async () => {
  stubTokensApi()
  const user = userEvent.setup()
  let client: QueryClient | undefined
  function CacheProbe() {
    client = useQueryClient()
    return null
  }
  renderAt(
    <>
      <TokensTab admin={false} />
      <CacheProbe />
    </>,
  )

  await user.click(await screen.findByRole('button', { name: 'Create token' }))
  const form = await screen.findByRole('dialog', { name: 'Create a personal access token' })
  expect(within(form).queryByRole('checkbox', { name: /admin/ })).toBeNull()
  await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'ci')
  await user.click(within(form).getByRole('button', { name: 'Create token' }))

  const shown = await screen.findByRole('dialog', { name: 'Your new token' })
  expect(within(shown).getByText(SECRET)).toBeInTheDocument()
  expect(within(shown).getByRole('button', { name: 'Copy token' })).toBeInTheDocument()

  await user.click(within(shown).getByRole('button', { name: 'I have copied it' }))

  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  expect(await screen.findByText('ci')).toBeInTheDocument()
  expect(document.body.textContent).not.toContain(SECRET)
  const cached = JSON.stringify([
    client!.getQueryCache().getAll().map((q) => q.state.data),
    client!.getMutationCache().getAll().map((m) => m.state.data),
  ])
  expect(cached).not.toContain(SECRET)
})
