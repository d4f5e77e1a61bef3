import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { UsageGroupBy } from './usageTypes.ts'

export type UsageScope = 'me' | 'everyone'

/**
 * A usage report from `from` until now. `to` is left to the Api (now), so the query key only changes with the
 * window's start and a re-render never refetches.
 */
export function useUsage(scope: UsageScope, groupBy: UsageGroupBy, from: Date) {
  const query = { from: from.toISOString(), groupBy }
  return useQuery({
    queryKey: ['usage', scope, groupBy, query.from],
    queryFn: () =>
      scope === 'me'
        ? call(api.GET('/api/v1/me/usage', { params: { query } }))
        : call(api.GET('/api/v1/admin/usage', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}
