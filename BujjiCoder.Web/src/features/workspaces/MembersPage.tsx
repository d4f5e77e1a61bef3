import { ActionIcon, Alert, Paper, Select, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconUserMinus } from '@tabler/icons-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { paths } from '../../app/paths.ts'
import { useMe } from '../../auth/AuthContext.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import { AddMemberForm, roleOptions } from './AddMemberForm.tsx'
import { memberErrorMessage } from './memberProblems.ts'
import { RoleBadge } from './RoleBadge.tsx'
import { roleLabels } from './workspaceRoles.ts'
import { useMembers, useRemoveMember, useSetMemberRole } from './workspaceQueries.ts'
import type { Member, WorkspaceRole } from './workspaceTypes.ts'
import { useWorkspaceAccess } from './useWorkspaceAccess.ts'
import { Loading } from './Loading.tsx'

/** Who is in the workspace and with which role; Owners add, re-role and remove members. */
export default function MembersPage() {
  const { ws, can } = useWorkspaceAccess()
  const me = useMe()
  const navigate = useNavigate()
  const members = useMembers(ws)
  const setRole = useSetMemberRole(ws)
  const removeMember = useRemoveMember(ws)
  const [failure, setFailure] = useState<string | null>(null)
  const manage = can('manage')
  const showEmail = members.data?.some((m) => m.email) ?? false

  async function changeRole(member: Member, role: WorkspaceRole) {
    setFailure(null)
    try {
      await setRole.mutateAsync({ userId: member.userId, role })
      notifications.show({ color: 'green', message: `${member.userName} is now ${roleLabels[role]}.` })
    } catch (e) {
      setFailure(memberErrorMessage(e, member.userName))
    }
  }

  function confirmRemove(member: Member) {
    modals.openConfirmModal({
      title: `Remove ${member.userName}?`,
      children: (
        <Text size="sm">
          {member.userId === me.id
            ? 'You will lose access to this workspace unless another owner adds you again.'
            : `${member.userName} will lose access to this workspace. Their past changes stay in the history.`}
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      cancelProps: { 'data-autofocus': true },
      confirmProps: { color: 'red' },
      onConfirm: () => void remove(member),
    })
  }

  async function remove(member: Member) {
    setFailure(null)
    try {
      await removeMember.mutateAsync(member.userId)
      notifications.show({ color: 'green', message: `${member.userName} was removed from the workspace.` })
      // Leaving a workspace myself: it is no longer mine to look at.
      if (member.userId === me.id) navigate(paths.workspaces())
    } catch (e) {
      setFailure(memberErrorMessage(e, member.userName))
    }
  }

  return (
    <Stack>
      <Title order={2}>Members</Title>
      {manage ? (
        <Paper withBorder p="md">
          <AddMemberForm ws={ws} />
        </Paper>
      ) : (
        <Text c="dimmed" size="sm">
          Only owners of this workspace can add or remove members and change their roles.
        </Text>
      )}

      {failure && (
        <Alert color="red" role="alert" title="The change was not made" withCloseButton closeButtonLabel="Dismiss" onClose={() => setFailure(null)}>
          {failure}
        </Alert>
      )}

      {members.isPending && (
        <Loading what="members" rows={2} />
      )}
      {members.isError && <ErrorAlert title="Could not load the members" error={members.error} />}
      {members.data && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  {showEmail && <Table.Th>E-mail</Table.Th>}
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Member since</Table.Th>
                  {manage && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((member) => (
                  <Table.Tr key={member.userId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {member.userName}
                        {member.userId === me.id && (
                          <Text span size="sm" c="dimmed">
                            {' '}
                            (you)
                          </Text>
                        )}
                      </Text>
                    </Table.Td>
                    {showEmail && (
                      <Table.Td>
                        <Text size="sm">{member.email ?? '—'}</Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      {manage ? (
                        <Select
                          aria-label={`Role of ${member.userName}`}
                          data={roleOptions}
                          value={member.role}
                          allowDeselect={false}
                          w={130}
                          size="xs"
                          disabled={setRole.isPending && setRole.variables.userId === member.userId}
                          onChange={(value) => value && value !== member.role && changeRole(member, value as WorkspaceRole)}
                        />
                      ) : (
                        <RoleBadge role={member.role} />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(member.addedAt)}
                      </Text>
                    </Table.Td>
                    {manage && (
                      <Table.Td ta="right">
                        <Tooltip label="Remove from workspace">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${member.userName}`}
                            onClick={() => confirmRemove(member)}
                          >
                            <IconUserMinus size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

    </Stack>
  )
}
