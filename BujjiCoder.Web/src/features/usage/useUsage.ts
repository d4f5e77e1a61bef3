import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { UsageGroupBy, UsageReport } from './usageTypes.ts'

export type UsageScope = 'me' | 'everyone'

/**
 * A usage report from `from` until now. `to` is left to the Api (now), so the query key only changes with the
 * window's start and a re-render never refetches.
 */
export function useUsage(scope: UsageScope, groupBy: UsageGroupBy, from: Date) {
  const query = { from: from.toISOString(), groupBy: groupBy }
  return useQuery({
    queryKey: ['usage', scope, groupBy, query.from],
    queryFn: async () => {
      const report =
        scope === 'me'
          ? await call(api.GET('/api/v1/me/usage', { params: { query } }))
          : await call(api.GET('/api/v1/admin/usage', { params: { query } }))
      // TODO(openapi): the response has no schema yet; drop the cast when schema.d.ts declares UsageReport.
      return report as unknown as UsageReport
    },
    placeholderData: keepPreviousData,
  })
}

/** User names for the per-user table (the usage report only carries ids); admins only. */
export function useUserNames(enabled: boolean) {
  return useQuery({
    queryKey: ['admin', 'users', 'names'],
    enabled,
    queryFn: async () => {
      const page = await call(api.GET('/api/v1/admin/users', { params: { query: { page: 1, pageSize: 200 } } }))
      return new Map(page.items.map((user) => [user.id, user.userName]))
    },
    staleTime: 60_000,
  })
}
