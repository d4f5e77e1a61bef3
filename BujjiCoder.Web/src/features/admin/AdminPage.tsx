import { Alert, Button, Stack, Tabs, Title } from '@mantine/core'
import { IconClockPlay, IconList, IconMailPlus, IconUsers } from '@tabler/icons-react'
import { Link, Navigate, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths.ts'
import { isAdmin, useMe } from '../../auth/AuthContext.ts'
import { AuditTab } from './AuditTab.tsx'
import { InvitationsTab } from './InvitationsTab.tsx'
import { JobsTab } from './JobsTab.tsx'
import { UsersTab } from './UsersTab.tsx'

const TABS = ['users', 'invitations', 'audit', 'jobs'] as const
type Tab = (typeof TABS)[number]

export default function AdminPage() {
  const me = useMe()
  const navigate = useNavigate()
  const { tab } = useParams()

  if (!isAdmin(me)) {
    return (
      <Stack>
        <Title order={1}>Administration</Title>
        <Alert color="orange" title="Administrators only">
          Your account ({me.userName}, {me.roles.join(', ') || 'no role'}) cannot manage users, invitations or the audit
          log. Ask an administrator if you need access.
        </Alert>
        <Button component={Link} to={paths.workspaces()} variant="default" w="fit-content">
          Back to your workspaces
        </Button>
      </Stack>
    )
  }
  // Everyone's usage lives on the usage screen, with the same charts as one's own.
  if (tab === 'usage') return <Navigate to={`${paths.usage()}?view=everyone`} replace />
  if (tab !== undefined && !(TABS as readonly string[]).includes(tab)) return <Navigate to={paths.admin()} replace />
  const current: Tab = (tab as Tab | undefined) ?? 'users'

  return (
    <Stack>
      <Title order={1}>Administration</Title>
      <Tabs value={current} onChange={(value) => value && navigate(paths.admin(value as Tab))} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users" leftSection={<IconUsers size={16} aria-hidden />}>
            Users
          </Tabs.Tab>
          <Tabs.Tab value="invitations" leftSection={<IconMailPlus size={16} aria-hidden />}>
            Invitations
          </Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconList size={16} aria-hidden />}>
            Audit log
          </Tabs.Tab>
          <Tabs.Tab value="jobs" leftSection={<IconClockPlay size={16} aria-hidden />}>
            Jobs
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationsTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditTab />
        </Tabs.Panel>
        <Tabs.Panel value="jobs">
          <JobsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
