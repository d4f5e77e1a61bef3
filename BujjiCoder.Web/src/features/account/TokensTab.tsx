import { Badge, Button, Group, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDate, formatDateTime } from '../../components/format.ts'
import type { IssuedToken, TokenInfo } from './accountTypes.ts'
import { CreateTokenModal } from './CreateTokenModal.tsx'
import { IssuedTokenModal } from './IssuedTokenModal.tsx'
import { useIssueToken, useRevokeToken, useTokens } from './useTokens.ts'

function status(token: TokenInfo, now: number) {
  if (token.revoked) return <Badge color="gray.7">Revoked</Badge>
  if (Date.parse(token.expiresAt) <= now) return <Badge color="yellow.4" c="black">Expired</Badge>
  return <Badge color="teal.9">Active</Badge>
}

export function TokensTab({ admin }: { admin: boolean }) {
  const tokens = useTokens()
  // The secret lives only here, and only until the modal closes.
  const [issued, setIssued] = useState<{ token: IssuedToken; rotated: boolean } | null>(null)
  const [creating, setCreating] = useState(false)
  const { create, rotate } = useIssueToken((token, rotated) => setIssued({ token, rotated }))
  const revoke = useRevokeToken()
  const now = Date.now()

  function confirm(action: 'rotate' | 'revoke', token: TokenInfo) {
    const mutation = action === 'rotate' ? rotate : revoke
    modals.openConfirmModal({
      title: action === 'rotate' ? 'Rotate token?' : 'Revoke token?',
      centered: true,
      children: (
        <Text size="sm">
          {action === 'rotate'
            ? `“${token.name}” gets a new secret, shown once. The current secret stops working at once, so update whatever uses it.`
            : `“${token.name}” stops working at once. Scripts using it will get “not authenticated”.`}
        </Text>
      ),
      labels: { confirm: action === 'rotate' ? 'Rotate' : 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        mutation.mutate(token.id, {
          onSuccess: () => {
            if (action === 'revoke') notifications.show({ color: 'teal', message: `Token “${token.name}” revoked.` })
          },
          onError: (e) => notifications.show({ color: 'red', title: `Could not ${action} the token`, message: errorMessage(e) }),
        }),
    })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            Personal access tokens
          </Title>
          <Text size="sm" c="dimmed">
            For scripts and IDE plug-ins: they act as you, limited to their scopes.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          Create token
        </Button>
      </Group>

      {tokens.error && <ErrorAlert title="Could not load your tokens" error={tokens.error} />}
      {tokens.isPending && <Skeleton h={120} />}
      {tokens.data?.length === 0 && (
        <EmptyState title="No tokens yet">
          Create one to call the Api from a script, e.g. with curl.
        </EmptyState>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((token) => {
                const usable = !token.revoked && Date.parse(token.expiresAt) > now
                return (
                  <Table.Tr key={token.id}>
                    <Table.Td>
                      <Text fw={500}>{token.name}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {token.hint}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {token.scopes.map((scope) => (
                          <Badge key={scope} variant="light" size="sm" tt="none">
                            {scope}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDate(token.createdAt)}</Table.Td>
                    <Table.Td>{formatDate(token.expiresAt)}</Table.Td>
                    <Table.Td>{formatDateTime(token.lastUsedAt, 'Never')}</Table.Td>
                    <Table.Td>{status(token, now)}</Table.Td>
                    <Table.Td>
                      {usable && (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={`Rotate ${token.name}`}
                            onClick={() => confirm('rotate', token)}
                          >
                            Rotate
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            aria-label={`Revoke ${token.name}`}
                            onClick={() => confirm('revoke', token)}
                          >
                            Revoke
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <CreateTokenModal
        opened={creating}
        admin={admin}
        busy={create.isPending}
        error={create.error}
        onClose={() => {
          setCreating(false)
          create.reset()
        }}
        onCreate={(request) => create.mutate(request, { onSuccess: () => setCreating(false) })}
      />
      <IssuedTokenModal token={issued?.token ?? null} rotated={issued?.rotated ?? false} onClose={() => setIssued(null)} />
    </Stack>
  )
}
