import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call, rawFetch } from '../../api/client.ts'

const PAGE_SIZE = 50

export const revisionKeys = {
  all: (ws: string) => ['revisions', ws] as const,
  list: (ws: string) => ['revisions', ws, 'list'] as const,
  one: (ws: string, rev: string) => ['revisions', ws, 'one', rev] as const,
  diff: (ws: string, rev: string) => ['revisions', ws, 'diff', rev] as const,
  authors: (ws: string) => ['revisions', ws, 'authors'] as const,
}

export function useRevisions(ws: string) {
  return useInfiniteQuery({
    queryKey: revisionKeys.list(ws),
    queryFn: async ({ pageParam }) =>
      await call(
        api.GET('/api/v1/workspaces/{ws}/revisions', { params: { path: { ws }, query: { page: pageParam, pageSize: PAGE_SIZE } } }),
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  })
}

export function useRevision(ws: string, rev: string | undefined) {
  return useQuery({
    queryKey: revisionKeys.one(ws, rev ?? ''),
    queryFn: async () => await call(api.GET('/api/v1/workspaces/{ws}/revisions/{rev}', { params: { path: { ws, rev: rev! } } })),
    enabled: rev !== undefined,
    // A revision never changes once written.
    staleTime: Infinity,
  })
}

/** The revision as a unified diff (text, not JSON). */
export function useRevisionDiff(ws: string, rev: string | undefined) {
  return useQuery({
    queryKey: revisionKeys.diff(ws, rev ?? ''),
    queryFn: async ({ signal }) => {
      const url = `/api/v1/workspaces/${encodeURIComponent(ws)}/revisions/${encodeURIComponent(rev!)}/diff`
      return await (await rawFetch(url, { signal })).text()
    },
    enabled: rev !== undefined,
    staleTime: Infinity,
  })
}

/** Names for author ids; members who have left show as an id (the history keeps them). */
export function useAuthors(ws: string) {
  return useQuery({
    queryKey: revisionKeys.authors(ws),
    queryFn: async () => {
      const members = await call(api.GET('/api/v1/workspaces/{ws}/members', { params: { path: { ws } } }))
      return new Map(members.map((m) => [m.userId, m.userName]))
    },
    staleTime: 5 * 60_000,
  })
}

export function useRevert(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (rev: string) =>
      await call(api.POST('/api/v1/workspaces/{ws}/revisions/{rev}/revert', { params: { path: { ws, rev } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: revisionKeys.list(ws) }),
  })
}
