import { useQuery } from '@tanstack/react-query'
import { api, call } from './client.ts'

/** What this instance is and how it is configured (anonymous; drives the registration link and feature toggles). */
export function useInfo() {
  return useQuery({
    queryKey: ['info'],
    queryFn: () => call(api.GET('/api/v1/info')),
    staleTime: 5 * 60_000,
  })
}
