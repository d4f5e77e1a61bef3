import type { Schemas } from '../../api/types.ts'

export type TokenInfo = Schemas['TokenInfo']
export type IssuedToken = Schemas['IssuedToken']
export type CreateTokenRequest = Schemas['CreateTokenRequest']

// TODO(openapi): GET /me/sessions is in docs/API.md but not yet in the Api; shape from the contract table.
export interface SessionInfo {
  id: string
  userAgent: string | null
  ip: string | null
  createdAt: string
  lastUsedAt: string | null
  current: boolean
}
