import { Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core'
import { memo } from 'react'
import type { ContextFile, TurnUsage } from './chatTypes.ts'
import { ContextChips } from './ContextChips.tsx'
import { Markdown } from './Markdown.tsx'
import type { TurnStatus } from './turnStore.ts'
import { UsageLine } from './UsageLine.tsx'

export const UserMessage = memo(function UserMessage({ text }: { text: string }) {
  return (
    <Paper component="article" aria-label="Your message" p="sm" radius="md" bg="var(--mantine-color-default-hover)" ml="15%">
      <Text size="xs" fw={600} mb={4}>
        You
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Text>
    </Paper>
  )
})

export interface AssistantMessageProps {
  ws: string
  text: string
  model?: string | null
  status?: TurnStatus
  context?: ContextFile[]
  usage?: TurnUsage
  error?: string
}

export const AssistantMessage = memo(function AssistantMessage({ ws, text, model, status = 'done', context = [], usage, error }: AssistantMessageProps) {
  return (
    <Paper component="article" aria-label="Assistant reply" aria-busy={status === 'streaming'} p="sm" radius="md" withBorder mr="5%">
      <Stack gap={6}>
        <Group gap="xs">
          <Text size="xs" fw={600}>
            Bujji
          </Text>
          {model && (
            <Text size="xs" ff="monospace">
              {model}
            </Text>
          )}
          {status === 'streaming' && (
            <Badge size="xs" variant="light" tt="none">
              answering…
            </Badge>
          )}
          {status === 'stopped' && (
            <Badge size="xs" variant="default" tt="none">
              stopped
            </Badge>
          )}
        </Group>
        <ContextChips ws={ws} files={context} />
        {text ? <Markdown text={text} /> : status === 'streaming' ? <Text size="sm">Thinking…</Text> : null}
        {status === 'stopped' && (
          <Text size="xs" fs="italic">
            Stopped: the answer above is what arrived before you stopped it.
          </Text>
        )}
        {error && (
          <Alert color="red" title="No answer" role="alert">
            {error}
          </Alert>
        )}
        {usage && <UsageLine usage={usage} />}
      </Stack>
    </Paper>
  )
})
