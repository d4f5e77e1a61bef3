import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { SearchMode } from './searchTypes.ts'
import { INDEX_POLL_MS } from './useSearchIndex.ts'

export const SEARCH_LIMIT = 50

/**
 * The hits for `q`. With `indexing` (a meaning search while files wait to be embedded), an empty answer is asked again
 * at the index's pace: results that exist are left alone, so the list does not reshuffle under the user's selection.
 */
export function useSearch(ws: string, q: string, mode: SearchMode, ready: boolean, indexing = false) {
  return useQuery({
    queryKey: ['search', ws, mode, q],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/workspaces/{ws}/search', { params: { path: { ws }, query: { q, mode, limit: SEARCH_LIMIT } }, signal })),
    enabled: ready && q.trim().length > 0,
    // The previous results stay on screen while the next query runs, so the list does not flash empty per keystroke.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    refetchInterval: (query) => (indexing && query.state.data?.hits.length === 0 ? INDEX_POLL_MS : false),
    retry: false,
  })
}
