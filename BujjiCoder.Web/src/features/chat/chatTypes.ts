/** Shapes of the chat endpoints, mirroring the Api's C# records until the OpenAPI document declares them. */
import type { Schemas } from '../../api/types.ts'

export type Model = Schemas['ModelResponse']

// TODO(openapi): ConversationResponse (BujjiCoder.Api/Chat/ChatContracts.cs)
export interface Conversation {
  id: string
  workspaceId: string
  title: string
  model: string
  createdAt: string
  updatedAt: string
}

// TODO(openapi): MessageResponse (ChatContracts.cs)
export interface Message {
  id: string
  role: 'user' | 'assistant' | string
  content: string
  model: string | null
  createdAt: string
}

// TODO(openapi): ConversationWithMessages (ChatContracts.cs)
export interface ConversationWithMessages extends Conversation {
  messages: Message[]
}

// TODO(openapi): PagedResult<T> (BujjiCoder.Api/Extensions/Paging.cs)
export interface Paged<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

/** A file (and line range) that was put into the prompt (ContextFile in ChatContracts.cs). */
export interface ContextFile {
  path: string
  startLine: number
  endLine: number
}

/** One turn's tokens and cost (TurnUsage in ChatContracts.cs); cached replies cost nothing. */
export interface TurnUsage {
  inputTokens: number
  outputTokens: number
  costUsd: number
  cached: boolean
}

/** The `error` event's data (ConversationEndpoints.Events): a problem in short. */
export interface StreamError {
  status: number
  title: string
  detail: string
}

/**
 * Times from the Api are UTC, but the embedded SQLite mode sends them without a zone, which Date would read as
 * local time: a missing zone is taken as UTC.
 */
export function parseApiTime(value: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`)
}
