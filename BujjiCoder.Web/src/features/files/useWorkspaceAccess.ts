import { useQuery } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import { useMe } from '../../auth/AuthContext.ts'

/**
 * Whether the signed-in user may change this workspace's files: an Editor or Owner whose account can write
 * (a Guest stays read-only whatever the role). Until the role is known the screen stays read-only; the Api
 * remains the authority either way.
 */
export function useCanWrite(ws: string): boolean {
  const me = useMe()
  const workspace = useQuery({
    queryKey: ['workspaces', ws],
    queryFn: () => call(api.GET('/api/v1/workspaces/{ws}', { params: { path: { ws } } })),
    staleTime: 60_000,
  })
  const role = workspace.data?.role
  return (role === 'editor' || role === 'owner') && me.permissions.includes('workspaces.write')
}
