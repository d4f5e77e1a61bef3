import { Badge } from '@mantine/core'
import { roleColors, roleLabels } from './workspaceRoles.ts'
import type { WorkspaceRole } from './workspaceTypes.ts'

export function RoleBadge({ role, size = 'sm' }: { role: WorkspaceRole; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={roleColors[role]} variant="light" size={size} aria-label={`Your role: ${roleLabels[role]}`}>
      {roleLabels[role]}
    </Badge>
  )
}
