import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Tabs, Text, Title, VisuallyHidden } from '@mantine/core'
import { IconArrowLeft, IconLock } from '@tabler/icons-react'
import { Suspense } from 'react'
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { useMe } from '../../auth/AuthContext.ts'
import { ExportButton } from './ExportButton.tsx'
import { Loading } from './Loading.tsx'
import { RoleBadge } from './RoleBadge.tsx'
import { workspaceTabs } from './workspaceRoles.ts'
import { useWorkspace } from './workspaceQueries.ts'

/** One workspace: its name (the page's h1), my role, the export, and a tab for each thing to do in it. */
export default function WorkspaceLayout() {
  const { ws = '' } = useParams()
  const me = useMe()
  const navigate = useNavigate()
  const location = useLocation()
  const workspace = useWorkspace(ws)

  if (workspace.isPending) {
    return (
      <Stack gap="sm" role="status">
        <VisuallyHidden>Loading the workspace…</VisuallyHidden>
        <Skeleton height={32} width={280} />
        <Skeleton height={36} />
        <Skeleton height={200} />
      </Stack>
    )
  }

  if (workspace.isError) {
    // The Api answers 404 both for a workspace that does not exist and for one I am not a member of.
    const notFound = workspace.error instanceof ApiError && workspace.error.status === 404
    return (
      <Stack gap="md" maw={640}>
        <Title order={1}>{notFound ? 'Workspace not found' : 'Could not open the workspace'}</Title>
        {notFound ? (
          <Paper withBorder p="lg">
            <Group align="flex-start" wrap="nowrap">
              <IconLock size={24} aria-hidden style={{ flexShrink: 0 }} />
              <Text>
                This workspace does not exist, or you are not one of its members. If someone shared the link with
                you, ask a workspace owner to add you.
              </Text>
            </Group>
          </Paper>
        ) : (
          <Alert color="red" role="alert" title="Something went wrong">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{errorMessage(workspace.error)}</Text>
              <Button size="xs" variant="light" color="red" onClick={() => workspace.refetch()}>
                Try again
              </Button>
            </Stack>
          </Alert>
        )}
        <Anchor component={Link} to={paths.workspaces()}>
          <Group gap={4} component="span">
            <IconArrowLeft size={16} aria-hidden />
            Back to my workspaces
          </Group>
        </Anchor>
      </Stack>
    )
  }

  const { name, role, description } = workspace.data
  const tabs = workspaceTabs(ws, role, me.permissions)
  const current = location.pathname.split('/')[3] || 'files'
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Title>
            <RoleBadge role={role} size="md" mine />
          </Group>
          {description && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {description}
            </Text>
          )}
        </Stack>
        <ExportButton ws={ws} name={name} />
      </Group>
      <Tabs
        value={current}
        onChange={(value) => {
          const tab = tabs.find((t) => t.value === value)
          if (tab) navigate(tab.to)
        }}
      >
        <Tabs.List aria-label="Workspace sections">
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current} pt="md">
          <Suspense fallback={<Loading what="the page" rows={1} height={200} />}>
            <Outlet />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
