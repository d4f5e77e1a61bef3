import { Badge, Button, Group, Pagination, Skeleton, Stack, Switch, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { useMe } from '../../auth/AuthContext.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatCount, formatDateTime, formatUsdTo } from '../../components/format.ts'
import type { AdminUser } from './adminTypes.ts'
import { EditUserModal } from './EditUserModal.tsx'
import { usePatchUser, USERS_PAGE_SIZE, useUsers } from './useAdmin.ts'
import { currentBudget } from './userPatch.ts'

function budgetSummary(user: AdminUser): string {
  const b = currentBudget(user)
  const parts = [
    b.dailyTokens !== null && `${formatCount(b.dailyTokens)} tokens/day`,
    b.monthlyTokens !== null && `${formatCount(b.monthlyTokens)} tokens/month`,
    b.dailyCostUsd !== null && `${formatUsdTo(b.dailyCostUsd, 6)}/day`,
    b.monthlyCostUsd !== null && `${formatUsdTo(b.monthlyCostUsd, 6)}/month`,
  ].filter(Boolean)
  return parts.length ? parts.join(' · ') : 'Role default'
}

export function UsersTab() {
  const me = useMe()
  const [page, setPage] = useState(1)
  const users = useUsers(page)
  const patchUser = usePatchUser()
  const [editing, setEditing] = useState<AdminUser | null>(null)
  const total = Number(users.data?.total ?? 0)

  function setDisabled(user: AdminUser, disabled: boolean) {
    patchUser.mutate(
      { id: user.id, patch: { disabled } },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: disabled ? `${user.userName} is disabled and signed out.` : `${user.userName} can sign in again.`,
          })
        },
        onError: (e) => notifications.show({ color: 'red', title: `Could not change ${user.userName}`, message: errorMessage(e) }),
      },
    )
  }

  function confirmDisable(user: AdminUser) {
    modals.openConfirmModal({
      title: `Disable ${user.userName}?`,
      centered: true,
      children: (
        <Text size="sm">
          {user.id === me.id
            ? 'This is your own account: you will be signed out at your next request and cannot sign in again until another administrator enables you.'
            : `${user.userName} is signed out at their next request and cannot sign in until enabled again. Their workspaces and data stay.`}
        </Text>
      ),
      labels: { confirm: 'Disable', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => setDisabled(user, true),
    })
  }

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Users
        </Title>
        <Text size="sm" c="dimmed">
          {total ? `${total} account${total === 1 ? '' : 's'}.` : ''} Change roles and budgets, or disable an account
          (it is signed out at its next request).
        </Text>
      </div>
      {users.error && <ErrorAlert title="Could not load users" error={users.error} />}
      {users.isPending && <Skeleton h={200} />}
      {users.data && (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Budget</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text fw={500}>
                      {user.userName}
                      {user.id === me.id && (
                        <Text span c="dimmed" size="sm">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {user.roles.map((role) => (
                        <Badge key={role} variant="light" color={role === 'Admin' ? 'grape' : role === 'Guest' ? 'cyan' : 'indigo'}>
                          {role}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{budgetSummary(user)}</Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(user.lastLoginAt, 'Never')}</Table.Td>
                  <Table.Td>
                    <Switch
                      checked={!user.disabled}
                      aria-label={`${user.userName} may sign in`}
                      color="teal"
                      onChange={(e) => (e.currentTarget.checked ? setDisabled(user, false) : confirmDisable(user))}
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="default" aria-label={`Edit ${user.userName}`} onClick={() => setEditing(user)}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {total > USERS_PAGE_SIZE && (
        <Pagination
          total={Math.ceil(total / USERS_PAGE_SIZE)}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
    </Stack>
  )
}
