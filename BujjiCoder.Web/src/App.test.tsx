import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import App from './App.tsx'
import { jsonResponse, sampleInfo } from './test/fixtures.ts'

function mockFetch(...responses: Array<() => Response | Promise<Response>>) {
  const fetchMock = vi.fn<typeof fetch>()
  for (const respond of responses) {
    fetchMock.mockImplementationOnce(async () => respond())
  }
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

describe('App', () => {
  it('shows Loading… until the info arrives, then the instance details', async () => {
    const fetchMock = mockFetch(() => jsonResponse(sampleInfo()))

    render(<App />)

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Bujji Coder')
    expect(screen.getByText('Loading…')).toBeInTheDocument()

    expect(await screen.findByTestId('info-version')).toHaveTextContent('1.0.0+abc')
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument()
    expect(screen.getByTestId('info-name')).toHaveTextContent('Bujji Coder')
    expect(screen.getByTestId('info-mode')).toHaveTextContent('local')
    expect(screen.getByTestId('info-database')).toHaveTextContent('postgresql')
    expect(screen.getByTestId('info-cache')).toHaveTextContent('redis')
    expect(screen.getByTestId('info-registration')).toHaveTextContent('open')
    expect(screen.getByTestId('info-providers')).toHaveTextContent('openai, anthropic')
    expect(screen.getByTestId('feature-registration')).toHaveTextContent('registration: on')
    expect(screen.getByTestId('feature-composer')).toHaveTextContent('composer: off')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()

    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/info')
  })

  it('shows "none configured" when no LLM provider is configured', async () => {
    mockFetch(() => jsonResponse(sampleInfo({ providers: [] })))

    render(<App />)

    expect(await screen.findByTestId('info-providers')).toHaveTextContent(/^none configured$/)
  })

  it('shows an alert with the HTTP status when the API answers 503', async () => {
    mockFetch(() => new Response('Service Unavailable', { status: 503 }))

    render(<App />)

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not reach the Bujji Coder API (HTTP 503)')
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument()
    expect(screen.queryByTestId('info-version')).not.toBeInTheDocument()
  })

  it('shows an alert when the API cannot be reached at all', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')))

    render(<App />)

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not reach the Bujji Coder API (network error)',
    )
  })

  it('loads again when "Try again" is pressed after a failure', async () => {
    const fetchMock = mockFetch(
      () => new Response('', { status: 500 }),
      () => jsonResponse(sampleInfo({ version: '2.0.0' })),
    )

    render(<App />)

    expect(await screen.findByRole('alert')).toHaveTextContent('HTTP 500')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))

    expect(await screen.findByTestId('info-version')).toHaveTextContent('2.0.0')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })
})
