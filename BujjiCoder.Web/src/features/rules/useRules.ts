import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { RulesResponse } from './rulesTypes.ts'

export const rulesKey = (ws: string) => ['rules', ws]

export function useRules(ws: string) {
  return useQuery({
    queryKey: rulesKey(ws),
    queryFn: async () =>
      (await call(api.GET('/api/v1/workspaces/{ws}/rules', { params: { path: { ws } } }))) as unknown as RulesResponse,
    // The text is being edited: a refetch on focus must not replace it.
    refetchOnWindowFocus: false,
  })
}

/** Saves the rules if they are still at `etag` (412 otherwise); no etag means "overwrite whatever is there". */
export function useSaveRules(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ text, etag }: { text: string; etag: string | null }) =>
      (await call(
        api.PUT('/api/v1/workspaces/{ws}/rules', {
          params: { path: { ws } },
          body: { text },
          headers: etag ? { 'If-Match': etag } : {},
        }),
      )) as unknown as RulesResponse,
    onSuccess: (saved) => queryClient.setQueryData(rulesKey(ws), saved),
  })
}
