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
