import { useParams } from 'react-router'
import { useMe } from '../../auth/AuthContext.ts'
import { can, type WorkspaceAction } from './workspaceRoles.ts'
import { useWorkspace } from './workspaceQueries.ts'

/**
 * The workspace of the current route and what I may do in it, for pages inside the workspace layout (which has
 * already loaded it, so this reads the cache).
 */
export function useWorkspaceAccess() {
  const { ws = '' } = useParams()
  const me = useMe()
  const query = useWorkspace(ws)
  return {
    ws,
    workspace: query.data,
    query,
    can: (action: WorkspaceAction) => can(query.data?.role, action, me.permissions),
  }
}
