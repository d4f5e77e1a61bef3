import { flushSync } from 'react-dom'
import { ApiError, errorMessage } from '../../api/problems.ts'
import { createDeltaBatcher } from './deltaBatcher.ts'
import { streamTurn } from './streamTurn.ts'
import { addTurn, setController, updateTurn } from './turnStore.ts'

/**
 * Asks one question and streams the answer into the turn store. Resolves when the turn is over: answered,
 * stopped (what arrived is kept), or failed (with a message in human terms).
 */
// A counter, not crypto.randomUUID: that exists only in secure contexts, and the app may be served over plain HTTP on a LAN.
let nextKey = 0

export async function runTurn(conversationId: string, question: string, model: string | undefined): Promise<'done' | 'stopped' | 'failed'> {
  const key = `turn-${++nextKey}`
  const controller = new AbortController()
  addTurn(conversationId, { key, question, reply: '', status: 'streaming', model, context: [] })
  setController(conversationId, controller)
  const patch = (change: Parameters<typeof updateTurn>[2]) => updateTurn(conversationId, key, change)
  // flushSync: the painted mark is taken in the frame after this commit, so the commit must not wait.
  const batcher = createDeltaBatcher((text) => flushSync(() => patch((t) => ({ ...t, reply: t.reply + text }))))

  let answered = false
  let failure: string | undefined
  try {
    await streamTurn(
      conversationId,
      { content: question, model },
      {
        onContext: (files) => patch((t) => ({ ...t, context: files })),
        onDelta: batcher.push,
        onChunk: batcher.flush,
        onUsage: (usage) => patch((t) => ({ ...t, usage })),
        onDone: () => {
          answered = true
        },
        onError: (error) => {
          failure = errorMessage(new ApiError({ status: error.status, title: error.title, detail: error.detail }))
        },
      },
      controller.signal,
    )
    if (!answered && !failure) failure = 'The answer was cut off before it finished. Ask again.'
  } catch (error) {
    if (!controller.signal.aborted) failure = errorMessage(error)
  } finally {
    batcher.drain()
    setController(conversationId, undefined)
  }

  const status = controller.signal.aborted && !answered ? 'stopped' : failure ? 'failed' : 'done'
  patch((t) => ({ ...t, status, error: status === 'failed' ? failure : undefined }))
  return status
}
