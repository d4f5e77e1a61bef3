/** react-query hooks for workspaces and their members; every screen of this folder reads through these keys. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { WorkspaceRole } from './workspaceTypes.ts'

export const workspaceKeys = {
  all: ['workspaces'] as const,
  list: (page: number, pageSize: number) => ['workspaces', 'list', page, pageSize] as const,
  one: (ws: string) => ['workspaces', ws] as const,
  members: (ws: string) => ['workspaces', ws, 'members'] as const,
  importJob: (ws: string, jobId: string) => ['workspaces', ws, 'import', jobId] as const,
}

export function useWorkspaces(page: number, pageSize: number) {
  return useQuery({
    queryKey: workspaceKeys.list(page, pageSize),
    queryFn: () =>
      call(api.GET('/api/v1/workspaces', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
  })
}

export function useWorkspace(ws: string) {
  return useQuery({
    queryKey: workspaceKeys.one(ws),
    queryFn: () => call(api.GET('/api/v1/workspaces/{ws}', { params: { path: { ws } } })),
  })
}

export function useCreateWorkspace() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; description: string | null }) =>
      call(api.POST('/api/v1/workspaces', { body })),
    onSuccess: (workspace) => {
      client.setQueryData(workspaceKeys.one(workspace.id), workspace)
      return client.invalidateQueries({ queryKey: ['workspaces', 'list'] })
    },
  })
}

export function useUpdateWorkspace(ws: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name?: string; description?: string }) =>
      call(api.PATCH('/api/v1/workspaces/{ws}', { params: { path: { ws } }, body: { name: null, description: null, ...body } })),
    onSuccess: (workspace) => {
      client.setQueryData(workspaceKeys.one(ws), workspace)
      return client.invalidateQueries({ queryKey: ['workspaces', 'list'] })
    },
  })
}

export function useDeleteWorkspace() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (ws: string) => call(api.DELETE('/api/v1/workspaces/{ws}', { params: { path: { ws } } })),
    onSuccess: (_, ws) => {
      client.removeQueries({ queryKey: workspaceKeys.one(ws) })
      return client.invalidateQueries({ queryKey: ['workspaces', 'list'] })
    },
  })
}

export function useMembers(ws: string) {
  return useQuery({
    queryKey: workspaceKeys.members(ws),
    queryFn: () => call(api.GET('/api/v1/workspaces/{ws}/members', { params: { path: { ws } } })),
  })
}

/**
 * Membership changes can change my own role (an Owner demoting themselves) or my access (leaving), so the workspace
 * and my list are reloaded too. Not awaited: someone who just left is sent away at once, not shown "not found" first.
 */
function useMemberMutation<T>(ws: string, mutationFn: (input: T) => Promise<unknown>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: workspaceKeys.members(ws) })
      void client.invalidateQueries({ queryKey: workspaceKeys.one(ws), exact: true })
      void client.invalidateQueries({ queryKey: ['workspaces', 'list'] })
    },
  })
}

export function useAddMember(ws: string) {
  return useMemberMutation(ws, (body: { user: string; role: WorkspaceRole }) =>
    call(api.POST('/api/v1/workspaces/{ws}/members', { params: { path: { ws } }, body })),
  )
}

export function useSetMemberRole(ws: string) {
  return useMemberMutation(ws, ({ userId, role }: { userId: string; role: WorkspaceRole }) =>
    call(api.PUT('/api/v1/workspaces/{ws}/members/{userId}', { params: { path: { ws, userId } }, body: { role } })),
  )
}

export function useRemoveMember(ws: string) {
  return useMemberMutation(ws, (userId: string) =>
    call(api.DELETE('/api/v1/workspaces/{ws}/members/{userId}', { params: { path: { ws, userId } } })),
  )
}
