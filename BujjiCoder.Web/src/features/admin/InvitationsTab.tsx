import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useInfo } from '../../api/info.ts'
import { errorMessage } from '../../api/problems.ts'
import { CopyableCode } from '../../components/CopyableCode.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import { ROLES, type CreatedInvitation, type Invitation } from './adminTypes.ts'
import { useCreateInvitation, useInvitations, useRevokeInvitation } from './useAdmin.ts'

function registerLink(code: string): string {
  return `${window.location.origin}/register?code=${encodeURIComponent(code)}`
}

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <CopyableCode name={label} value={value} />
    </Stack>
  )
}

function status(invitation: Invitation, now: number) {
  if (invitation.revoked) return <Badge color="gray.7">Revoked</Badge>
  if (invitation.usedAt) return <Badge color="indigo.9">Used</Badge>
  if (Date.parse(invitation.expiresAt) <= now) return <Badge color="yellow.4" c="black">Expired</Badge>
  return <Badge color="teal.9">Open</Badge>
}

function CreateInvitationForm({ onCreated, onClose }: { onCreated(invitation: CreatedInvitation): void; onClose(): void }) {
  const create = useCreateInvitation()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<string | null>('User')
  const [days, setDays] = useState<number | string>(7)
  const daysValid = Number.isInteger(Number(days)) && Number(days) >= 1 && Number(days) <= 90

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!daysValid) return
    create.mutate(
      { email: email.trim() || null, role, expiresInDays: Number(days) },
      { onSuccess: (invitation) => onCreated(invitation) },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="E-mail"
          description="Optional: only this address can use the code"
          type="email"
          data-autofocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <Select label="Role" description="The new account’s role" data={[...ROLES]} value={role} onChange={setRole} allowDeselect={false} />
        <NumberInput
          label="Valid for (days)"
          min={1}
          max={90}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          error={daysValid ? undefined : 'Between 1 and 90 days.'}
        />
        {create.error && <ErrorAlert title="Could not create the invitation" error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!daysValid}>
            Create invitation
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function InvitationsTab() {
  const info = useInfo()
  const invitations = useInvitations()
  const revoke = useRevokeInvitation()
  const [creating, setCreating] = useState(false)
  // The code, like a token's secret, is in only one response: keep it here until this modal closes.
  const [created, setCreated] = useState<CreatedInvitation | null>(null)
  const now = Date.now()
  const mode = info.data?.registrationMode

  function confirmRevoke(invitation: Invitation) {
    modals.openConfirmModal({
      title: 'Revoke invitation?',
      centered: true,
      children: <Text size="sm">The code stops working at once; nobody can register with it.</Text>,
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(invitation.id, {
          onError: (e) => notifications.show({ color: 'red', title: 'Could not revoke', message: errorMessage(e) }),
        }),
    })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            Invitations
          </Title>
          <Text size="sm" c="dimmed">
            A code lets one person create an account with the role you choose.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          Create invitation
        </Button>
      </Group>
      {mode === 'open' && (
        <Alert color="blue" title="Registration is open on this server">
          Anyone can create an account without a code, and codes are not checked: new accounts get the User role.
          Invitations take effect when registration is set to “invite”.
        </Alert>
      )}
      {mode === 'closed' && (
        <Alert color="orange" title="Registration is closed on this server">
          Nobody can create an account, with or without a code, until registration is opened or set to “invite”.
        </Alert>
      )}
      {invitations.error && <ErrorAlert title="Could not load invitations" error={invitations.error} />}
      {invitations.isPending && <Skeleton h={120} />}
      {invitations.data?.length === 0 && (
        <EmptyState title="No invitations yet">
          Create one and send its link to the person you invite.
        </EmptyState>
      )}
      {invitations.data && invitations.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>For</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.map((invitation) => {
                const open = !invitation.revoked && !invitation.usedAt && Date.parse(invitation.expiresAt) > now
                return (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>{invitation.email ?? <Text c="dimmed" size="sm">Anyone with the code</Text>}</Table.Td>
                    <Table.Td>{invitation.role}</Table.Td>
                    <Table.Td>{formatDateTime(invitation.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(invitation.expiresAt)}</Table.Td>
                    <Table.Td>{status(invitation, now)}</Table.Td>
                    <Table.Td ta="right">
                      {open && (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          aria-label={`Revoke the invitation for ${invitation.email ?? 'anyone'} created ${formatDateTime(invitation.createdAt)}`}
                          onClick={() => confirmRevoke(invitation)}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal opened={creating} onClose={() => setCreating(false)} title="Create an invitation" centered>
        {creating && (
          <CreateInvitationForm
            onClose={() => setCreating(false)}
            onCreated={(invitation) => {
              setCreating(false)
              setCreated(invitation)
            }}
          />
        )}
      </Modal>
      <Modal
        opened={created !== null}
        onClose={() => setCreated(null)}
        title="Invitation created"
        closeOnClickOutside={false}
        size="lg"
        centered
      >
        {created && (
          <Stack>
            <Alert color="orange" title="Copy it now">
              The code is shown only this once. Send the link to {created.email ?? 'the person you invite'}; it works
              until {formatDateTime(created.expiresAt)} for one account with the {created.role} role.
            </Alert>
            <Copyable label="Registration link" value={registerLink(created.code)} />
            <Copyable label="Code" value={created.code} />
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  )
}
