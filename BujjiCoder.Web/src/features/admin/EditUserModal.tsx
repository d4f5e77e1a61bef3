import { Button, Divider, Group, Modal, MultiSelect, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { ROLES, type AdminUser, type BudgetLimits } from './adminTypes.ts'
import { usePatchUser } from './useAdmin.ts'
import { editsOf, userPatch } from './userPatch.ts'

interface Props {
  user: AdminUser | null
  onClose(): void
}

export function EditUserModal({ user, onClose }: Props) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Edit ${user.userName}` : ''} size="lg" centered>
      {user && <EditUserForm key={user.id} user={user} onClose={onClose} />}
    </Modal>
  )
}

function EditUserForm({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const patchUser = usePatchUser()
  const [edits, setEdits] = useState(() => editsOf(user))
  const patch = userPatch(user, edits)

  const limit = (key: keyof BudgetLimits) => ({
    value: edits.budget[key] ?? '',
    onChange: (value: number | string) =>
      setEdits({ ...edits, budget: { ...edits.budget, [key]: value === '' ? null : Number(value) } }),
    placeholder: 'Role default',
    min: 0,
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!patch || edits.roles.length === 0) return
    patchUser.mutate({ id: user.id, patch }, { onSuccess: onClose })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <MultiSelect
          label="Roles"
          description="Admin: everything; User: workspaces and chat; Guest: read only. A change signs the user out of their current sessions."
          data={[...ROLES]}
          value={edits.roles}
          onChange={(roles) => setEdits({ ...edits, roles })}
          error={edits.roles.length === 0 ? 'Keep at least one role.' : undefined}
          data-autofocus
        />
        <Divider label="Budget override" labelPosition="left" />
        <Text size="sm" c="dimmed">
          Leave a limit blank for the role’s default. Tokens count input plus output; costs are in US dollars.
        </Text>
        <SimpleGrid cols={2}>
          <NumberInput label="Daily tokens" allowDecimal={false} thousandSeparator="," {...limit('dailyTokens')} />
          <NumberInput label="Monthly tokens" allowDecimal={false} thousandSeparator="," {...limit('monthlyTokens')} />
          <NumberInput label="Daily cost (USD)" decimalScale={6} prefix="$" {...limit('dailyCostUsd')} />
          <NumberInput label="Monthly cost (USD)" decimalScale={6} prefix="$" {...limit('monthlyCostUsd')} />
        </SimpleGrid>
        {patchUser.error && <ErrorAlert title="Could not save" error={patchUser.error} />}
        <Group justify="space-between">
          <Button
            variant="subtle"
            onClick={() =>
              setEdits({ ...edits, budget: { dailyTokens: null, monthlyTokens: null, dailyCostUsd: null, monthlyCostUsd: null } })
            }
          >
            Use role defaults
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={patchUser.isPending} disabled={!patch || edits.roles.length === 0}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
