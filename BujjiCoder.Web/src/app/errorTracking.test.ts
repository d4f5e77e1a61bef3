import * as Sentry from '@sentry/react'
import type { ErrorEvent } from '@sentry/react'
import { render } from '@testing-library/react'
import { createElement } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setAccessToken } from '../api/session.ts'
import { MARK, scrubEvent } from './errorScrubbing.ts'
import { reportCaughtError, setErrorTrackingUser, startErrorTracking, stopErrorTracking } from './errorTracking.ts'

const settings = { version: '0.1.0+abc123', environment: 'Staging' }
const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLWNhbmFyeQ'

/** A transport that keeps each envelope Sentry would send, as text: the stand-in for a Sentry server. */
function recordingTransport(envelopes: string[]) {
  return (options: Parameters<typeof Sentry.createTransport>[0]) =>
    Sentry.createTransport(options, async (request) => {
      envelopes.push(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body))
      return { statusCode: 200 }
    })
}

afterEach(async () => {
  setAccessToken(null)
  await stopErrorTracking()
})

describe('error tracking', () => {
  // First: the SDK is process-wide, so this must run before anything initialises it.
  it('neither initialises Sentry nor sends anything without a DSN', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)

    expect(await startErrorTracking({ ...settings, sentryDsn: null })).toBe(false)
    expect(await startErrorTracking({ ...settings, sentryDsn: '' })).toBe(false)
    reportCaughtError(new Error('nobody hears this'), {})

    expect(Sentry.isInitialized()).toBe(false)
    expect(Sentry.getClient()).toBeUndefined()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('beforeSend strips tokens, credentials, cookies and everything about the user but the id', () => {
    const accessToken = 'opaque-access-token-canary-1234'
    const event = {
      type: undefined,
      message: `refresh failed: Authorization: Bearer ${accessToken}`,
      exception: { values: [{ type: 'Error', value: `token ${jwt} and bjc_abcdefghijklmnop1234 and sk-proj0123456789abcdef in ${accessToken}` }] },
      request: {
        url: `https://app.example.test/login?access_token=query-canary-5678&next=/`,
        headers: { Authorization: `Bearer ${accessToken}`, Cookie: 'bujji_refresh=cookie-canary-9012', 'User-Agent': 'test' },
        cookies: { bujji_refresh: 'cookie-canary-9012' },
      },
      breadcrumbs: [{ category: 'fetch', data: { url: '/api/v1/auth/refresh?refresh_token=crumb-canary-3456' } }],
      extra: { body: '{"password":"password-canary-7890","userName":"ada"}' },
      user: { id: 'u1', email: 'ada@example.com', username: 'ada', ip_address: '203.0.113.9' },
    } as ErrorEvent

    const scrubbed = scrubEvent(event, [accessToken])

    const text = JSON.stringify(scrubbed)
    for (const canary of [accessToken, jwt, 'abcdefghijklmnop1234', '0123456789abcdef', 'query-canary-5678', 'cookie-canary-9012', 'crumb-canary-3456', 'password-canary-7890', 'ada@example.com', '203.0.113.9']) {
      expect(text).not.toContain(canary)
    }
    expect(scrubbed.user).toEqual({ id: 'u1' })
    expect(scrubbed.request?.headers).toEqual({ 'User-Agent': 'test' })
    expect(scrubbed.request?.cookies).toBeUndefined()
    expect(scrubbed.exception?.values?.[0].value).toContain(`bjc_${MARK}`)
    expect(scrubbed.request?.url).toBe(`https://app.example.test/login?access_token=${MARK}&next=/`)
  })

  it('reports an error the router error boundary caught, with release, environment and user id, and without the token', async () => {
    const envelopes: string[] = []
    const accessToken = 'opaque-access-token-canary-5678'
    setAccessToken(accessToken)
    setErrorTrackingUser('u1')
    vi.spyOn(console, 'error').mockImplementation(() => {})

    expect(await startErrorTracking({ ...settings, sentryDsn: 'https://publickey@errors.example.test/1' }, recordingTransport(envelopes))).toBe(true)
    function Broken(): never {
      throw new Error(`Could not render with ${accessToken} (Authorization: Bearer ${jwt})`)
    }
    const router = createMemoryRouter([{ path: '/', element: createElement(Broken) }])
    render(createElement(RouterProvider, { router }), { onCaughtError: reportCaughtError })
    await Sentry.flush(2000)

    const events = envelopes.flatMap((envelope) => envelope.split('\n')).filter((line) => line.includes('"exception"')).map((line) => JSON.parse(line) as ErrorEvent)
    expect(events).toHaveLength(1)
    const [event] = events
    expect(event.release).toBe(settings.version)
    expect(event.environment).toBe(settings.environment)
    expect(event.user).toEqual({ id: 'u1' })
    expect(event.exception?.values?.at(-1)?.value).toContain(MARK)
    for (const envelope of envelopes) {
      expect(envelope).not.toContain(accessToken)
      expect(envelope).not.toContain(jwt)
    }
  })
})
