import { act, render, screen } from '@testing-library/react'
import { MantineProvider } from '@mantine/core'
import { afterEach, expect, test, vi } from 'vitest'
import { resetConnectivity, trackedFetch } from '../api/connectivity.ts'
import { ApiUnreachableBanner } from './ApiUnreachableBanner.tsx'

afterEach(() => {
  resetConnectivity()
  vi.useRealTimers()
})

test('the banner appears when the Api cannot be reached and clears itself once a probe gets through', async () => {
  vi.useFakeTimers()
  let up = false
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      if (!up) throw new TypeError('Failed to fetch')
      return new Response('Healthy', { status: 200, headers: { 'Content-Type': 'text/plain' } })
    }),
  )
  render(
    <MantineProvider>
      <ApiUnreachableBanner />
    </MantineProvider>,
  )
  expect(screen.queryByTestId('api-unreachable')).toBeNull()

  await act(async () => {
    await trackedFetch(new Request('http://localhost/api/v1/workspaces')).catch(() => undefined)
  })
  expect(screen.getByTestId('api-unreachable')).toBeInTheDocument()

  up = true
  await act(async () => {
    await vi.advanceTimersByTimeAsync(3500)
  })
  expect(screen.queryByTestId('api-unreachable')).toBeNull()
})

test('a gateway error from the proxy counts as unreachable, a problem from the Api does not', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })))
  render(
    <MantineProvider>
      <ApiUnreachableBanner />
    </MantineProvider>,
  )
  await act(async () => {
    await trackedFetch(new Request('http://localhost/api/v1/info'))
  })
  expect(screen.getByTestId('api-unreachable')).toBeInTheDocument()

  vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status":503}', { status: 503, headers: { 'Content-Type': 'application/problem+json' } })))
  await act(async () => {
    await trackedFetch(new Request('http://localhost/api/v1/info'))
  })
  expect(screen.queryByTestId('api-unreachable')).toBeNull()
})
