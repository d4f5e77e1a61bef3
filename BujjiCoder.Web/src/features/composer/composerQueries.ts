import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'

/** Every file path of the workspace, for picking what the change is about. */
export function useFilePaths(ws: string) {
  return useQuery({
    queryKey: ['composer', 'paths', ws],
    queryFn: async () => {
      const entries = await call(api.GET('/api/v1/workspaces/{ws}/tree', { params: { path: { ws }, query: { recursive: true } } }))
      return entries.filter((e) => e.kind === 'file').map((e) => e.path)
    },
    staleTime: 30_000,
  })
}

export function useCompose(ws: string) {
  return useMutation({
    mutationFn: async (body: { instruction: string; paths: string[]; model: string | null }) =>
      await call(api.POST('/api/v1/workspaces/{ws}/composer', { params: { path: { ws } }, body })),
  })
}

/** All files or none: a 409 (diff-conflict) carries the files that no longer apply. */
export function useApplyDiff(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: { diff: string; message: string }) =>
      await call(api.POST('/api/v1/workspaces/{ws}/diff/apply', { params: { path: { ws } }, body })),
    onSuccess: () => {
      // Other screens hold the workspace's files and history; they are stale now.
      void queryClient.invalidateQueries({ queryKey: ['revisions', ws] })
      void queryClient.invalidateQueries({ queryKey: ['composer', 'paths', ws] })
    },
  })
}
