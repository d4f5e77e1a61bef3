/**
 * The signed-in session as the browser holds it. The access token lives in this module's memory only — never in
 * localStorage or sessionStorage, where any script on the origin could read it long after the tab closed. What
 * survives a reload is the refresh token in the HttpOnly cookie the Api sets, which no script can read; it is
 * spent (and rotated) through {@link refreshSession}.
 */
import { trackedFetch } from './connectivity.ts'

/** The header the Api requires on cookie refreshes: a cross-site form cannot set it, a cross-site script needs CORS. */
export const CSRF_HEADER = 'X-Bujji-Csrf'
const REFRESH_URL = '/api/v1/auth/refresh'

let accessToken: string | null = null
let refreshing: Promise<boolean> | null = null
const expiredListeners = new Set<() => void>()

export function getAccessToken(): string | null {
  return accessToken
}

export function setAccessToken(token: string | null): void {
  accessToken = token
}

/**
 * Trades the refresh cookie for a new access token. Concurrent callers share one request: the Api rotates the
 * refresh token on every use and treats a second use of the old one as theft (revoking the whole family), so two
 * parallel refreshes would sign the user out.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await trackedFetch(
        new Request(new URL(REFRESH_URL, globalThis.location.origin), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: '1' },
          body: '{}',
        }),
      )
      if (!response.ok) {
        // Nobody reads the problem: release the body so the request completes.
        await response.body?.cancel()
        accessToken = null
        return false
      }
      const body = (await response.json()) as { accessToken: string }
      accessToken = body.accessToken
      return true
    } catch {
      // Unreachable Api: keep the token we have; the connectivity banner says what is wrong.
      return false
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/** Called when a request failed with 401 and the refresh cookie could not renew the session. */
export function expireSession(): void {
  accessToken = null
  for (const listener of expiredListeners) listener()
}

export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener)
  return () => expiredListeners.delete(listener)
}
