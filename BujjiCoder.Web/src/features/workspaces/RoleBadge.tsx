import { Badge, VisuallyHidden } from '@mantine/core'
import { roleColors, roleLabels } from './workspaceRoles.ts'
import type { WorkspaceRole } from './workspaceTypes.ts'

/** A role as a badge; `mine` says to screen readers that it is the signed-in user's role. */
export function RoleBadge({ role, size = 'sm', mine = false }: { role: WorkspaceRole; size?: 'xs' | 'sm' | 'md' | 'lg'; mine?: boolean }) {
  return (
    <Badge color={roleColors[role]} variant="light" size={size}>
      {mine && <VisuallyHidden>Your role: </VisuallyHidden>}
      {roleLabels[role]}
    </Badge>
  )
}
