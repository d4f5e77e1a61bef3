import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderRoutes } from '../../test/render.tsx'
import ComposerPage from './ComposerPage.tsx'
import type { ComposerProposal, FilePreview } from './composerTypes.ts'

const me = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }
const model = { id: 'gpt-test', provider: 'openai', contextWindow: 128000, inputPricePerMillion: 1, outputPricePerMillion: 2, isDefault: true }

const DIFF = `--- a/src/greet.ts
+++ b/src/greet.ts
@@ -1,3 +1,3 @@
 export function greet(name: string) {
-  return \`Hello, \${name}\`
+  return \`Welcome, \${name}\`
 }
`

const preview: FilePreview = {
  path: 'src/greet.ts',
  oldPath: null,
  status: 'modified',
  applies: true,
  hunks: [{ hunk: 1, appliedAtLine: 1, offset: 0, fuzz: 0 }],
  conflicts: [],
  resultingText: null,
}

const proposal: ComposerProposal = {
  summary: 'Greets with **Welcome** instead of Hello.',
  diff: DIFF,
  applies: true,
  files: [preview],
  usage: { inputTokens: 900, outputTokens: 80, costUsd: 0.002, cached: false },
}

let applyAnswer: () => Response
let requests: { path: string; body: unknown }[] = []

beforeEach(() => {
  requests = []
  const recorded = async (request: Request, answer: () => Response) => {
    requests.push({ path: new URL(request.url).pathname, body: await request.clone().json() })
    return answer()
  }
  stubApi(
    {
      '/api/v1/models': [model],
      '/api/v1/workspaces/w1/tree': [{ path: 'src', kind: 'directory', size: 90 }, { path: 'src/greet.ts', kind: 'file', size: 90 }],
      'POST /api/v1/workspaces/w1/composer': (request) => recorded(request, () => jsonResponse(proposal)),
      'POST /api/v1/workspaces/w1/diff/apply': (request) => recorded(request, () => applyAnswer()),
    },
    { me },
  )
})

afterEach(() => {
  setAccessToken(null)
  resetConnectivity()
})

async function propose() {
  renderRoutes([{ path: '/workspaces/:ws/composer', element: <ComposerPage /> }], '/workspaces/w1/composer')
  await userEvent.type(await screen.findByRole('textbox', { name: /Instruction/ }), 'Say welcome instead of hello')
  await waitFor(() => expect(screen.getByLabelText('Model', { selector: 'input' })).toHaveValue('gpt-test (openai)'))
  await userEvent.click(screen.getByRole('button', { name: 'Propose change' }))
  return await screen.findByRole('region', { name: 'Proposal' })
}

describe('ComposerPage', { timeout: 20_000 }, () => {
  test('a proposal shows its summary and each file’s diff with whether it applies', async () => {
    applyAnswer = () => jsonResponse({ revision: 'r9', files: [preview] })

    const section = await propose()

    expect(requests.find((r) => r.path.endsWith('/composer'))?.body).toEqual({ instruction: 'Say welcome instead of hello', paths: [], model: 'gpt-test' })
    expect(within(section).getByText('Welcome', { selector: 'strong' })).toBeInTheDocument()
    const file = within(section).getByRole('region', { name: 'src/greet.ts' })
    expect(within(file).getByText('applies')).toBeInTheDocument()
    expect(within(file).getByRole('table', { name: 'Changes to src/greet.ts' })).toHaveTextContent('return `Welcome, ${name}`')
  })

  test('applying a proposal that no longer applies changes nothing and shows which file conflicts and why', async () => {
    const conflicted: FilePreview = {
      ...preview,
      applies: false,
      hunks: [],
      conflicts: [{ hunk: 1, expectedAtLine: 2, reason: 'The lines around it have changed.', expected: ['  return `Hello, ${name}`'], actual: ['  return `Hi, ${name}`'] }],
    }
    applyAnswer = () =>
      jsonResponse(
        {
          type: 'https://bujjicoder.dev/problems/diff-conflict',
          title: 'The diff does not apply',
          status: 409,
          detail: 'At least one file does not match the diff; nothing was changed. See files for the conflicts.',
          files: [conflicted],
        },
        409,
      )
    const section = await propose()

    await userEvent.click(within(section).getByRole('button', { name: 'Apply' }))

    expect(await within(section).findByRole('alert')).toHaveTextContent('nothing was changed')
    const file = within(section).getByRole('region', { name: 'src/greet.ts' })
    expect(within(file).getByText('does not apply')).toBeInTheDocument()
    expect(within(file).getByText('Change 1, expected at line 2: The lines around it have changed.')).toBeInTheDocument()
    expect(within(file).getByText('return `Hi, ${name}`', { exact: false })).toBeInTheDocument()
    expect(requests.find((r) => r.path.endsWith('/diff/apply'))?.body).toEqual({ diff: DIFF, message: 'Say welcome instead of hello' })
    expect(screen.queryByText('Applied')).toBeNull()
  })

  test('once applied, the proposal gives way to a link to the new revision in History', async () => {
    applyAnswer = () => jsonResponse({ revision: 'r9', files: [preview] })
    const section = await propose()

    await userEvent.click(within(section).getByRole('button', { name: 'Apply' }))

    expect(await screen.findByRole('link', { name: 'See it in History' })).toHaveAttribute('href', '/workspaces/w1/history/r9')
    expect(screen.queryByRole('region', { name: 'Proposal' })).toBeNull()
  })

  test('Discard drops the proposal without asking the Api to change anything', async () => {
    applyAnswer = () => jsonResponse({ revision: 'r9', files: [preview] })
    const section = await propose()

    await userEvent.click(within(section).getByRole('button', { name: 'Discard' }))

    expect(screen.queryByRole('region', { name: 'Proposal' })).toBeNull()
    expect(requests.some((r) => r.path.endsWith('/diff/apply'))).toBe(false)
  })
})
