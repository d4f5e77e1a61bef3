import { Alert, Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconTrash } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { paths } from '../../app/paths.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { DeleteWorkspaceModal } from './DeleteWorkspaceModal.tsx'
import { useUpdateWorkspace } from './workspaceQueries.ts'
import type { Workspace } from './workspaceTypes.ts'
import { useWorkspaceAccess } from './useWorkspaceAccess.ts'
import { Loading } from './Loading.tsx'

/** Owner-only: the workspace's name and description, and deleting it. */
export default function WorkspaceSettingsPage() {
  const { workspace, can } = useWorkspaceAccess()
  if (!workspace) return <Loading what="settings" rows={1} height={200} />
  if (!can('manage')) {
    return (
      <Stack>
        <Title order={2}>Settings</Title>
        <Alert color="yellow" title="Only owners can change settings">
          Ask an owner of this workspace to rename or delete it.
        </Alert>
      </Stack>
    )
  }
  // Keyed by the saved values, so the form starts again from them after a save or a change elsewhere.
  return <SettingsForms key={`${workspace.name}\n${workspace.description ?? ''}`} workspace={workspace} />
}

function SettingsForms({ workspace }: { workspace: Workspace }) {
  const navigate = useNavigate()
  const update = useUpdateWorkspace(workspace.id)
  const [name, setName] = useState(workspace.name)
  const [description, setDescription] = useState(workspace.description ?? '')
  const [deleting, setDeleting] = useState(false)
  const changed = name.trim() !== workspace.name || description !== (workspace.description ?? '')

  async function save(event: FormEvent) {
    event.preventDefault()
    const saved = await update.mutateAsync({ name: name.trim(), description }).then(
      () => true,
      () => false,
    )
    if (saved) notifications.show({ color: 'green', message: 'Workspace settings saved.' })
  }

  return (
    <Stack maw={720}>
      <Title order={2}>Settings</Title>
      <Paper withBorder p="md">
        <form onSubmit={save} noValidate>
          <Stack>
            <Title order={3} size="h4">
              Name and description
            </Title>
            <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Textarea
              label="Description"
              autosize
              minRows={2}
              maxLength={2000}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            {update.error && <ErrorAlert title="Could not save" error={update.error} />}
            <Group>
              <Button type="submit" loading={update.isPending} disabled={!changed || !name.trim()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md" style={{ borderColor: 'var(--mantine-color-red-outline)' }}>
        <Stack align="flex-start">
          <Title order={3} size="h4">
            Delete this workspace
          </Title>
          <Text size="sm">
            Deletes every file, revision and conversation in it, for all members. This cannot be undone.
          </Text>
          <Button color="red" variant="outline" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
            Delete workspace…
          </Button>
        </Stack>
      </Paper>
      <DeleteWorkspaceModal
        workspace={deleting ? workspace : null}
        confirmByTyping
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          notifications.show({ color: 'green', message: `${workspace.name} was deleted.` })
          navigate(paths.workspaces(), { replace: true })
        }}
      />
    </Stack>
  )
}
