import { Badge, Button, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { useNavigate } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { useAuth } from '../../auth/AuthContext.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import type { SessionInfo } from './accountTypes.ts'
import { useRevokeSession, useSessions } from './useAccount.ts'

export function SessionsTab() {
  const sessions = useSessions()
  const revoke = useRevokeSession()
  const { signOut } = useAuth()
  const navigate = useNavigate()

  function confirmRevoke(session: SessionInfo) {
    modals.openConfirmModal({
      title: 'Revoke session?',
      centered: true,
      children: (
        <Text size="sm">
          {session.current
            ? 'This is the browser you are using: you will be signed out here at once.'
            : 'That browser will be signed out when its sign-in next needs renewing (within minutes).'}
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(session.id, {
          // Its access token would otherwise work on for up to 15 minutes: leave now, as the dialog promised.
          onSuccess: async () => {
            if (!session.current) return
            await signOut()
            navigate('/login')
          },
          onError: (e) => notifications.show({ color: 'red', title: 'Could not revoke the session', message: errorMessage(e) }),
        }),
    })
  }

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Sessions
        </Title>
        <Text size="sm" c="dimmed">
          Browsers signed in as you. Revoke one you do not recognise: it cannot renew its sign-in any more.
        </Text>
      </div>
      {sessions.error && <ErrorAlert title="Could not load your sessions" error={sessions.error} />}
      {sessions.isPending && <Skeleton h={100} />}
      {sessions.data && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Browser</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td maw={360}>
                    <Text size="sm" truncate="end" title={session.userAgent ?? undefined}>
                      {session.userAgent ?? 'Unknown browser'}
                    </Text>
                    {session.current && (
                      <Badge size="sm" color="teal.9">
                        This browser
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ff="monospace">{session.ip ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(session.lastUsedAt)}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={`Revoke session from ${session.ip ?? 'unknown address'}${session.current ? ' (this browser)' : ''}`}
                      onClick={() => confirmRevoke(session)}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
