import { MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router'
import { AuthProvider } from '../auth/AuthProvider.tsx'

/**
 * Renders routes the way main.tsx does (theme, modals, queries, auth), at `path`. Stub fetch with stubApi (test/http.ts),
 * which answers the AuthProvider's first calls (the cookie refresh, then /auth/me) so the screen starts signed in.
 */
export function renderRoutes(routes: RouteObject[], path: string): RenderResult & { router: ReturnType<typeof createMemoryRouter> } {
  const router = createMemoryRouter(routes, { initialEntries: [path] })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  )
  return { ...result, router }
}

/** One element at `path`, for screens that only need the providers. */
export function renderAt(element: ReactElement, path = '/', routePath = '*') {
  return renderRoutes([{ path: routePath, element }], path)
}
