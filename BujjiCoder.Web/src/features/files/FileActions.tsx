import { ActionIcon, Button, Group, Modal, Text, TextInput, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconFilePlus, IconTrash } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ApiError, errorMessage } from '../../api/problems.ts'
import { createFile, deleteFile } from './fileApi.ts'
import { parentOf } from './treeModel.ts'
import { treeKey } from './useFileTree.ts'

/** New file: a path (prefilled with the open file's folder), created empty and opened. */
export function NewFileButton({ ws, near, onCreated }: { ws: string; near: string; onCreated(path: string): void }) {
  const [opened, { open, close }] = useDisclosure(false)
  const [path, setPath] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const queryClient = useQueryClient()

  function start() {
    const folder = near ? parentOf(near) : ''
    setPath(folder ? `${folder}/` : '')
    setError(null)
    open()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const target = path.trim().replace(/^\/+/, '')
    if (!target || target.endsWith('/')) {
      setError('Give the file a name, e.g. src/notes.md.')
      return
    }
    setBusy(true)
    try {
      await createFile(ws, target)
      await queryClient.invalidateQueries({ queryKey: treeKey(ws) })
      close()
      onCreated(target)
    } catch (e) {
      setError(e instanceof ApiError && e.status === 412 ? `${target} already exists.` : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Tooltip label="New file">
        <ActionIcon variant="subtle" aria-label="New file" onClick={start}>
          <IconFilePlus size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={close} title="New file">
        <form onSubmit={submit}>
          <TextInput
            label="Path"
            description="Relative to the workspace root; folders are created as needed."
            value={path}
            onChange={(event) => setPath(event.currentTarget.value)}
            error={error}
            data-autofocus
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  )
}

/** Delete the open file, after saying which one; If-Match so a file someone just changed is not deleted blind. */
export function DeleteFileButton({ ws, path, etag, onDeleted }: { ws: string; path: string; etag: string; onDeleted(): void }) {
  const queryClient = useQueryClient()

  function confirmDelete() {
    modals.openConfirmModal({
      title: 'Delete file?',
      children: (
        <Text size="sm">
          <b>{path}</b> will be deleted. The workspace history keeps it, so it can be restored from there.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => void remove(),
    })
  }

  async function remove() {
    try {
      await deleteFile(ws, path, etag)
      await queryClient.invalidateQueries({ queryKey: treeKey(ws) })
      notifications.show({ message: `Deleted ${path}`, color: 'teal', autoClose: 2000 })
      onDeleted()
    } catch (e) {
      notifications.show({
        title: `Could not delete ${path}`,
        message: e instanceof ApiError && e.status === 412 ? 'Someone changed it since you opened it. Reload it first.' : errorMessage(e),
        color: 'red',
      })
    }
  }

  return (
    <Tooltip label="Delete file">
      <ActionIcon variant="subtle" color="red" aria-label="Delete file" onClick={confirmDelete}>
        <IconTrash size={18} aria-hidden />
      </ActionIcon>
    </Tooltip>
  )
}
