/**
 * Editor completion from the Api's POST /completion. Asks only after the user pauses, drops a request as soon as
 * they type on, and stays silent when the server has completion switched off (404) or cannot answer: completion
 * is a help, never an error message in the middle of typing.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete'
import { api, call } from '../../api/client.ts'
import { ApiError } from '../../api/problems.ts'
import type { CompletionItem } from './filesTypes.ts'

/** The Api's own cap on the unsaved buffer it accepts (CompletionRequest.MaxContentChars). */
const MAX_CONTENT_CHARS = 2 * 1024 * 1024
const WORD = /[\w$]+/

export interface CompletionRequestBody {
  path: string
  content: string
  line: number
  column: number
}

export type CompletionFetcher = (ws: string, body: CompletionRequestBody, signal: AbortSignal) => Promise<CompletionItem[]>

export const fetchCompletions: CompletionFetcher = async (ws, body, signal) => {
  const data = await call(
    api.POST('/api/v1/workspaces/{ws}/completion', { params: { path: { ws } }, body: { ...body, limit: 20 }, signal }),
  )
  return data.items
}

const TYPES: Record<string, string> = {
  function: 'function',
  method: 'method',
  class: 'class',
  struct: 'class',
  record: 'class',
  interface: 'interface',
  enum: 'enum',
  type: 'type',
  property: 'property',
  field: 'property',
  variable: 'variable',
  constant: 'constant',
  namespace: 'namespace',
  module: 'namespace',
  keyword: 'keyword',
}

function toOption(item: CompletionItem): Completion {
  if (item.kind === 'llm') {
    const firstLine = item.text.split('\n', 1)[0]
    return { label: firstLine || item.text, apply: item.text, detail: 'suggested', type: 'text', boost: -1 }
  }
  return { label: item.text, type: TYPES[item.kind] ?? 'text', detail: item.kind === 'word' ? undefined : item.kind }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * @param getPath the open file's path when the request is made (the editor can move to another file).
 * @param debounceMs how long the user must pause before the Api is asked.
 */
export function workspaceCompletions(
  ws: string,
  getPath: () => string,
  { fetcher = fetchCompletions, debounceMs = 250 }: { fetcher?: CompletionFetcher; debounceMs?: number } = {},
): CompletionSource {
  let unavailable = false
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    if (unavailable) return null
    const word = context.matchBefore(WORD)
    if (!word && !context.explicit) return null
    if (context.state.doc.length > MAX_CONTENT_CHARS) return null

    const controller = new AbortController()
    context.addEventListener('abort', () => controller.abort(), { onDocChange: true })
    await wait(debounceMs)
    if (context.aborted || controller.signal.aborted) return null

    const line = context.state.doc.lineAt(context.pos)
    let items: CompletionItem[]
    try {
      items = await fetcher(
        ws,
        { path: getPath(), content: context.state.doc.toString(), line: line.number, column: context.pos - line.from + 1 },
        controller.signal,
      )
    } catch (error) {
      // Off on this server (404) or not allowed for this user (403): stop asking until the page is reloaded.
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) unavailable = true
      return null
    }
    if (context.aborted || items.length === 0) return null

    const names = items.filter((item) => item.kind !== 'llm')
    const suggested = items.filter((item) => item.kind === 'llm')
    if (names.length > 0) {
      // Names replace the word being typed; typing on narrows the list locally instead of asking again.
      return { from: word?.from ?? context.pos, options: names.map(toOption), validFor: /^[\w$]*$/ }
    }
    return { from: context.pos, options: suggested.map(toOption), filter: false }
  }
}
