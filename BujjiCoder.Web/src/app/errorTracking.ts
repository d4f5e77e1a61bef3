/**
 * Error tracking with Sentry, switched on at run time by the DSN the Api hands out in /api/v1/info (Sentry:WebDsn), so
 * one build serves every environment. Without a DSN the SDK is neither loaded nor initialised and nothing is sent.
 * Events carry the release and environment the Api reports, the signed-in user's id only, and go through
 * {@link scrubEvent} first.
 */
import type { BrowserOptions } from '@sentry/react'
import type { ErrorInfo } from 'react'
import { getAccessToken } from '../api/session.ts'
import { scrubBreadcrumb, scrubEvent } from './errorScrubbing.ts'

export interface ErrorTrackingSettings {
  sentryDsn?: string | null
  version: string
  environment: string
}

type Sentry = typeof import('@sentry/react')

let sentry: Sentry | null = null
let userId: string | null = null

/** Secrets the browser holds that may turn up in an error: the access token (kept in memory only). */
const knownSecrets = () => [getAccessToken()]

/**
 * Starts Sentry when `settings` names a DSN; resolves to whether it did. `transport` is for tests (a loopback recorder).
 */
export async function startErrorTracking(
  settings: ErrorTrackingSettings,
  transport?: BrowserOptions['transport'],
): Promise<boolean> {
  if (!settings.sentryDsn || sentry) return false
  // Loaded only when needed: an instance without error tracking does not download the SDK.
  const loaded = await import('@sentry/react')
  loaded.init({
    dsn: settings.sentryDsn,
    release: settings.version,
    environment: settings.environment,
    // Only the user's id is sent (setErrorTrackingUser): nothing inferred about the user, no cookies, headers, query
    // parameters or bodies (beforeSend drops and scrubs them again).
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, urlQueryParams: false, httpBodies: [] },
    // Errors only; traces are the Api's business (OpenTelemetry).
    tracesSampleRate: 0,
    beforeSend: (event) => scrubEvent(event, knownSecrets()),
    beforeBreadcrumb: (breadcrumb) => scrubBreadcrumb(breadcrumb, knownSecrets()),
    ...(transport ? { transport } : {}),
  })
  sentry = loaded
  loaded.setUser(userId ? { id: userId } : null)
  return true
}

/** Who is signed in (their id, nothing else), or null after signing out. */
export function setErrorTrackingUser(id: string | null): void {
  userId = id
  sentry?.setUser(id ? { id } : null)
}

/**
 * For createRoot's onCaughtError: errors a React error boundary caught (the router's among them) are reported, and still
 * written to the console as React does by default.
 */
export function reportCaughtError(error: unknown, errorInfo: { componentStack?: string }): void {
  console.error(error)
  sentry?.captureReactException(error, { componentStack: errorInfo.componentStack ?? '' } as ErrorInfo)
}

/** For tests: flushes what is queued and forgets the SDK. */
export async function stopErrorTracking(): Promise<void> {
  await sentry?.close(2000)
  sentry = null
  userId = null
}
