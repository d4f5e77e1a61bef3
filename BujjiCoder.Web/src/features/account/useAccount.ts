import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'

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

export function useSessions() {
  return useQuery({
    queryKey: SESSIONS,
    queryFn: () => call(api.GET('/api/v1/me/sessions')),
  })
}

export function useRevokeSession() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS }),
  })
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      call(api.POST('/api/v1/auth/change-password', { body })),
  })
}
