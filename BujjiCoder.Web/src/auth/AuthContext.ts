import { createContext, useContext } from 'react'
import type { Me } from '../api/types.ts'

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'expired' | 'signed-out' }
  | { status: 'signed-in'; me: Me }

export interface AuthContextValue {
  state: AuthState
  signIn(userNameOrEmail: string, password: string): Promise<void>
  signOut(): Promise<void>
  /** Reloads /auth/me, e.g. after a role change. */
  reload(): Promise<void>
}

export const AuthContext = createContext<AuthContextValue | null>(null)

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('useAuth outside AuthProvider')
  return value
}

/** The signed-in user; only for screens behind RequireAuth. */
export function useMe(): Me {
  const { state } = useAuth()
  if (state.status !== 'signed-in') throw new Error('useMe outside a signed-in screen')
  return state.me
}

export function isAdmin(me: Me): boolean {
  return me.roles.includes('Admin')
}
