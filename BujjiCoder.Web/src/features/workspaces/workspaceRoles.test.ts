import { describe, expect, test } from 'vitest'
import { can, workspaceTabs } from './workspaceRoles.ts'

const user = ['workspaces.read', 'workspaces.create', 'workspaces.write']
const guest = ['workspaces.read']
const labels = (tabs: { label: string }[]) => tabs.map((t) => t.label)

describe('workspace roles', () => {
  test('Viewers see every tab but Import and Settings', () => {
    expect(labels(workspaceTabs('w', 'viewer', user))).toEqual(['Files', 'Search', 'Chat', 'Composer', 'History', 'Rules', 'Members'])
  })

  test('Editors can import but not manage the workspace', () => {
    const tabs = labels(workspaceTabs('w', 'editor', user))
    expect(tabs).toContain('Import')
    expect(tabs).not.toContain('Settings')
  })

  test('Owners see all nine tabs, linked to their routes', () => {
    const tabs = workspaceTabs('w', 'owner', user)
    expect(tabs).toHaveLength(9)
    expect(tabs.find((t) => t.value === 'settings')?.to).toBe('/workspaces/w/settings')
    expect(tabs.find((t) => t.value === 'history')?.to).toBe('/workspaces/w/history')
  })

  test('an account without write permission stays read-only even as Owner, as the Api decides', () => {
    expect(can('owner', 'manage', guest)).toBe(false)
    expect(can('owner', 'write', guest)).toBe(false)
    expect(can('owner', 'read', guest)).toBe(true)
    expect(labels(workspaceTabs('w', 'owner', guest))).not.toContain('Import')
  })

  test('no role (not loaded yet) can do nothing', () => {
    expect(can(undefined, 'read')).toBe(false)
    expect(workspaceTabs('w', undefined)).toEqual([])
  })
})
