import { afterEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { ApiError } from '../../api/problems.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse } from '../../test/http.ts'
import { streamTurn, type TurnHandlers } from './streamTurn.ts'

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

/** A response whose body arrives in exactly these pieces (bytes, so a piece may end inside a character). */
function sseResponse(chunks: (string | Uint8Array)[]): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}

function recorder() {
  const seen: string[] = []
  const handlers: TurnHandlers = {
    onContext: (files) => seen.push(`context ${files.map((f) => `${f.path}:${f.startLine}-${f.endLine}`).join(',')}`),
    onDelta: (text) => seen.push(`delta ${text}`),
    onUsage: (u) => seen.push(`usage ${u.inputTokens}/${u.outputTokens}/${u.costUsd}/${u.cached}`),
    onDone: (id) => seen.push(`done ${id}`),
    onError: (e) => seen.push(`error ${e.status} ${e.detail}`),
    onChunk: () => seen.push('|'),
  }
  return { seen, handlers }
}

describe('streamTurn', () => {
  test('events split across chunks, even inside a character, arrive whole and in order', async () => {
    const euro = new TextEncoder().encode('€') // three bytes
    const fetch = vi.fn(async (_request: Request) =>
      sseResponse([
        'event: context\ndata: {"files":[{"path":"src/a.ts","startLine":3,"endLine":9}]}\n\nevent: del',
        'ta\ndata: {"text":"Hel',
        'lo "}\n\n',
        new Uint8Array([...new TextEncoder().encode('event: delta\ndata: {"text":"5 '), euro[0], euro[1]]),
        new Uint8Array([euro[2], ...new TextEncoder().encode('"}\n\nevent: usage\ndata: {"inputTokens":12,"outputTokens":3,"costUsd":0.0012,"cached":false}\n\nevent: done\ndata: {"messageId":"m1"}\n\n')]),
      ]),
    )
    vi.stubGlobal('fetch', fetch)
    setAccessToken('token')
    const { seen, handlers } = recorder()

    await streamTurn('c1', { content: 'Hi', model: 'gpt' }, handlers, new AbortController().signal)

    expect(seen.filter((s) => s !== '|')).toEqual([
      'context src/a.ts:3-9',
      'delta Hello ',
      'delta 5 €',
      'usage 12/3/0.0012/false',
      'done m1',
    ])
    const request = fetch.mock.calls[0][0]
    expect(new URL(request.url).pathname).toBe('/api/v1/conversations/c1/messages')
    expect(request.method).toBe('POST')
    expect(request.headers.get('Accept')).toBe('text/event-stream')
    expect(request.headers.get('Authorization')).toBe('Bearer token')
    expect(await request.json()).toEqual({ content: 'Hi', model: 'gpt' })
  })

  test('several events in one chunk are handled before that chunk is reported, so they render together', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        sseResponse([
          'event: delta\ndata: {"text":"a"}\n\nevent: delta\ndata: {"text":"b"}\n\nevent: delta\ndata: {"text":"c"}\n\n',
          'event: delta\ndata: {"text":"d"}\n\n',
        ]),
      ),
    )
    const { seen, handlers } = recorder()

    await streamTurn('c1', { content: 'Hi' }, handlers, new AbortController().signal)

    expect(seen).toEqual(['delta a', 'delta b', 'delta c', '|', 'delta d', '|'])
  })

  test('an error event is handed over as a problem, after what arrived before it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        sseResponse([
          'event: delta\ndata: {"text":"partial"}\n\n',
          'event: usage\ndata: {"inputTokens":5,"outputTokens":1,"costUsd":0,"cached":false}\n\n',
          'event: error\ndata: {"status":502,"title":"The model provider failed","detail":"upstream said 500"}\n\n',
        ]),
      ),
    )
    const { seen, handlers } = recorder()

    await streamTurn('c1', { content: 'Hi' }, handlers, new AbortController().signal)

    expect(seen.filter((s) => s !== '|')).toEqual(['delta partial', 'usage 5/1/0/false', 'error 502 upstream said 500'])
  })

  test('a refusal before the stream starts (over budget) throws the problem with when the budget resets', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(
          { type: 'https://bujjicoder.dev/problems/budget-exceeded', title: 'Budget exceeded', status: 429, resetsAt: '2026-12-08T00:00:00Z' },
          429,
          { 'Retry-After': '3600' },
        ),
      ),
    )
    const { handlers } = recorder()

    const error = await streamTurn('c1', { content: 'Hi' }, handlers, new AbortController().signal).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).kind).toBe('budget-exceeded')
    expect((error as ApiError).message).toMatch(/^You have used up your model budget\. It resets /)
  })

  test('aborting ends the read and the request with it', async () => {
    let requestSignal: AbortSignal | undefined
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        requestSignal = request.signal
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('event: delta\ndata: {"text":"slow"}\n\n'))
            request.signal.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')))
          },
        })
        return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
      }),
    )
    const controller = new AbortController()
    const deltas: string[] = []

    const pending = streamTurn('c1', { content: 'Hi' }, { onDelta: (t) => deltas.push(t), onChunk: () => controller.abort() }, controller.signal)

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(deltas).toEqual(['slow'])
    expect(requestSignal?.aborted).toBe(true)
  })
})
