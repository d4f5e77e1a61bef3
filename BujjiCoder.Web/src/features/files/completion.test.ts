import { CompletionContext } from '@codemirror/autocomplete'
import { EditorState } from '@codemirror/state'
import { describe, expect, test, vi } from 'vitest'
import { ApiError } from '../../api/problems.ts'
import { workspaceCompletions, type CompletionFetcher } from './completion.ts'

interface QueryInternals {
  abortListeners: (() => void)[] | null
  abortOnDocChange: boolean
}

/** What @codemirror/autocomplete's plugin does to a running query when the document changes (dist/index.js, update()). */
function typeOn(context: CompletionContext) {
  const query = context as unknown as QueryInternals
  if (!query.abortOnDocChange) return
  query.abortListeners?.forEach((listener) => listener())
  query.abortListeners = null
}

function contextAt(doc: string, explicit = false) {
  const state = EditorState.create({ doc })
  return new CompletionContext(state, doc.length, explicit)
}

describe('workspaceCompletions', () => {
  test('asks with the unsaved buffer and a 1-based line and column, and replaces the word being typed', async () => {
    const fetcher = vi.fn<CompletionFetcher>(async () => [
      { text: 'Greeter', kind: 'class', score: 1 },
      { text: 'greet', kind: 'function', score: 0.5 },
    ])
    const source = workspaceCompletions('w1', () => 'src/a.cs', { fetcher, debounceMs: 0 })

    const result = await source(contextAt('var x = 1;\n  new Gre'))

    expect(fetcher).toHaveBeenCalledWith(
      'w1',
      { path: 'src/a.cs', content: 'var x = 1;\n  new Gre', line: 2, column: 10 },
      expect.any(AbortSignal),
    )
    expect(result?.from).toBe('var x = 1;\n  new '.length)
    expect(result?.options.map((o) => [o.label, o.type])).toEqual([
      ['Greeter', 'class'],
      ['greet', 'function'],
    ])
  })

  test('nothing is asked while the cursor is not after a word, unless the user asks explicitly', async () => {
    const fetcher = vi.fn<CompletionFetcher>(async () => [])
    const source = workspaceCompletions('w1', () => 'a.cs', { fetcher, debounceMs: 0 })
    expect(await source(contextAt('x = '))).toBeNull()
    expect(fetcher).not.toHaveBeenCalled()
    await source(contextAt('x = ', true))
    expect(fetcher).toHaveBeenCalledOnce()
  })

  test('typing on during the pause cancels the request before it is sent', async () => {
    const fetcher = vi.fn<CompletionFetcher>(async () => [{ text: 'greet', kind: 'function', score: 1 }])
    const source = workspaceCompletions('w1', () => 'a.cs', { fetcher, debounceMs: 20 })
    const context = contextAt('gre')
    const pending = source(context)
    typeOn(context)
    expect(await pending).toBeNull()
    expect(fetcher).not.toHaveBeenCalled()
  })

  test('a server with completion switched off (404) gets no further requests and the user sees no error', async () => {
    const fetcher = vi.fn<CompletionFetcher>(async () => {
      throw new ApiError({ status: 404 })
    })
    const source = workspaceCompletions('w1', () => 'a.cs', { fetcher, debounceMs: 0 })
    expect(await source(contextAt('gre'))).toBeNull()
    expect(await source(contextAt('gree'))).toBeNull()
    expect(fetcher).toHaveBeenCalledOnce()
  })

  test('model-written code goes in at the cursor as it is when there is no name to complete', async () => {
    const fetcher = vi.fn<CompletionFetcher>(async () => [{ text: 'return a + b;\n}', kind: 'llm', score: 1 }])
    const source = workspaceCompletions('w1', () => 'a.cs', { fetcher, debounceMs: 0 })
    const result = await source(contextAt('int Add(int a, int b) {\n  ', true))
    expect(result?.from).toBe('int Add(int a, int b) {\n  '.length)
    expect(result?.options[0]).toMatchObject({ label: 'return a + b;', apply: 'return a + b;\n}' })
  })
})
