/**
 * One chat turn as Server-Sent Events: POST the question with `Accept: text/event-stream` and hand each event to
 * its handler as it is parsed (eventsource-parser copes with events split across chunks and several per chunk).
 * Aborting `signal` ends the request, which is how the Api learns to cancel the model call upstream.
 */
import { createParser } from 'eventsource-parser'
import { authFetch } from '../../api/client.ts'
import { ApiError, problemFrom } from '../../api/problems.ts'
import type { ContextEvent, ContextFile, DeltaEvent, DoneEvent, StreamError, TurnUsage } from './chatTypes.ts'

export interface TurnHandlers {
  onContext?: (files: ContextFile[]) => void
  onDelta: (text: string) => void
  onUsage?: (usage: TurnUsage) => void
  onDone?: (messageId: string) => void
  onError?: (error: StreamError) => void
  /** After all events of one network chunk were handled: the moment to render them together. */
  onChunk?: () => void
}

export interface SendMessageBody {
  content: string
  model?: string
}

export async function streamTurn(
  conversationId: string,
  body: SendMessageBody,
  handlers: TurnHandlers,
  signal: AbortSignal,
): Promise<void> {
  const response = await authFetch(
    // Absolute: Request outside a browser (tests) has no page to resolve a relative URL against.
    new Request(new URL(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, window.location.origin), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    }),
  )
  if (!response.ok || !response.body) {
    const problem: unknown = await response.json().catch(() => undefined)
    throw new ApiError(problemFrom(response, problem))
  }

  const parser = createParser({
    onEvent(event) {
      const data: unknown = event.data ? JSON.parse(event.data) : {}
      switch (event.event) {
        case 'context':
          handlers.onContext?.((data as ContextEvent).files)
          break
        case 'delta':
          handlers.onDelta((data as DeltaEvent).text)
          break
        case 'usage':
          handlers.onUsage?.(data as TurnUsage)
          break
        case 'done':
          handlers.onDone?.((data as DoneEvent).messageId)
          break
        case 'error':
          handlers.onError?.(data as StreamError)
          break
      }
    },
  })
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(decoder.decode(value, { stream: true }))
      handlers.onChunk?.()
    }
  } finally {
    reader.releaseLock()
  }
}
