import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { SearchMode } from './searchTypes.ts'

export const SEARCH_LIMIT = 50

export function useSearch(ws: string, q: string, mode: SearchMode, ready: boolean) {
  return useQuery({
    queryKey: ['search', ws, mode, q],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/workspaces/{ws}/search', { params: { path: { ws }, query: { q, mode, limit: SEARCH_LIMIT } }, signal })),
    enabled: ready && q.trim().length > 0,
    // The previous results stay on screen while the next query runs, so the list does not flash empty per keystroke.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  })
}
