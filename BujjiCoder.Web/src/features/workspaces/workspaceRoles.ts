/**
 * What a member may do in a workspace, as the Api decides it (Auth/WorkspaceAuthorization.cs): Viewers read,
 * Editors also write, Owners also manage; and the account's permission caps the role, so a Guest stays read-only
 * even as an Owner. The screens only hide what the Api would refuse anyway; the Api stays the authority.
 */
import { paths } from '../../app/paths.ts'
import type { WorkspaceRole } from './workspaceTypes.ts'

export type WorkspaceAction = 'read' | 'write' | 'manage'

const RANK: Record<WorkspaceRole, number> = { viewer: 1, editor: 2, owner: 3 }
const NEEDS: Record<WorkspaceAction, { role: WorkspaceRole; permission: string }> = {
  read: { role: 'viewer', permission: 'workspaces.read' },
  write: { role: 'editor', permission: 'workspaces.write' },
  manage: { role: 'owner', permission: 'workspaces.write' },
}

/** @param permissions the signed-in user's permissions (from /auth/me); undefined when not known. */
export function can(role: WorkspaceRole | undefined, action: WorkspaceAction, permissions?: readonly string[]): boolean {
  if (!role) return false
  const needs = NEEDS[action]
  return RANK[role] >= RANK[needs.role] && (permissions === undefined || permissions.includes(needs.permission))
}

export const roleLabels: Record<WorkspaceRole, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' }

export const roleColors: Record<WorkspaceRole, string> = { owner: 'indigo', editor: 'teal', viewer: 'gray' }

export interface WorkspaceTab {
  value: string
  label: string
  to: string
}

/**
 * The tabs of a workspace this member can use. Import needs write access; Settings needs an Owner. Members stays
 * visible to everyone (it is a read for Viewers and Editors), and so do Rules and Composer, whose pages show
 * read-only states.
 */
export function workspaceTabs(ws: string, role: WorkspaceRole | undefined, permissions?: readonly string[]): WorkspaceTab[] {
  const tabs: (WorkspaceTab & { needs: WorkspaceAction })[] = [
    { value: 'files', label: 'Files', to: paths.files(ws), needs: 'read' },
    { value: 'search', label: 'Search', to: paths.search(ws), needs: 'read' },
    { value: 'chat', label: 'Chat', to: paths.chat(ws), needs: 'read' },
    { value: 'composer', label: 'Composer', to: paths.composer(ws), needs: 'read' },
    { value: 'history', label: 'History', to: paths.revisions(ws), needs: 'read' },
    { value: 'rules', label: 'Rules', to: paths.rules(ws), needs: 'read' },
    { value: 'members', label: 'Members', to: paths.members(ws), needs: 'read' },
    { value: 'import', label: 'Import', to: paths.import(ws), needs: 'write' },
    { value: 'settings', label: 'Settings', to: paths.settings(ws), needs: 'manage' },
  ]
  return tabs.filter((tab) => can(role, tab.needs, permissions)).map(({ needs: _, ...tab }) => tab)
}
