import { vi } from 'vitest'

/** Test helpers for code that calls fetch. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })
}

/** The URL path and headers of each request a mocked fetch received. */
export function requestsOf(mock: { mock: { calls: unknown[][] } }): { path: string; method: string; headers: Headers }[] {
  return mock.mock.calls.map(([input]) => {
    const request = input as Request
    return { path: new URL(request.url).pathname, method: request.method, headers: request.headers }
  })
}

/** What a route answers: a JSON body (200), or a handler for requests that need a status, headers or a look at the body. */
export type Route = ((request: Request, params: Record<string, string>) => Response | Promise<Response>) | object | string | number | boolean | null

/** The signed-in user that /api/v1/auth/me answers unless a test passes its own. */
export const testUser = { id: 'u1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] as string[] }

/**
 * Stubs fetch with the Api a screen talks to, signed in as `me`: it answers the cookie refresh and /auth/me itself,
 * then `routes` keyed "METHOD /path" (or "/path" for any method; ":name" segments match one segment), and 404 the rest.
 */
export function stubApi(routes: Record<string, Route>, { me = testUser as object } = {}) {
  const table = Object.entries({
    '/api/v1/auth/refresh': { accessToken: 'token', tokenType: 'Bearer', expiresIn: 900 },
    '/api/v1/auth/me': me,
    ...routes,
  }).map(([key, route]) => {
    const [method, path] = key.includes(' ') ? key.split(' ') : [undefined, key]
    const names: string[] = []
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`)
    return { method, pattern, names, route }
  })
  const fetch = vi.fn(async (request: Request) => {
    const { pathname } = new URL(request.url)
    for (const { method, pattern, names, route } of table) {
      const match = pattern.exec(pathname)
      if (!match || (method && method !== request.method)) continue
      if (typeof route !== 'function') return jsonResponse(route)
      return route(request, Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])))
    }
    return jsonResponse({ status: 404 }, 404)
  })
  vi.stubGlobal('fetch', fetch)
  return fetch
}
