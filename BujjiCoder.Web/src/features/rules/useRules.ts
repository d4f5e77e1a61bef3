import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'

export const rulesKey = (ws: string) => ['rules', ws]

export function useRules(ws: string) {
  return useQuery({
    queryKey: rulesKey(ws),
    queryFn: () => call(api.GET('/api/v1/workspaces/{ws}/rules', { params: { path: { ws } } })),
    // The text is being edited: a refetch on focus must not replace it.
    refetchOnWindowFocus: false,
  })
}

/** Saves the rules if they are still at `etag` (412 otherwise); no etag means "overwrite whatever is there". */
export function useSaveRules(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ text, etag }: { text: string; etag: string | null }) =>
      call(
        api.PUT('/api/v1/workspaces/{ws}/rules', {
          params: { path: { ws } },
          body: { text },
          headers: etag ? { 'If-Match': etag } : {},
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(rulesKey(ws), saved),
  })
}
