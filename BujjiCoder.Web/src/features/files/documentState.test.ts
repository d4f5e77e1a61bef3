import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { ApiError } from '../../api/problems.ts'
import { setAccessToken } from '../../api/session.ts'
import { jsonResponse, requestsOf } from '../../test/http.ts'
import { documentReducer, emptyDocument, isDirty, saveFile, type DocumentState } from './documentState.ts'

const textResponse = (text: string, etag: string) =>
  new Response(text, { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', ETag: etag } })

beforeEach(() => {
  resetConnectivity()
  setAccessToken('token')
})
afterEach(() => setAccessToken(null))

describe('saveFile', () => {
  test('writes the text with If-Match naming the version it started from, and keeps the new ETag', async () => {
    const fetch = vi.fn(async (_: Request) => jsonResponse({ path: 'a b/c.cs', etag: '"v2"', size: 3, revision: null }, 200, { ETag: '"v2"' }))
    vi.stubGlobal('fetch', fetch)

    const outcome = await saveFile('w1', 'a b/c.cs', 'new', '"v1"')

    expect(outcome).toEqual({ kind: 'saved', etag: '"v2"' })
    const [request] = fetch.mock.calls[0]
    expect(request.method).toBe('PUT')
    expect(new URL(request.url).pathname).toBe('/api/v1/workspaces/w1/files/a%20b/c.cs')
    expect(request.headers.get('If-Match')).toBe('"v1"')
    expect(await request.text()).toBe('new')
  })

  test('a 412 fetches the server’s current version instead of failing, so the user can compare and choose', async () => {
    const fetch = vi.fn(async (request: Request) =>
      request.method === 'PUT'
        ? jsonResponse({ status: 412, title: 'Precondition failed', type: 'https://bujjicoder.dev/problems/precondition-failed' }, 412)
        : textResponse('theirs', '"v3"'),
    )
    vi.stubGlobal('fetch', fetch)

    const outcome = await saveFile('w1', 'c.cs', 'mine', '"v1"')

    expect(outcome).toEqual({ kind: 'conflict', theirs: { text: 'theirs', etag: '"v3"', binary: false } })
    expect(requestsOf(fetch).map((r) => r.method)).toEqual(['PUT', 'GET'])
  })

  test('other failures are not mistaken for a conflict', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ status: 413, detail: 'Files are limited to 1,048,576 bytes.' }, 413)))

    const error = await saveFile('w1', 'c.cs', 'x', '"v1"').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(413)
  })
})

describe('documentReducer', () => {
  const loaded = documentReducer(emptyDocument, { type: 'loaded', path: 'c.cs', file: { text: 'base', etag: '"v1"', binary: false } })

  test('typing makes the document dirty; saving what was typed makes it clean with the new ETag', () => {
    const edited = documentReducer(loaded, { type: 'edited', text: 'mine' })
    expect(isDirty(edited)).toBe(true)
    const saved = documentReducer(documentReducer(edited, { type: 'saving' }), { type: 'saved', text: 'mine', etag: '"v2"' })
    expect(isDirty(saved)).toBe(false)
    expect(saved).toMatchObject({ etag: '"v2"', saving: false })
  })

  test('text typed while a save was on its way stays unsaved', () => {
    let state: DocumentState = documentReducer(loaded, { type: 'edited', text: 'one' })
    state = documentReducer(state, { type: 'saving' })
    state = documentReducer(state, { type: 'edited', text: 'one two' })
    state = documentReducer(state, { type: 'saved', text: 'one', etag: '"v2"' })
    expect(isDirty(state)).toBe(true)
  })

  test('after a conflict, reloading theirs replaces the buffer and the ETag and starts a new editor document', () => {
    let state = documentReducer(loaded, { type: 'edited', text: 'mine' })
    state = documentReducer(state, { type: 'conflict', mine: 'mine', theirs: { text: 'theirs', etag: '"v3"', binary: false } })
    expect(state.conflict).toEqual({ mine: 'mine', theirs: 'theirs', theirEtag: '"v3"' })

    const reloaded = documentReducer(state, { type: 'reloadTheirs' })
    expect(reloaded).toMatchObject({ text: 'theirs', base: 'theirs', etag: '"v3"', conflict: null })
    expect(reloaded.generation).toBe(state.generation + 1)
    expect(isDirty(reloaded)).toBe(false)
  })

  test('overwriting after a conflict saves mine over their ETag and clears the conflict', () => {
    let state = documentReducer(loaded, { type: 'edited', text: 'mine' })
    state = documentReducer(state, { type: 'conflict', mine: 'mine', theirs: { text: 'theirs', etag: '"v3"', binary: false } })
    state = documentReducer(state, { type: 'saved', text: 'mine', etag: '"v4"' })
    expect(state).toMatchObject({ base: 'mine', etag: '"v4"', conflict: null })
  })
})
