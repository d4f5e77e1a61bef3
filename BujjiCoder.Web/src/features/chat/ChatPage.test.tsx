import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import ChatPage from './ChatPage.tsx'
import { resetTurns } from './turnStore.ts'

const me = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }
const model = { id: 'gpt-test', provider: 'openai', contextWindow: 128000, inputPricePerMillion: 1, outputPricePerMillion: 2, isDefault: true }
const conversation = { id: 'c1', workspaceId: 'w1', title: 'Where is greet', model: 'gpt-test', createdAt: '2026-12-07T09:00:00', updatedAt: '2026-12-07T09:00:00' }

/** The answer's stream, fed by the test one piece at a time; it fails the way a real body does when aborted. */
interface Stream {
  send(event: string, data: unknown): void
  close(): void
  request: Request
  body: unknown
}

let streams: Stream[] = []
let created: { title: string; model: string }[] = []
let saved: unknown[] = []
let answerWith: (() => Response) | null = null

function stubChatApi() {
  stubApi(
    {
      '/api/v1/models': [model, { ...model, id: 'claude-test', provider: 'anthropic', isDefault: false }],
      'POST /api/v1/workspaces/w1/conversations': async (request) => {
        const body = (await request.json()) as { title: string; model: string }
        created.push(body)
        return jsonResponse({ ...conversation, id: 'c9', title: body.title, model: body.model }, 201)
      },
      '/api/v1/workspaces/w1/conversations': { items: [conversation], page: 1, pageSize: 200, total: 1 },
      'GET /api/v1/conversations/c1': () => jsonResponse({ ...conversation, messages: saved }),
      '/api/v1/conversations/:id/messages': async (request) => {
        if (answerWith) return answerWith()
        const body: unknown = await request.clone().json()
        const encoder = new TextEncoder()
        let controller!: ReadableStreamDefaultController<Uint8Array>
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            controller = c
          },
        })
        request.signal.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')))
        streams.push({
          send: (event, data) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
          close: () => controller.close(),
          request,
          body,
        })
        return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } })
      },
    },
    { me },
  )
}

beforeEach(() => {
  streams = []
  created = []
  saved = []
  localStorage.clear()
  answerWith = null
  performance.clearMarks()
  stubChatApi()
})

afterEach(() => {
  resetTurns()
  setAccessToken(null)
  resetConnectivity()
})

async function ask(question: string, path = '/workspaces/w1/chat/c1') {
  const rendered = renderRoutes([{ path: '/workspaces/:ws/chat/:conversationId?', element: <ChatPage /> }], path)
  const box = await screen.findByRole('textbox', { name: 'Message' })
  await waitFor(() => expect(screen.getByLabelText('Model', { selector: 'input' })).toHaveValue('gpt-test (openai)'))
  if (question) await userEvent.type(box, question)
  return rendered
}

// Typing and rendering Mantine in jsdom is slow on a shared machine: the default 5 s is too tight.
describe('ChatPage', { timeout: 20_000 }, () => {
  test('an answer shows as it streams, then its context files, tokens and cost; Shift+Enter is a new line, Enter sends', async () => {
    await ask('Where is{Shift>}{Enter}{/Shift}greet?{Enter}')
    await waitFor(() => expect(streams).toHaveLength(1))
    expect(streams[0].body).toEqual({ content: 'Where is\ngreet?', model: 'gpt-test' })
    expect(streams[0].request.headers.get('Accept')).toBe('text/event-stream')

    streams[0].send('context', { files: [{ path: 'src/greet.ts', startLine: 1, endLine: 3 }] })
    streams[0].send('delta', { text: 'It is in ' })
    const reply = await screen.findByRole('article', { name: 'Assistant reply' })
    await waitFor(() => expect(reply).toHaveTextContent('It is in'))
    expect(reply).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument()

    streams[0].send('delta', { text: '`src/greet.ts`.' })
    streams[0].send('usage', { inputTokens: 1200, outputTokens: 34, costUsd: 0.0123, cached: false })
    streams[0].send('done', { messageId: 'm2' })
    streams[0].close()

    await waitFor(() => expect(reply).toHaveAttribute('aria-busy', 'false'))
    expect(reply).toHaveTextContent('It is in src/greet.ts.')
    expect(within(reply).getByText('src/greet.ts', { selector: 'code' })).toBeInTheDocument()
    expect(within(reply).getByText('1,200 tokens in · 34 out · $0.0123')).toBeInTheDocument()
    expect(within(reply).getByRole('link', { name: /^Open ?src\/greet\.ts:1–3$/ })).toHaveAttribute(
      'href',
      '/workspaces/w1/files/src/greet.ts?line=1&endLine=3',
    )
    expect(screen.getByRole('article', { name: 'Your message' })).toHaveTextContent('Where is greet?')
    // The end-to-end budget pairs these marks: one per delta parsed, and a paint after React showed them.
    expect(performance.getEntriesByName('bujji:delta-received')).toHaveLength(2)
    await waitFor(() => expect(performance.getEntriesByName('bujji:delta-painted').length).toBeGreaterThanOrEqual(1))
  })

  test('Stop aborts the request and keeps what arrived, marked as stopped', async () => {
    await ask('Explain everything{Enter}')
    await waitFor(() => expect(streams).toHaveLength(1))
    streams[0].send('delta', { text: 'First, the parser' })
    const reply = await screen.findByRole('article', { name: 'Assistant reply' })
    await waitFor(() => expect(reply).toHaveTextContent('First, the parser'))

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))

    expect(streams[0].request.signal.aborted).toBe(true)
    await waitFor(() => expect(within(reply).getByText('stopped')).toBeInTheDocument())
    expect(screen.getByRole('status')).toHaveTextContent('Answer stopped.')
    expect(reply).toHaveTextContent('First, the parser')
    expect(reply).toHaveAttribute('aria-busy', 'false')
    expect(within(reply).queryByRole('alert')).toBeNull()
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument()
  })

  test('over budget, the turn says so in words with when the budget resets', async () => {
    answerWith = () =>
      jsonResponse(
        { type: 'https://bujjicoder.dev/problems/budget-exceeded', title: 'Budget exceeded', status: 429, resetsAt: '2026-12-08T00:00:00Z' },
        429,
      )
    await ask('Hello{Enter}')

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(/You have used up your model budget\. It resets .*2026/)
  })

  test('a provider failure mid-answer keeps the partial answer and explains the failure', async () => {
    await ask('Hello{Enter}')
    await waitFor(() => expect(streams).toHaveLength(1))
    streams[0].send('delta', { text: 'Half an' })
    streams[0].send('error', { status: 502, title: 'The model provider failed', detail: 'The provider answered 500.' })
    streams[0].close()

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The provider answered 500.')
    expect(screen.getByRole('article', { name: 'Assistant reply' })).toHaveTextContent('Half an')
  })

  test('the first question of a new conversation creates it, titled by the question, with the model picked, and remembers that model', async () => {
    const { router } = renderRoutes([{ path: '/workspaces/:ws/chat/:conversationId?', element: <ChatPage /> }], '/workspaces/w1/chat')
    const picker = await screen.findByLabelText('Model', { selector: 'input' })
    await waitFor(() => expect(picker).toHaveValue('gpt-test (openai)'))
    await userEvent.click(picker)
    await userEvent.click(await screen.findByRole('option', { name: 'claude-test (anthropic)', hidden: true }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Why is the build slow?{Enter}')

    await waitFor(() => expect(streams).toHaveLength(1))
    expect(created).toEqual([{ title: 'Why is the build slow?', model: 'claude-test' }])
    expect(streams[0].body).toEqual({ content: 'Why is the build slow?', model: 'claude-test' })
    await waitFor(() => expect(router.state.location.pathname).toBe('/workspaces/w1/chat/c9'))
    expect(localStorage.getItem('bujji.chat.model.c9')).toBe('claude-test')
    streams[0].send('delta', { text: 'Because of the linker.' })
    streams[0].send('done', { messageId: 'm1' })
    streams[0].close()
    expect(await screen.findByText('Because of the linker.')).toBeInTheDocument()
  })

  test('saved replies show the tokens and cost they used, as streamed ones do; a reply saved without usage shows none', async () => {
    saved = [
      { id: 'm1', role: 'user', content: 'Where is greet?', model: null, createdAt: '2026-12-07T09:00:00', context: null, usage: null },
      {
        id: 'm2',
        role: 'assistant',
        content: 'In greet.ts.',
        model: 'gpt-test',
        createdAt: '2026-12-07T09:00:01',
        usage: { inputTokens: 2048, outputTokens: 17, costUsd: 0.0031, cached: false },
      },
      { id: 'm3', role: 'user', content: 'And again?', model: null, createdAt: '2026-12-07T09:01:00' },
      {
        id: 'm4',
        role: 'assistant',
        content: 'Still greet.ts.',
        model: 'gpt-test',
        createdAt: '2026-12-07T09:01:01',
        usage: { inputTokens: 2048, outputTokens: 17, costUsd: 0, cached: true },
      },
      { id: 'm5', role: 'user', content: 'Older?', model: null, createdAt: '2026-12-07T09:02:00' },
      { id: 'm6', role: 'assistant', content: 'From before usage was kept.', model: 'gpt-test', createdAt: '2026-12-07T09:02:01', usage: null },
    ]
    await ask('')

    await waitFor(() => expect(screen.getAllByRole('article', { name: 'Assistant reply' })).toHaveLength(3))
    const [first, cached, old] = screen.getAllByRole('article', { name: 'Assistant reply' })
    expect(within(first).getByText('2,048 tokens in · 17 out · $0.0031')).toBeInTheDocument()
    expect(within(first).queryByText('cached')).toBeNull()
    expect(within(cached).getByText('2,048 tokens in · 17 out · $0.00')).toBeInTheDocument()
    expect(within(cached).getByText('cached')).toBeInTheDocument()
    expect(old).not.toHaveTextContent('tokens in')
  })

  test('saved replies show the files they were given, as links to those lines', async () => {
    saved = [
      { id: 'm1', role: 'user', content: 'Where is greet?', model: null, createdAt: '2026-12-07T09:00:00', context: null },
      { id: 'm2', role: 'assistant', content: 'In greet.ts.', model: 'gpt-test', createdAt: '2026-12-07T09:00:01', context: [{ path: 'src/greet.ts', startLine: 4, endLine: 9 }] },
    ]
    await ask('')

    const reply = await screen.findByRole('article', { name: 'Assistant reply' })
    expect(within(reply).getByRole('link', { name: /src\/greet\.ts:4–9$/ })).toHaveAttribute('href', '/workspaces/w1/files/src/greet.ts?line=4&endLine=9')
    expect(screen.getByRole('article', { name: 'Your message' })).toHaveTextContent('Where is greet?')
  })
})
