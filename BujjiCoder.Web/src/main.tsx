import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import './index.css'
import { MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router'
import { infoQuery } from './api/info.ts'
import { reportCaughtError, startErrorTracking } from './app/errorTracking.ts'
import { PageLoader } from './app/PageLoader.tsx'
import { createQueryClient } from './app/queryClient.ts'
import { router } from './app/router.tsx'
import { cssVariablesResolver, theme } from './app/theme.ts'
import { AuthProvider } from './auth/AuthProvider.tsx'

const root = document.getElementById('root')
if (!root) throw new Error('Missing #root element in index.html')

const queryClient = createQueryClient()

// Error tracking starts when the Api names a DSN (Sentry:WebDsn); an Api that cannot be reached leaves it off.
queryClient.fetchQuery(infoQuery).then(startErrorTracking).catch(() => undefined)

// Render errors caught by an error boundary (the router's shows its error page) are reported; uncaught ones reach
// Sentry's global handler.
createRoot(root, { onCaughtError: reportCaughtError }).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
          <AuthProvider>
            <Suspense fallback={<PageLoader />}>
              <RouterProvider router={router} />
            </Suspense>
          </AuthProvider>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
