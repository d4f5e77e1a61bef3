/**
 * The typed Api client. Paths, bodies and responses come from schema.d.ts, generated from the Api's OpenAPI
 * document (`npm run api:types`), so a contract change the web app has not followed fails `tsc`.
 */
import createClient from 'openapi-fetch'
import { trackedFetch } from './connectivity.ts'
import { ApiError, problemFrom } from './problems.ts'
import type { paths } from './schema'
import { expireSession, getAccessToken, refreshSession } from './session.ts'

// Sign-in calls answer 401 for wrong credentials, not for an expired session: never refresh-and-retry those.
const NO_RETRY = ['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/refresh']

function send(request: Request): Promise<Response> {
  const token = getAccessToken()
  if (token) request.headers.set('Authorization', `Bearer ${token}`)
  return trackedFetch(request)
}

/**
 * fetch with the access token, renewed once on a 401 through the refresh cookie and the request sent again.
 * When the cookie cannot renew it either, the session is over: listeners send the user to the sign-in page.
 */
export async function authFetch(input: Request): Promise<Response> {
  const path = new URL(input.url, window.location.origin).pathname
  if (NO_RETRY.includes(path)) return send(input)
  const retry = input.clone()
  const response = await send(input)
  if (response.status !== 401) return response
  if (!(await refreshSession())) {
    expireSession()
    return response
  }
  await response.body?.cancel()
  return send(retry)
}

export const api = createClient<paths>({
  // Absolute, because Request() outside a document (tests, workers) does not resolve relative URLs.
  baseUrl: globalThis.location.origin,
  credentials: 'same-origin',
  fetch: authFetch,
})

/** A call's data, or an {@link ApiError} carrying the problem details the Api answered with. */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await pending
  if (!response.ok) throw new ApiError(problemFrom(response, error))
  return data as T
}

/** For endpoints whose body is not JSON (raw file content, archives): the Response, or an ApiError. */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await authFetch(new Request(new URL(url, globalThis.location.origin), { credentials: 'same-origin', ...init }))
  if (!response.ok) {
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined)
    throw new ApiError(problemFrom(response, body))
  }
  return response
}

/** Encodes a workspace-relative path for a URL, segment by segment (the Api's catch-all route keeps the slashes). */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}
