import { Alert, Badge, Button, Group, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDeviceFloppy } from '@tabler/icons-react'
import { useState } from 'react'
import { useParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/problems.ts'
import { useWorkspaceAccess } from '../workspaces/useWorkspaceAccess.ts'
import type { Schemas } from '../../api/types.ts'
import { formatCount } from '../../components/format.ts'
import { useRules, useSaveRules } from './useRules.ts'

const MAX_LENGTH = 65_536

/** The workspace's rules: conventions the assistant is given with every prompt in this workspace. */
export default function RulesPage() {
  const { ws = '' } = useParams()
  const canWrite = useWorkspaceAccess().can('write')
  const rules = useRules(ws)
  const save = useSaveRules(ws)
  const [draft, setDraft] = useState<string | null>(null)
  const [from, setFrom] = useState<Schemas['RulesResponse'] | undefined>(undefined)
  // The draft starts from what the server has, and again after a save or a reload replaced it.
  if (rules.data && rules.data !== from) {
    setFrom(rules.data)
    setDraft(rules.data.text)
  }
  const text = draft ?? ''
  const dirty = rules.data !== undefined && text !== rules.data.text
  const stale = save.error instanceof ApiError && save.error.status === 412
  // The version that beat us, named by the 412: overwriting it with If-Match is knowing; a third save in between is
  // refused again. None means the rules were deleted meanwhile, and there is nothing left to lose.
  const theirs = stale ? ((save.error as ApiError).problem.currentEtag as string | undefined) ?? null : null

  function submit(etag: string | null) {
    save.mutate(
      { text, etag },
      { onSuccess: () => notifications.show({ message: 'Rules saved', color: 'teal', autoClose: 2000 }) },
    )
  }

  return (
    <Stack gap="md" maw={1000}>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Rules
        </Title>
        {dirty && (
          <Badge color="yellow" variant="dot">
            Unsaved
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Rules are sent to the assistant with every prompt in this workspace — chat, composer and completion. Use them for
        conventions it must follow: language versions, naming, libraries to prefer or avoid, how tests are written. Keep
        them short: every word counts against each request's tokens.
      </Text>

      {rules.isPending ? (
        <Skeleton height={300} />
      ) : rules.error ? (
        <Alert color="red" title="Could not load the rules">
          {errorMessage(rules.error)}
        </Alert>
      ) : (
        <>
          {!canWrite && (
            <Alert color="gray" variant="light">
              You can read these rules. Editors and Owners of the workspace can change them.
            </Alert>
          )}
          <Textarea
            label="Workspace rules"
            description={`${formatCount(text.length)} of ${formatCount(MAX_LENGTH)} characters`}
            placeholder={canWrite ? 'e.g. Target .NET 10. Use file-scoped namespaces. Tests use xUnit and real PostgreSQL.' : 'No rules yet.'}
            value={text}
            onChange={(event) => setDraft(event.currentTarget.value)}
            readOnly={!canWrite}
            maxLength={MAX_LENGTH}
            autosize
            minRows={14}
            maxRows={30}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            spellCheck={false}
          />
          {stale ? (
            <Alert color="yellow" title="Someone else changed the rules">
              <Text size="sm" mb="sm">
                The rules were saved by someone else after you opened them. Reload to see theirs (your text is discarded), or
                overwrite them with yours.
              </Text>
              <Group>
                <Button
                  variant="default"
                  onClick={() => {
                    save.reset()
                    void rules.refetch()
                  }}
                >
                  Reload theirs
                </Button>
                <Button color="red" loading={save.isPending} onClick={() => submit(theirs)}>
                  Overwrite with mine
                </Button>
              </Group>
            </Alert>
          ) : (
            save.error && (
              <Alert color="red" title="Could not save the rules">
                {errorMessage(save.error)}
              </Alert>
            )
          )}
          {canWrite && (
            <Group>
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                disabled={!dirty}
                loading={save.isPending}
                onClick={() => submit(rules.data?.etag ?? null)}
              >
                Save rules
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  )
}
