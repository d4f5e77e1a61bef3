import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api, call } from '../api/client.ts'
import { onSessionExpired, refreshSession, setAccessToken } from '../api/session.ts'
import { setErrorTrackingUser } from '../app/errorTracking.ts'
import { AuthContext, type AuthState } from './AuthContext.ts'

/**
 * Holds who is signed in. On start it tries the refresh cookie once, so a reload keeps the user signed in without
 * the access token ever being stored. A session that ends under the user (expired, revoked, account disabled) turns
 * the state to anonymous with reason "expired"; RequireAuth then sends them to sign in and back.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const [state, setState] = useState<AuthState>({ status: 'loading' })

  const loadMe = useCallback(async () => {
    const me = await call(api.GET('/api/v1/auth/me'))
    setState({ status: 'signed-in', me })
  }, [])

  useEffect(() => {
    let cancelled = false
    refreshSession()
      .then((ok) => (ok ? loadMe() : setState({ status: 'anonymous' })))
      .catch(() => !cancelled && setState({ status: 'anonymous' }))
    return () => {
      cancelled = true
    }
  }, [loadMe])

  useEffect(
    () =>
      onSessionExpired(() => {
        queryClient.clear()
        setState({ status: 'anonymous', reason: 'expired' })
      }),
    [queryClient],
  )

  // Errors are reported with the signed-in user's id (and nothing else about them).
  useEffect(() => setErrorTrackingUser(state.status === 'signed-in' ? state.me.id : null), [state])

  const signIn = useCallback(
    async (userNameOrEmail: string, password: string) => {
      const tokens = await call(api.POST('/api/v1/auth/login', { body: { userNameOrEmail, password } }))
      // The body also carries the refresh token for non-browser clients; the browser keeps only the HttpOnly cookie.
      setAccessToken(tokens.accessToken)
      await loadMe()
    },
    [loadMe],
  )

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout', { body: { refreshToken: null } })
    } finally {
      setAccessToken(null)
      queryClient.clear()
      setState({ status: 'anonymous', reason: 'signed-out' })
    }
  }, [queryClient])

  const value = useMemo(() => ({ state, signIn, signOut, reload: loadMe }), [state, signIn, signOut, loadMe])
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}
