import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { CreateTokenRequest, IssuedToken } from './accountTypes.ts'

const TOKENS = ['me', 'tokens']

export function useTokens() {
  return useQuery({ queryKey: TOKENS, queryFn: () => call(api.GET('/api/v1/me/tokens')) })
}

/**
 * Creating and rotating hand the secret straight to `onIssued` and resolve with the id only: react-query keeps a
 * mutation's result in its cache, and the secret must live nowhere but the modal that shows it once.
 */
export function useIssueToken(onIssued: (token: IssuedToken, rotated: boolean) => void) {
  const client = useQueryClient()
  const settle = () => client.invalidateQueries({ queryKey: TOKENS })
  const create = useMutation({
    mutationFn: async (request: CreateTokenRequest) => {
      const token = await call(api.POST('/api/v1/me/tokens', { body: request }))
      onIssued(token, false)
      return token.id
    },
    onSettled: settle,
  })
  const rotate = useMutation({
    mutationFn: async (id: string) => {
      const token = await call(api.POST('/api/v1/me/tokens/{id}/rotate', { params: { path: { id } } }))
      onIssued(token, true)
      return token.id
    },
    onSettled: settle,
  })
  return { create, rotate }
}

export function useRevokeToken() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: TOKENS }),
  })
}
