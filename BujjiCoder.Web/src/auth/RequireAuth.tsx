import { PageLoader } from '../app/PageLoader.tsx'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useAuth } from './AuthContext.ts'

/** Screens behind sign-in. Anyone else goes to /login, which brings them back here afterwards. */
export function RequireAuth() {
  const { state } = useAuth()
  const location = useLocation()
  if (state.status === 'loading') {
    return <PageLoader fullScreen />
  }
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search + location.hash
    const params = new URLSearchParams({ next })
    if (state.reason === 'expired') params.set('expired', '1')
    return <Navigate to={`/login?${params}`} replace />
  }
  return <Outlet />
}

/** Only same-site paths: a crafted ?next=https://evil.example must not send the user elsewhere after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/workspaces'
}
