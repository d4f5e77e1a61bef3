import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, call } from '../../api/client.ts'
import type { ConversationWithMessages } from './chatTypes.ts'
import { forgetConversation } from './turnStore.ts'

export const chatKeys = {
  models: ['chat', 'models'] as const,
  conversations: (ws: string) => ['chat', 'conversations', ws] as const,
  conversation: (id: string) => ['chat', 'conversation', id] as const,
}

/** The models the caller may use; the composer picks from the same list. */
export function useModels() {
  return useQuery({
    queryKey: chatKeys.models,
    queryFn: async () => await call(api.GET('/api/v1/models')),
    staleTime: 5 * 60_000,
  })
}

export function defaultModel(models: readonly { id: string; isDefault: boolean }[] | undefined): string | undefined {
  return (models?.find((m) => m.isDefault) ?? models?.[0])?.id
}

export function useConversations(ws: string) {
  return useQuery({
    queryKey: chatKeys.conversations(ws),
    queryFn: async () =>
      await call(
        api.GET('/api/v1/workspaces/{ws}/conversations', { params: { path: { ws }, query: { pageSize: 200 } } }),
      ),
  })
}

/**
 * A conversation's saved messages, read once: turns asked afterwards are kept in the turn store and shown after
 * them, so reading again would show those turns twice.
 */
export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: chatKeys.conversation(id ?? ''),
    queryFn: async () => await call(api.GET('/api/v1/conversations/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    staleTime: Infinity,
    gcTime: Infinity,
  })
}

export function useCreateConversation(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: { title: string; model: string | null }) =>
      await call(api.POST('/api/v1/workspaces/{ws}/conversations', { params: { path: { ws } }, body })),
    onSuccess: (conversation) => {
      queryClient.setQueryData<ConversationWithMessages>(chatKeys.conversation(conversation.id), { ...conversation, messages: [] })
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(ws) })
    },
  })
}

export function useDeleteConversation(ws: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => {
      await call(api.DELETE('/api/v1/conversations/{id}', { params: { path: { id } } }))
      return id
    },
    onSuccess: (id) => {
      forgetConversation(id)
      queryClient.removeQueries({ queryKey: chatKeys.conversation(id) })
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(ws) })
    },
  })
}

const MODEL_KEY = 'bujji.chat.model.'

/** The model last picked for a conversation (a preference, not a secret: localStorage is fine). */
export function rememberedModel(conversationId: string | undefined): string | undefined {
  if (!conversationId) return undefined
  try {
    return localStorage.getItem(MODEL_KEY + conversationId) ?? undefined
  } catch {
    return undefined
  }
}

export function rememberModel(conversationId: string, model: string): void {
  try {
    localStorage.setItem(MODEL_KEY + conversationId, model)
  } catch {
    // Private mode or full storage: the choice lasts for this visit only.
  }
}
