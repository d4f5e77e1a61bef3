/**
 * The turns asked in this browser session, per conversation, with the answer as it streams. They live outside
 * React so an answer keeps arriving (and can still be stopped) when the user looks at another conversation or
 * screen; the conversation's saved messages come from the Api, these are shown after them.
 */
import { useSyncExternalStore } from 'react'
import type { ContextFile, TurnUsage } from './chatTypes.ts'

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'failed'

export interface LocalTurn {
  key: string
  question: string
  reply: string
  status: TurnStatus
  model?: string
  context: ContextFile[]
  usage?: TurnUsage
  error?: string
}

const EMPTY: LocalTurn[] = []
const turns = new Map<string, LocalTurn[]>()
const controllers = new Map<string, AbortController>()
const listeners = new Set<() => void>()

function emit() {
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function getTurns(conversationId: string): LocalTurn[] {
  return turns.get(conversationId) ?? EMPTY
}

export function useTurns(conversationId: string | undefined): LocalTurn[] {
  return useSyncExternalStore(subscribe, () => (conversationId ? getTurns(conversationId) : EMPTY))
}

export function addTurn(conversationId: string, turn: LocalTurn): void {
  turns.set(conversationId, [...getTurns(conversationId), turn])
  emit()
}

export function updateTurn(conversationId: string, key: string, change: (turn: LocalTurn) => LocalTurn): void {
  turns.set(
    conversationId,
    getTurns(conversationId).map((t) => (t.key === key ? change(t) : t)),
  )
  emit()
}

export function forgetConversation(conversationId: string): void {
  controllers.get(conversationId)?.abort()
  controllers.delete(conversationId)
  turns.delete(conversationId)
  emit()
}

/** The running turn's controller, so Stop works from wherever the conversation is shown. */
export function setController(conversationId: string, controller: AbortController | undefined): void {
  if (controller) controllers.set(conversationId, controller)
  else controllers.delete(conversationId)
  emit()
}

export function stopTurn(conversationId: string): void {
  controllers.get(conversationId)?.abort()
}

export function isStreaming(conversationId: string | undefined): boolean {
  return conversationId !== undefined && controllers.has(conversationId)
}

export function useIsStreaming(conversationId: string | undefined): boolean {
  return useSyncExternalStore(subscribe, () => isStreaming(conversationId))
}

/** For tests. */
export function resetTurns(): void {
  for (const controller of controllers.values()) controller.abort()
  controllers.clear()
  turns.clear()
  emit()
}
