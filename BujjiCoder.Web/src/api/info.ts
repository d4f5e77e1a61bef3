import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, call } from './client.ts'

/** The info query, shared by the screens and by start-up (error tracking reads its DSN from it). */
export const infoQuery = queryOptions({
  queryKey: ['info'],
  queryFn: () => call(api.GET('/api/v1/info')),
  staleTime: 5 * 60_000,
})

/** What this instance is and how it is configured (anonymous; drives the registration link and feature toggles). */
export function useInfo() {
  return useQuery(infoQuery)
}
