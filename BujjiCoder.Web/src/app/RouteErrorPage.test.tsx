import { MantineProvider } from '@mantine/core'
import { render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { isChunkLoadError, reloadForNewRelease } from './newRelease.ts'
import { RouteErrorPage } from './RouteErrorPage.tsx'

function renderFailingScreen(error: Error) {
  const Failing = () => {
    throw error
  }
  const router = createMemoryRouter([{ path: '/', element: <Failing />, errorElement: <RouteErrorPage /> }])
  render(
    <MantineProvider>
      <RouterProvider router={router} />
    </MantineProvider>,
  )
}

beforeEach(() => {
  // The router logs what its boundary caught; the tests expect those errors.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(() => {
  window.sessionStorage.clear()
  vi.restoreAllMocks()
})

test('a chunk of an older release reloads the page once, and not again within a minute', () => {
  const storage = new Map<string, string>()
  const store = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) }
  const reload = vi.fn()

  expect(reloadForNewRelease(store, reload, 1_000_000)).toBe(true)
  expect(reloadForNewRelease(store, reload, 1_030_000)).toBe(false)
  expect(reload).toHaveBeenCalledTimes(1)
  expect(reloadForNewRelease(store, reload, 1_061_000)).toBe(true)
  expect(reload).toHaveBeenCalledTimes(2)
})

test('the messages browsers give for a chunk that cannot be loaded are recognised, and other errors are not', () => {
  expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/chat-1a2b.js'))).toBe(true)
  expect(isChunkLoadError(new Error('Unable to preload CSS for http://x/assets/diff-CgblxYYo.css'))).toBe(true)
  expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true)
  expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'map')"))).toBe(false)
})

test('a screen that throws shows our error page with a way back, not the router developer page', () => {
  renderFailingScreen(new TypeError("Cannot read properties of undefined (reading 'map')"))

  expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument()
  expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Go to your workspaces' })).toHaveAttribute('href', '/workspaces')
  expect(screen.queryByText(/Hey developer/)).toBeNull()
})

test('a chunk still missing after the automatic reload says the app may have been updated', () => {
  window.sessionStorage.setItem('bujji.reloadedForNewReleaseAt', String(Date.now()))

  renderFailingScreen(new Error('Unable to preload CSS for http://x/assets/diff-CgblxYYo.css'))

  expect(screen.getByRole('heading', { name: 'This page could not be loaded' })).toBeInTheDocument()
  expect(screen.getByText(/may have been updated since this tab was opened/)).toBeInTheDocument()
})
