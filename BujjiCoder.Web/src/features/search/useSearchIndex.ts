import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { api, call } from '../../api/client.ts'

/** How often the index state is asked for while files wait to be embedded (the Worker polls every 2 s by default). */
export const INDEX_POLL_MS = 3_000

/**
 * The workspace's semantic index (chunks, files still waiting to be embedded), followed while anything is pending and
 * left alone once nothing is. When the last pending file is indexed, the searches on screen run again: a meaning
 * search made while the index was being built did not see the files that were still pending.
 */
export function useSearchIndex(ws: string, enabled: boolean) {
  const queryClient = useQueryClient()
  const index = useQuery({
    queryKey: ['search-index', ws],
    queryFn: ({ signal }) => call(api.GET('/api/v1/workspaces/{ws}/search/index', { params: { path: { ws } }, signal })),
    enabled,
    refetchInterval: (query) => ((query.state.data?.pendingFiles ?? 0) > 0 ? INDEX_POLL_MS : false),
    retry: false,
  })

  const pending = index.data?.pendingFiles
  const wasPending = useRef(false)
  useEffect(() => {
    if (pending === undefined) return
    if (wasPending.current && pending === 0) void queryClient.invalidateQueries({ queryKey: ['search', ws] })
    wasPending.current = pending > 0
  }, [pending, queryClient, ws])

  return index
}
