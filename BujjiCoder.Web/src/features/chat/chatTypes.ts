/** Short names for the chat shapes of the generated schema (src/api/schema.d.ts, from the Api's OpenAPI document). */
import type { Schemas } from '../../api/types.ts'

export type Model = Schemas['ModelResponse']
export type Conversation = Schemas['ConversationResponse']
export type Message = Schemas['MessageResponse']
export type ConversationWithMessages = Schemas['ConversationWithMessages']
/** A file (and line range) that was put into the prompt. */
export type ContextFile = Schemas['ContextFile']
/** One turn's tokens and cost; cached replies cost nothing. */
export type TurnUsage = Schemas['TurnUsage']

/** The data of each Server-Sent Event of a streamed turn (ProducesEventStream in ConversationEndpoints). */
export type ContextEvent = Schemas['ContextEvent']
export type DeltaEvent = Schemas['DeltaEvent']
export type DoneEvent = Schemas['DoneEvent']
/** The `error` event: the provider failed after the stream began (a problem in short). */
export type StreamError = Schemas['ErrorEvent']

