import { Alert, ScrollArea, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core'
import { useEffect, useLayoutEffect, useRef } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { AssistantMessage, UserMessage } from './ChatMessage.tsx'
import type { Message } from './chatTypes.ts'
import { useTurns } from './turnStore.ts'

export interface MessageListProps {
  ws: string
  conversationId?: string
  messages: Message[]
  loading: boolean
  error: unknown
}

/**
 * The saved messages, then this session's turns. It alone subscribes to the turn store, so a streamed delta
 * re-renders this list (and only the growing reply in it: the others are memoised), not the model picker or the box.
 */
export function MessageList({ ws, conversationId, messages, loading, error }: MessageListProps) {
  const turns = useTurns(conversationId)

  // Follow the answer as it grows, unless the reader has scrolled up to read something earlier.
  const viewport = useRef<HTMLDivElement>(null)
  const stick = useRef(true)
  useLayoutEffect(() => {
    const el = viewport.current
    if (el && stick.current) el.scrollTop = el.scrollHeight
  })
  useEffect(() => {
    stick.current = true
  }, [turns.length])

  const empty = messages.length === 0 && turns.length === 0
  const last = turns.at(-1)
  // Said once when a turn ends, rather than every delta read out as it streams.
  const announcement =
    last?.status === 'done' ? 'Answer complete.' : last?.status === 'stopped' ? 'Answer stopped.' : last?.status === 'failed' ? `No answer. ${last.error ?? ''}` : ''
  return (
    <>
      <VisuallyHidden role="status">{announcement}</VisuallyHidden>
      <ScrollArea
        viewportRef={viewport}
        // Focusable and named, so a keyboard can scroll a long conversation.
        viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Messages' }}
        style={{ flex: 1 }}
        type="auto"
        onScrollPositionChange={({ y }) => {
          const el = viewport.current
          if (el) stick.current = el.scrollHeight - el.clientHeight - y < 60
        }}
      >
        <Stack gap="sm" pr="sm">
          {loading ? (
            <Stack aria-label="Loading messages">
              <Skeleton h={60} />
              <Skeleton h={120} />
            </Stack>
          ) : error ? (
            <Alert color="red" title="This conversation could not be loaded">
              {errorMessage(error)}
            </Alert>
          ) : empty ? (
            <Text>Ask anything about the code in this workspace. Answers show the files they used; click one to open it at those lines.</Text>
          ) : null}
          {messages.map((m) =>
            m.role === 'user' ? (
              <UserMessage key={m.id} text={m.content} />
            ) : (
              <AssistantMessage key={m.id} ws={ws} text={m.content} model={m.model} context={m.context ?? undefined} usage={m.usage ?? undefined} />
            ),
          )}
          {turns.map((t) => (
            <Stack key={t.key} gap="sm">
              <UserMessage text={t.question} />
              <AssistantMessage ws={ws} text={t.reply} model={t.model} status={t.status} context={t.context} usage={t.usage} error={t.error} />
            </Stack>
          ))}
        </Stack>
      </ScrollArea>
    </>
  )
}
