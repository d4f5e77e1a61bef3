import { Alert, Group, Stack, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { chatKeys, defaultModel, rememberedModel, rememberModel, useConversation, useCreateConversation, useModels } from './chatQueries.ts'
import { MessageInput } from './MessageInput.tsx'
import { MessageList } from './MessageList.tsx'
import { ModelPicker } from './ModelPicker.tsx'
import { runTurn } from './runTurn.ts'
import { stopTurn, useIsStreaming } from './turnStore.ts'

/** A new conversation is titled by the start of its first question (there is no rename). */
export function titleFrom(question: string): string {
  const line = question.split('\n')[0].trim()
  return line.length > 80 ? `${line.slice(0, 79)}…` : line
}

/** One conversation (or a new one, when `conversationId` is undefined): its messages, the model, the question box. */
export function ConversationPane({ ws, conversationId }: { ws: string; conversationId?: string }) {
  const conversation = useConversation(conversationId)
  const models = useModels()
  const streaming = useIsStreaming(conversationId)
  const create = useCreateConversation(ws)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [picked, setPicked] = useState<string | undefined>(() => rememberedModel(conversationId))
  const [startError, setStartError] = useState<string | null>(null)

  const available = models.data ?? []
  const usable = (id: string | undefined) => (id && available.some((m) => m.id === id) ? id : undefined)
  const model = usable(picked) ?? usable(conversation.data?.model) ?? defaultModel(available)

  function pick(id: string) {
    setPicked(id)
    if (conversationId) rememberModel(conversationId, id)
  }

  async function send(question: string) {
    setStartError(null)
    let id = conversationId
    if (!id) {
      try {
        id = (await create.mutateAsync({ title: titleFrom(question), model: model ?? null })).id
      } catch (e) {
        setStartError(errorMessage(e))
        return
      }
      if (model) rememberModel(id, model)
      navigate(paths.chat(ws, id))
    }
    const outcome = await runTurn(id, question, model)
    if (outcome === 'done') void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(ws) })
  }

  const title = conversationId ? (conversation.data?.title ?? 'Conversation') : 'New conversation'
  const noModels = models.isSuccess && available.length === 0

  return (
    <Stack gap="sm" h="calc(100dvh - 250px)" mih={420}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Title>
        <ModelPicker models={available} value={model} onChange={pick} disabled={streaming} />
      </Group>
      {models.isError && (
        <Alert color="red" title="The models could not be loaded">
          {errorMessage(models.error)}
        </Alert>
      )}
      {noModels && (
        <Alert color="blue" title="No model is available">
          Chat needs a language model, and none is configured that you may use. Ask an administrator to set up an LLM provider.
        </Alert>
      )}
      <MessageList
        ws={ws}
        conversationId={conversationId}
        messages={conversation.data?.messages ?? []}
        loading={conversation.isPending && conversationId !== undefined}
        error={conversation.error}
      />
      {startError && (
        <Alert color="red" title="The conversation could not be started" role="alert" withCloseButton onClose={() => setStartError(null)}>
          {startError}
        </Alert>
      )}
      <MessageInput
        streaming={streaming}
        disabled={noModels || create.isPending || conversation.isError}
        onSend={(q) => void send(q)}
        onStop={() => conversationId && stopTurn(conversationId)}
      />
    </Stack>
  )
}
