import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { jsonResponse, requestsOf } from '../test/http.ts'
import { api, call } from './client.ts'
import { resetConnectivity } from './connectivity.ts'
import { ApiError } from './problems.ts'
import { getAccessToken, onSessionExpired, setAccessToken } from './session.ts'

const me = { id: '1', userName: 'ada', email: 'ada@example.com', roles: ['User'], permissions: [] }

describe('authFetch', () => {
  beforeEach(() => {
    resetConnectivity()
    setAccessToken('old-token')
  })
  afterEach(() => setAccessToken(null))

  test('an expired access token is renewed once through the refresh cookie and the request sent again', async () => {
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname
      if (path === '/api/v1/auth/refresh') return jsonResponse({ accessToken: 'new-token', tokenType: 'Bearer', expiresIn: 900 })
      return request.headers.get('Authorization') === 'Bearer new-token' ? jsonResponse(me) : jsonResponse({ status: 401 }, 401)
    })
    vi.stubGlobal('fetch', fetch)

    await expect(call(api.GET('/api/v1/auth/me'))).resolves.toMatchObject({ userName: 'ada' })

    const requests = requestsOf(fetch)
    expect(requests.map((r) => r.path)).toEqual(['/api/v1/auth/me', '/api/v1/auth/refresh', '/api/v1/auth/me'])
    expect(requests[1].headers.get('X-Bujji-Csrf')).toBeTruthy()
    expect(getAccessToken()).toBe('new-token')
  })

  test('concurrent 401s share one refresh, because the Api revokes the family when an old refresh token is reused', async () => {
    let refreshes = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        if (new URL(request.url).pathname === '/api/v1/auth/refresh') {
          refreshes++
          await new Promise((resolve) => setTimeout(resolve, 10))
          return jsonResponse({ accessToken: 'new-token' })
        }
        return request.headers.get('Authorization') === 'Bearer new-token' ? jsonResponse(me) : jsonResponse({ status: 401 }, 401)
      }),
    )

    await Promise.all([call(api.GET('/api/v1/auth/me')), call(api.GET('/api/v1/auth/me')), call(api.GET('/api/v1/auth/me'))])

    expect(refreshes).toBe(1)
  })

  test('when the cookie cannot renew the session either, the session ends and the 401 is not retried again', async () => {
    const expired = vi.fn()
    const unsubscribe = onSessionExpired(expired)
    const fetch = vi.fn(async () => jsonResponse({ status: 401, type: 'https://bujjicoder.dev/problems/invalid-refresh-token' }, 401))
    vi.stubGlobal('fetch', fetch)

    const error = await call(api.GET('/api/v1/auth/me')).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(expired).toHaveBeenCalledOnce()
    expect(getAccessToken()).toBeNull()
    unsubscribe()
  })

  test('a wrong password at sign-in is not mistaken for an expired session', async () => {
    const fetch = vi.fn(async () => jsonResponse({ status: 401, type: 'https://bujjicoder.dev/problems/invalid-credentials' }, 401))
    vi.stubGlobal('fetch', fetch)

    const error = await call(api.POST('/api/v1/auth/login', { body: { userNameOrEmail: 'ada', password: 'nope' } })).catch((e) => e)

    expect((error as ApiError).message).toBe('The user name, e-mail or password is not right.')
    expect(requestsOf(fetch).map((r) => r.path)).toEqual(['/api/v1/auth/login'])
  })

  test('a request body survives the retry after a refresh', async () => {
    const bodies: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        if (new URL(request.url).pathname === '/api/v1/auth/refresh') return jsonResponse({ accessToken: 'new-token' })
        bodies.push(await request.text())
        return request.headers.get('Authorization') === 'Bearer new-token'
          ? jsonResponse({ id: 'w', name: 'shop' }, 201)
          : jsonResponse({ status: 401 }, 401)
      }),
    )

    await call(api.POST('/api/v1/workspaces', { body: { name: 'shop', description: null } }))

    expect(bodies).toEqual(['{"name":"shop","description":null}', '{"name":"shop","description":null}'])
  })
})
