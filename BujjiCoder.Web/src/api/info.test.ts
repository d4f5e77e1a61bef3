import { describe, expect, it, vi } from 'vitest'
import { ApiError, INFO_URL, fetchInfo } from './info.ts'
import { jsonResponse, sampleInfo } from '../test/fixtures.ts'

describe('fetchInfo', () => {
  it('calls GET /api/v1/info and returns the parsed body', async () => {
    const info = sampleInfo()
    const fetchMock = vi.fn(async () => jsonResponse(info))
    vi.stubGlobal('fetch', fetchMock)
    const controller = new AbortController()

    await expect(fetchInfo(controller.signal)).resolves.toEqual(info)

    expect(INFO_URL).toBe('/api/v1/info')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/info',
      expect.objectContaining({ signal: controller.signal }),
    )
  })

  it('throws an ApiError carrying the HTTP status on a non-2xx response', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('unavailable', { status: 503 })))

    const error = await fetchInfo().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(503)
    expect((error as ApiError).message).toBe('Could not reach the Bujji Coder API (HTTP 503)')
  })

  it('throws an ApiError without a status on a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))

    const error = await fetchInfo().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBeUndefined()
    expect((error as ApiError).message).toMatch(/Could not reach the Bujji Coder API/)
  })

  it('throws an ApiError when the body is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>', { status: 200 })))

    await expect(fetchInfo()).rejects.toThrow(/invalid response \(HTTP 200\)/)
  })

  it('rethrows the abort instead of reporting an API failure', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))),
    )

    const error = await fetchInfo().catch((e: unknown) => e)

    expect(error).not.toBeInstanceOf(ApiError)
    expect((error as DOMException).name).toBe('AbortError')
  })
})
