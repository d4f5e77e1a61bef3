import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import type { CreateTokenRequest } from './accountTypes.ts'
import { expiryBounds, expiryInstant, scopesFor } from './tokenScopes.ts'

interface Props {
  opened: boolean
  admin: boolean
  busy: boolean
  error: unknown
  onCreate(request: CreateTokenRequest): void
  onClose(): void
}

export function CreateTokenModal({ opened, admin, busy, error, onCreate, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Create a personal access token" centered>
      {/* Mounted only while open, so each opening starts from an empty form. */}
      {opened && <CreateTokenForm admin={admin} busy={busy} error={error} onCreate={onCreate} onClose={onClose} />}
    </Modal>
  )
}

function CreateTokenForm({ admin, busy, error, onCreate, onClose }: Omit<Props, 'opened'>) {
  const bounds = expiryBounds()
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<string[]>(['read'])
  const [expires, setExpires] = useState(bounds.fallback)
  const expiryValid = expires >= bounds.min && expires <= bounds.max

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim() || scopes.length === 0 || !expiryValid) return
    onCreate({ name: name.trim(), scopes, expiresAt: expiryInstant(expires) })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Name"
          description="What uses it, e.g. “CI on my laptop”"
          required
          maxLength={100}
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Checkbox.Group
          label="Scopes"
          description="What the token may do; it never exceeds what your account may do"
          required
          value={scopes}
          onChange={setScopes}
          error={scopes.length === 0 ? 'Choose at least one scope.' : undefined}
        >
          <Stack gap="xs" mt="xs">
            {scopesFor(admin).map((scope) => (
              <Checkbox key={scope.value} value={scope.value} label={scope.label} description={scope.description} />
            ))}
          </Stack>
        </Checkbox.Group>
        <TextInput
          type="date"
          label="Expires on"
          description="It stops working at the start of that day, your time; at most a year ahead"
          required
          min={bounds.min}
          max={bounds.max}
          value={expires}
          onChange={(e) => setExpires(e.currentTarget.value)}
          error={expiryValid ? undefined : 'Choose a date from tomorrow to a year from now.'}
        />
        {error != null && <ErrorAlert title="Could not create the token" error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!name.trim() || scopes.length === 0 || !expiryValid}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
