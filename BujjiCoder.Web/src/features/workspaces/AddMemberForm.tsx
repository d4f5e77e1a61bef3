import { Alert, Button, Group, Select, TextInput } from '@mantine/core'
import { IconUserPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { memberErrorMessage } from './memberProblems.ts'
import { roleLabels } from './workspaceRoles.ts'
import { useAddMember } from './workspaceQueries.ts'
import type { WorkspaceRole } from './workspaceTypes.ts'

export const roleOptions = (['viewer', 'editor', 'owner'] as const).map((role) => ({ value: role, label: roleLabels[role] }))

export function AddMemberForm({ ws }: { ws: string }) {
  const add = useAddMember(ws)
  const [user, setUser] = useState('')
  const [role, setRole] = useState<WorkspaceRole>('editor')
  const [submitted, setSubmitted] = useState('')

  async function submit(event: FormEvent) {
    event.preventDefault()
    const who = user.trim()
    setSubmitted(who)
    const added = await add.mutateAsync({ user: who, role }).then(
      () => true,
      () => false,
    )
    if (added) setUser('')
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a member">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput
          label="User name or e-mail"
          placeholder="alice or alice@example.com"
          autoComplete="off"
          style={{ flex: '1 1 260px' }}
          value={user}
          onChange={(e) => {
            setUser(e.currentTarget.value)
            if (add.isError) add.reset()
          }}
        />
        <Select
          label="Role"
          data={roleOptions}
          value={role}
          onChange={(value) => value && setRole(value as WorkspaceRole)}
          allowDeselect={false}
          w={140}
        />
        <Button type="submit" leftSection={<IconUserPlus size={16} aria-hidden />} loading={add.isPending} disabled={!user.trim()}>
          Add member
        </Button>
      </Group>
      {add.isError && (
        <Alert color="red" role="alert" title="Could not add the member" mt="sm">
          {memberErrorMessage(add.error, submitted)}
        </Alert>
      )}
      {add.isSuccess && (
        <Alert color="green" role="status" title="Member added" mt="sm" withCloseButton closeButtonLabel="Dismiss" onClose={() => add.reset()}>
          {submitted} is now a member with the role {roleLabels[add.variables.role]}.
        </Alert>
      )}
    </form>
  )
}
