import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Pagination,
  Paper,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconFolderPlus, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { useMe } from '../../auth/AuthContext.ts'
import { formatDateTime } from '../../components/format.ts'
import { CreateWorkspaceModal } from './CreateWorkspaceModal.tsx'
import { DeleteWorkspaceModal } from './DeleteWorkspaceModal.tsx'
import { Loading } from './Loading.tsx'
import { RoleBadge } from './RoleBadge.tsx'
import { can } from './workspaceRoles.ts'
import { useWorkspaces } from './workspaceQueries.ts'
import type { Workspace } from './workspaceTypes.ts'

const PAGE_SIZE = 20

/** The workspaces I am a member of, with creating and (for Owners) deleting them. */
export default function WorkspacesPage() {
  const me = useMe()
  const [page, setPage] = useState(1)
  const workspaces = useWorkspaces(page, PAGE_SIZE)
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure()
  const [deleting, setDeleting] = useState<Workspace | null>(null)
  const canCreate = me.permissions.includes('workspaces.create')

  const total = workspaces.data?.total ?? 0
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Workspaces</Title>
        {canCreate && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
            New workspace
          </Button>
        )}
      </Group>

      {workspaces.isPending && (
        <Loading what="workspaces" />
      )}

      {workspaces.isError && (
        <Alert color="red" role="alert" title="Could not load your workspaces">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(workspaces.error)}</Text>
            <Button size="xs" variant="light" color="red" onClick={() => workspaces.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      )}

      {workspaces.data && total === 0 && (
        <Paper withBorder p="xl">
          <Stack align="center" gap="sm">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
              <IconFolderPlus size={28} />
            </ThemeIcon>
            <Title order={2} size="h4">
              No workspaces yet
            </Title>
            <Text c="dimmed" ta="center" maw={480}>
              {canCreate
                ? 'Create a workspace, then import a .zip or .tar.gz of your code into it to browse, search and chat with it.'
                : 'You are not a member of any workspace yet. Ask a workspace owner to add you.'}
            </Text>
            {canCreate && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
                Create your first workspace
              </Button>
            )}
          </Stack>
        </Paper>
      )}

      {workspaces.data && total > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>My role</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {workspaces.data.items.map((workspace) => (
                  <Table.Tr key={workspace.id}>
                    <Table.Td>
                      <Anchor component={Link} to={paths.workspace(workspace.id)} fw={600}>
                        {workspace.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {workspace.description || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={workspace.role} mine />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(workspace.updatedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {can(workspace.role, 'manage', me.permissions) && (
                        <Tooltip label="Delete">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${workspace.name}`}
                            onClick={() => setDeleting(workspace)}
                          >
                            <IconTrash size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      {total > PAGE_SIZE && (
        <Group justify="center">
          <Pagination
            total={Math.ceil(total / PAGE_SIZE)}
            value={page}
            onChange={setPage}
            aria-label="Pages of workspaces"
            getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
            getItemProps={(n) => ({ 'aria-label': `Page ${n}` })}
          />
        </Group>
      )}

      <CreateWorkspaceModal opened={creating} onClose={closeCreate} />
      <DeleteWorkspaceModal workspace={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  )
}
