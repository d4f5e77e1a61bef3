import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { paths } from '../../app/paths.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useCreateWorkspace } from './workspaceQueries.ts'

/** Name and description of a new workspace; on success the user lands in it, ready to import. */
export function CreateWorkspaceModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateWorkspace()
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')

  function close() {
    setName('')
    setDescription('')
    create.reset()
    onClose()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const workspace = await create.mutateAsync({ name: name.trim(), description: description.trim() || null }).catch(() => null)
    if (!workspace) return
    close()
    // A new workspace is empty: the first useful thing to do in it is importing code.
    navigate(paths.import(workspace.id))
  }

  return (
    <Modal opened={opened} onClose={close} title="New workspace">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            description="Optional: what this workspace holds."
            autosize
            minRows={2}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          {create.error && <ErrorAlert title="Could not create the workspace" error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
