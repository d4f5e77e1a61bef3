import { ActionIcon, Alert, Button, Group, NavLink, ScrollArea, Skeleton, Stack, Text, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { formatDateTime } from '../../components/format.ts'
import type { Conversation } from './chatTypes.ts'
import { useConversations, useDeleteConversation } from './chatQueries.ts'

export function ConversationList({ ws, current }: { ws: string; current?: string }) {
  const conversations = useConversations(ws)
  const remove = useDeleteConversation(ws)
  const navigate = useNavigate()

  function confirmDelete(doomed: Conversation) {
    modals.openConfirmModal({
      title: 'Delete this conversation?',
      children: <Text>"{doomed.title}" and all its messages will be deleted. This cannot be undone.</Text>,
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => void deleteConversation(doomed),
    })
  }

  async function deleteConversation(doomed: Conversation) {
    try {
      await remove.mutateAsync(doomed.id)
      notifications.show({ message: `Deleted "${doomed.title}".` })
      if (doomed.id === current) navigate(paths.chat(ws))
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete the conversation', message: errorMessage(e) })
    }
  }

  return (
    <Stack gap="xs" component="nav" aria-label="Conversations" h="100%">
      <Button component={Link} to={paths.chat(ws)} leftSection={<IconPlus size={16} aria-hidden />} variant="light">
        New conversation
      </Button>
      {conversations.isPending ? (
        <Stack gap={6} aria-label="Loading conversations">
          <Skeleton h={40} />
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : conversations.isError ? (
        <Alert color="red" title="Conversations could not be loaded">
          {errorMessage(conversations.error)}
        </Alert>
      ) : conversations.data.items.length === 0 ? (
        <Text size="sm">No conversations yet. Ask a question to start one.</Text>
      ) : (
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Stack gap={2}>
            {conversations.data.items.map((c) => (
              <Group key={c.id} gap={2} wrap="nowrap">
                <NavLink
                  component={Link}
                  to={paths.chat(ws, c.id)}
                  active={c.id === current}
                  aria-current={c.id === current ? 'page' : undefined}
                  label={c.title}
                  description={formatDateTime(c.updatedAt)}
                  style={{ flex: 1, minWidth: 0 }}
                  styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }, description: { color: 'var(--mantine-color-text)' } }}
                />
                <Tooltip label="Delete">
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete conversation ${c.title}`} onClick={() => confirmDelete(c)}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
          </Stack>
        </ScrollArea>
      )}
    </Stack>
  )
}
