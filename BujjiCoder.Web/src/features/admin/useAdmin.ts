import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { Schemas } from '../../api/types.ts'
import type { UserPatch } from './adminTypes.ts'
import { auditQuery, type AuditFilters } from './auditQuery.ts'

export const USERS_PAGE_SIZE = 25

export function useUsers(page: number) {
  return useQuery({
    queryKey: ['admin', 'users', page],
    queryFn: () => call(api.GET('/api/v1/admin/users', { params: { query: { page: page, pageSize: USERS_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  })
}

/** Every user (up to 200), for naming actors in the audit log and choosing one as a filter. */
export function useAllUsers() {
  return useQuery({
    queryKey: ['admin', 'users', 'all'],
    queryFn: () => call(api.GET('/api/v1/admin/users', { params: { query: { page: 1, pageSize: 200 } } })),
    staleTime: 60_000,
  })
}

export function usePatchUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) =>
      call(
        api.PATCH('/api/v1/admin/users/{id}', {
          params: { path: { id } },
          // A field left out is "unchanged" for the Api: the body carries only what the admin changed.
          body: patch,
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['admin', 'users'] }),
  })
}

export function useAudit(filters: AuditFilters, page: number) {
  const query = auditQuery(filters, page)
  return useQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: () => call(api.GET('/api/v1/admin/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}

/** The Jobs tab is a status screen left open: it asks again this often, so a run that fails shows without a reload. */
export const JOBS_POLL_MS = 30_000

export function useJobs() {
  return useQuery({
    queryKey: ['admin', 'jobs'],
    queryFn: () => call(api.GET('/api/v1/admin/jobs')),
    refetchInterval: JOBS_POLL_MS,
  })
}

const INVITATIONS = ['admin', 'invitations']

export function useInvitations() {
  return useQuery({ queryKey: INVITATIONS, queryFn: () => call(api.GET('/api/v1/admin/invitations')) })
}

export function useCreateInvitation() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Schemas['CreateInvitationRequest']) => call(api.POST('/api/v1/admin/invitations', { body })),
    onSettled: () => client.invalidateQueries({ queryKey: INVITATIONS }),
  })
}

export function useRevokeInvitation() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/admin/invitations/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: INVITATIONS }),
  })
}
