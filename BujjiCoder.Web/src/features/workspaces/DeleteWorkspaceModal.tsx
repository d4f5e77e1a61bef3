import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useDeleteWorkspace } from './workspaceQueries.ts'
import type { Workspace } from './workspaceTypes.ts'

/**
 * Deleting removes every file, revision and conversation of the workspace for all its members, so the dialog names
 * it; with `confirmByTyping` the name must be typed too (the settings page, where one click is not enough).
 */
export function DeleteWorkspaceModal({
  workspace,
  onClose,
  onDeleted,
  confirmByTyping = false,
}: {
  workspace: Workspace | null
  onClose: () => void
  onDeleted?: () => void
  confirmByTyping?: boolean
}) {
  const remove = useDeleteWorkspace()
  const [typed, setTyped] = useState('')

  function close() {
    setTyped('')
    remove.reset()
    onClose()
  }

  async function confirm() {
    if (!workspace) return
    const done = await remove.mutateAsync(workspace.id).then(
      () => true,
      () => false,
    )
    if (!done) return
    setTyped('')
    remove.reset()
    onDeleted?.()
    onClose()
  }

  const ready = !confirmByTyping || typed === workspace?.name
  return (
    <Modal opened={workspace !== null} onClose={close} title={`Delete ${workspace?.name ?? 'workspace'}?`}>
      <Stack>
        <Text size="sm">
          This deletes the workspace <strong>{workspace?.name}</strong> with all its files, history and conversations,
          for every member. It cannot be undone. Export it as a zip first if you may need it again.
        </Text>
        {confirmByTyping && (
          <TextInput
            label={`Type ${workspace?.name ?? 'the name'} to confirm`}
            data-autofocus
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
        )}
        {remove.error && <ErrorAlert title="Could not delete the workspace" error={remove.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus={confirmByTyping ? undefined : true}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} disabled={!ready}>
            Delete workspace
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
