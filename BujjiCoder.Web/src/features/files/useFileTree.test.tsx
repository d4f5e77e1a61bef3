import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse } from '../../test/http.ts'
import { useFileTree } from './useFileTree.ts'

const root = [
  { path: 'src', kind: 'dir', size: 10 },
  { path: 'README.md', kind: 'file', size: 1 },
]
const listings: Record<string, unknown[]> = {
  '': root,
  src: [
    { path: 'src/app', kind: 'dir', size: 5 },
    { path: 'src/main.ts', kind: 'file', size: 5 },
  ],
  'src/app': [{ path: 'src/app/page.tsx', kind: 'file', size: 5 }],
}

let asked: string[] = []

beforeEach(() => {
  resetConnectivity()
  setAccessToken('token')
  asked = []
  listings[''] = root
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url)
      const dir = url.searchParams.get('path') ?? ''
      asked.push(dir)
      return dir in listings ? jsonResponse(listings[dir]) : jsonResponse({ status: 404 }, 404)
    }),
  )
})
afterEach(() => setAccessToken(null))

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

describe('useFileTree', () => {
  test('only the root is listed until a folder is opened, and then only that folder', async () => {
    const { result } = renderHook(() => useFileTree('w1', ''), { wrapper })
    await waitFor(() => expect(result.current.rows.map((r) => r.path)).toEqual(['src', 'README.md']))
    expect(asked).toEqual([''])

    act(() => result.current.setOpen('src', true))
    await waitFor(() => expect(result.current.rows.map((r) => r.path)).toEqual(['src', 'src/app', 'src/main.ts', 'README.md']))
    expect(asked).toEqual(['', 'src'])
  })

  test('opening a file’s URL opens the folders that contain it', async () => {
    const { result } = renderHook(() => useFileTree('w1', 'src/app/page.tsx'), { wrapper })
    await waitFor(() => expect(result.current.rows.map((r) => r.path)).toContain('src/app/page.tsx'))
    expect(asked.sort()).toEqual(['', 'src', 'src/app'])
  })

  test('closing a folder closes the folders inside it too, so reopening it shows them closed', async () => {
    const { result } = renderHook(() => useFileTree('w1', 'src/app/page.tsx'), { wrapper })
    await waitFor(() => expect(result.current.rows).toHaveLength(5))
    act(() => result.current.setOpen('src', false))
    act(() => result.current.setOpen('src', true))
    await waitFor(() => expect(result.current.rows.find((r) => r.path === 'src/app')).toMatchObject({ expanded: false }))
  })

  test('a folder that disappeared (404) shows as empty instead of failing the tree', async () => {
    const { result } = renderHook(() => useFileTree('w1', ''), { wrapper })
    await waitFor(() => expect(result.current.rows).toHaveLength(2))
    listings[''] = [...listings[''], { path: 'gone', kind: 'dir', size: 0 }]
    const { result: fresh } = renderHook(() => useFileTree('w1', ''), { wrapper })
    await waitFor(() => expect(fresh.current.rows).toHaveLength(3))
    act(() => fresh.current.setOpen('gone', true))
    await waitFor(() => expect(fresh.current.rows.find((r) => r.path === 'gone')).toMatchObject({ expanded: true, loading: false }))
    expect(fresh.current.error).toBeNull()
  })
})
