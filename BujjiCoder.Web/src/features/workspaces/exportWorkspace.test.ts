import { afterEach, describe, expect, test, vi } from 'vitest'
import { setAccessToken } from '../../api/session.ts'
import { exportFileName, exportWorkspace } from './exportWorkspace.ts'

afterEach(() => setAccessToken(null))

describe('export as zip', () => {
  test('the file is named after the workspace, with only characters every file system takes', () => {
    expect(exportFileName('Shop API')).toBe('Shop-API.zip')
    expect(exportFileName('../etc')).toBe('etc.zip')
    expect(exportFileName('ü')).toBe('workspace.zip')
  })

  test('the archive is fetched with the access token and handed to the browser as a download', async () => {
    setAccessToken('token')
    const fetch = vi.fn(async (_request: Request) => new Response('PK', { headers: { 'Content-Type': 'application/zip' } }))
    vi.stubGlobal('fetch', fetch)
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })

    await exportWorkspace('w1', 'Shop')

    const request = fetch.mock.calls[0][0]
    expect(new URL(request.url).pathname).toBe('/api/v1/workspaces/w1/export')
    expect(request.headers.get('Authorization')).toBe('Bearer token')
    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toBe('Shop.zip')
    expect(clicked[0].href).toBe('blob:x')
  })
})
