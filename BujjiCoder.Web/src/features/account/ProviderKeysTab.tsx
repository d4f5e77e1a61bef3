import { Alert, Button, Group, Modal, PasswordInput, Select, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useInfo } from '../../api/info.ts'
import { errorMessage } from '../../api/problems.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import { fieldError } from './fieldError.ts'
import { useDeleteProviderKey, useProviderKeys, useSaveProviderKey } from './useAccount.ts'

/** Only providers this server configures take a key (the Api answers 404 "unknown provider" to any other name). */
function KeyForm({ providers, initial, onDone }: { providers: string[]; initial: string | null; onDone(): void }) {
  const save = useSaveProviderKey()
  const [provider, setProvider] = useState<string | null>(initial ?? (providers.length === 1 ? providers[0] : null))
  const [apiKey, setApiKey] = useState('')
  const [baseUrl, setBaseUrl] = useState('')
  const keyError = apiKey && apiKey.trim().length < 8 ? 'A key is at least 8 characters.' : undefined

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!provider || apiKey.trim().length < 8) return
    save.mutate(
      { provider, apiKey: apiKey.trim(), baseUrl },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Your ${provider} key is saved; your calls to ${provider} use it from now on.` })
          onDone()
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label="Provider"
          required
          data={providers}
          value={provider}
          onChange={setProvider}
          disabled={initial !== null}
          allowDeselect={false}
        />
        <PasswordInput
          label="API key"
          description="Stored encrypted; only its last four characters are ever shown again"
          required
          autoComplete="off"
          data-autofocus
          value={apiKey}
          onChange={(e) => setApiKey(e.currentTarget.value)}
          error={keyError}
        />
        <TextInput
          label="Base URL"
          description="Optional: your own endpoint for this provider (e.g. a proxy or a regional deployment)"
          type="url"
          placeholder="https://"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.currentTarget.value)}
          error={fieldError(save.error, 'baseUrl')}
        />
        {save.error && <ErrorAlert title="Could not save the key" error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!provider || apiKey.trim().length < 8}>
            Save key
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function ProviderKeysTab() {
  const info = useInfo()
  const keys = useProviderKeys()
  const remove = useDeleteProviderKey()
  // undefined: closed; null: adding; a name: replacing that provider's key.
  const [editing, setEditing] = useState<string | null | undefined>(undefined)
  const providers = info.data?.providers ?? []

  function confirmDelete(provider: string) {
    modals.openConfirmModal({
      title: 'Delete key?',
      centered: true,
      children: <Text size="sm">Your calls to {provider} go back to the server’s key (if it has one). The stored key is deleted.</Text>,
      labels: { confirm: 'Delete key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(provider, {
          onError: (e) => notifications.show({ color: 'red', title: 'Could not delete the key', message: errorMessage(e) }),
        }),
    })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            Provider keys
          </Title>
          <Text size="sm" c="dimmed">
            Bring your own key: your calls to that provider use it instead of the server’s key.
          </Text>
        </div>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing(null)}
          disabled={providers.length === 0}
        >
          Add key
        </Button>
      </Group>

      {info.data && providers.length === 0 && (
        <Alert color="blue" title="No providers on this server">
          This server has no model providers configured, so there is nothing to add a key for. An administrator adds
          providers under <code>Llm:Providers</code> in the Api’s configuration.
        </Alert>
      )}
      {keys.error && <ErrorAlert title="Could not load your keys" error={keys.error} />}
      {keys.isPending && <Skeleton h={100} />}
      {keys.data?.length === 0 && providers.length > 0 && (
        <EmptyState title="No keys of your own">
          Your calls use the server’s keys. Add one to use your own account with a provider.
        </EmptyState>
      )}
      {keys.data && keys.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Provider</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Base URL</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.provider}>
                  <Table.Td fw={500}>{key.provider}</Table.Td>
                  <Table.Td ff="monospace">…{key.last4}</Table.Td>
                  <Table.Td>{key.baseUrl ?? <Text c="dimmed" size="sm">Provider default</Text>}</Table.Td>
                  <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(key.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Replace the ${key.provider} key`}
                        onClick={() => setEditing(key.provider)}
                      >
                        Replace
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={`Delete the ${key.provider} key`}
                        onClick={() => confirmDelete(key.provider)}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? `Replace your ${editing} key` : 'Add a provider key'}
        centered
      >
        {editing !== undefined && <KeyForm providers={providers} initial={editing} onDone={() => setEditing(undefined)} />}
      </Modal>
    </Stack>
  )
}
