import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call, rawFetch } from '../../api/client.ts'
import type { SessionInfo } from './accountTypes.ts'

const KEYS = ['me', 'provider-keys']
const SESSIONS = ['me', 'sessions']

export function useProviderKeys() {
  return useQuery({
    queryKey: KEYS,
    queryFn: () => call(api.GET('/api/v1/me/provider-keys')),
  })
}

export function useSaveProviderKey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ provider, apiKey, baseUrl }: { provider: string; apiKey: string; baseUrl: string }) =>
      call(
        api.PUT('/api/v1/me/provider-keys/{provider}', {
          params: { path: { provider } },
          body: { apiKey, baseUrl: baseUrl.trim() || null },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: KEYS }),
  })
}

export function useDeleteProviderKey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (provider: string) =>
      call(api.DELETE('/api/v1/me/provider-keys/{provider}', { params: { path: { provider } } })),
    onSettled: () => client.invalidateQueries({ queryKey: KEYS }),
  })
}

// TODO(openapi): /me/sessions is not in schema.d.ts (nor in the Api) yet, so these go through rawFetch.
export function useSessions() {
  return useQuery({
    queryKey: SESSIONS,
    queryFn: async () => (await (await rawFetch('/api/v1/me/sessions')).json()) as SessionInfo[],
  })
}

export function useRevokeSession() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => rawFetch(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS }),
  })
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      call(api.POST('/api/v1/auth/change-password', { body })),
  })
}
