import type { Schemas } from '../../api/types.ts'

export type TokenInfo = Schemas['TokenInfo']
export type IssuedToken = Schemas['IssuedToken']
export type CreateTokenRequest = Schemas['CreateTokenRequest']

/** A signed-in browser (a refresh-token family); `current` is the one this request came from. */
export type SessionInfo = Schemas['SessionResponse']
