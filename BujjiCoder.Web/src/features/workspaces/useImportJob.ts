import { useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import { workspaceKeys } from './workspaceQueries.ts'
import type { ImportJob } from './workspaceTypes.ts'

export const IMPORT_POLL_MS = 500

export function isFinished(job: ImportJob | undefined): boolean {
  return job?.status === 'succeeded' || job?.status === 'failed'
}

/** Follows a queued import until it has succeeded or failed. */
export function useImportJob(ws: string, jobId: string | null) {
  return useQuery({
    queryKey: workspaceKeys.importJob(ws, jobId ?? ''),
    queryFn: () => call(api.GET('/api/v1/workspaces/{ws}/import/{jobId}', { params: { path: { ws, jobId: jobId! } } })),
    enabled: jobId !== null,
    // A job that is gone (404) or a failure that outlived the retries ends the polling; the page shows the problem.
    refetchInterval: (query) => (isFinished(query.state.data) || query.state.status === 'error' ? false : IMPORT_POLL_MS),
    // Progress must keep moving in a background tab too, or the user comes back to a stale bar.
    refetchIntervalInBackground: true,
  })
}
