import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { resetConnectivity } from '../../api/connectivity.ts'
import { ApiError } from '../../api/problems.ts'
import { getAccessToken, onSessionExpired, setAccessToken } from '../../api/session.ts'
import { jsonResponse } from '../../test/http.ts'
import { uploadArchive } from './uploadArchive.ts'

interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** Upload progress events sent before the answer: [loaded, total]. */
  progress?: [number, number][]
}

/** An XMLHttpRequest that answers from a script, one answer per request, and records what it was sent. */
function fakeXhr(answers: Answer[]) {
  const sent: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = []
  class FakeXhr {
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    ontimeout: (() => void) | null = null
    responseType = ''
    status = 0
    responseText = ''
    private answerHeaders: Record<string, string> = {}
    private request = { url: '', method: '', headers: {} as Record<string, string>, body: undefined as unknown }
    open(method: string, url: string) {
      this.request.method = method
      this.request.url = url
    }
    setRequestHeader(name: string, value: string) {
      this.request.headers[name] = value
    }
    getResponseHeader(name: string) {
      return this.answerHeaders[name] ?? null
    }
    abort() {
      queueMicrotask(() => this.onabort?.())
    }
    send(body: unknown) {
      this.request.body = body
      sent.push(this.request)
      const answer = answers.shift()
      if (!answer) throw new Error('No scripted answer left')
      setTimeout(() => {
        for (const [loaded, total] of answer.progress ?? []) {
          this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
        }
        if (answer.status === 0) {
          this.onerror?.()
          return
        }
        this.status = answer.status
        this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body)
        this.answerHeaders = answer.headers ?? {}
        this.onload?.()
      }, 0)
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  return sent
}

const summary = { revision: 'r1', imported: 3, bytes: 120, skippedCount: 1, skipped: [{ path: 'bin/a.dll', reason: "'bin' is never imported" }] }
const file = new File(['PK'], 'code.zip', { type: 'application/zip' })

describe('uploadArchive', () => {
  beforeEach(() => {
    resetConnectivity()
    setAccessToken('old-token')
  })
  afterEach(() => setAccessToken(null))

  test('a 200 answer is the import summary, sent as multipart with the token and the .gitignore choice', async () => {
    const sent = fakeXhr([{ status: 200, body: summary }])

    const outcome = await uploadArchive('ws1', file, { respectGitignore: false })

    expect(outcome).toEqual({ kind: 'imported', summary })
    expect(sent).toHaveLength(1)
    expect(sent[0].method).toBe('POST')
    expect(sent[0].url).toBe('/api/v1/workspaces/ws1/import?respectGitignore=false')
    expect(sent[0].headers.Authorization).toBe('Bearer old-token')
    expect((sent[0].body as FormData).get('file')).toBeInstanceOf(File)
  })

  test('a 202 answer gives the job to follow', async () => {
    fakeXhr([{ status: 202, body: { jobId: 'job-7', status: 'queued', location: '/api/v1/workspaces/ws1/import/job-7' } }])

    await expect(uploadArchive('ws1', file, { respectGitignore: true })).resolves.toEqual({ kind: 'queued', jobId: 'job-7' })
  })

  test('upload progress is reported as bytes sent of the whole body', async () => {
    fakeXhr([{ status: 200, body: summary, progress: [[10, 40], [40, 40]] }])
    const progress = vi.fn()

    await uploadArchive('ws1', file, { respectGitignore: true, onProgress: progress })

    expect(progress.mock.calls).toEqual([
      [10, 40],
      [40, 40],
    ])
  })

  test('an expired access token is renewed once through the refresh cookie and the upload sent again with the new one', async () => {
    const sent = fakeXhr([{ status: 401, body: { status: 401 } }, { status: 200, body: summary }])
    const fetch = vi.fn(async () => jsonResponse({ accessToken: 'new-token', tokenType: 'Bearer', expiresIn: 900 }))
    vi.stubGlobal('fetch', fetch)

    const outcome = await uploadArchive('ws1', file, { respectGitignore: true })

    expect(outcome.kind).toBe('imported')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer old-token', 'Bearer new-token'])
    expect(getAccessToken()).toBe('new-token')
  })

  test('a second 401 after a renewal is not retried again', async () => {
    const sent = fakeXhr([
      { status: 401, body: { status: 401 } },
      { status: 401, body: { status: 401 } },
    ])
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ accessToken: 'new-token' })))

    const error = await uploadArchive('ws1', file, { respectGitignore: true }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
    expect(sent).toHaveLength(2)
  })

  test('when the refresh cookie cannot renew the session, the session ends and the upload is not sent again', async () => {
    const sent = fakeXhr([{ status: 401, body: { status: 401 } }])
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ status: 401 }, 401)))
    const expired = vi.fn()
    const unsubscribe = onSessionExpired(expired)

    const error = await uploadArchive('ws1', file, { respectGitignore: true }).catch((e: unknown) => e)
    unsubscribe()

    expect(error).toBeInstanceOf(ApiError)
    expect(expired).toHaveBeenCalledTimes(1)
    expect(sent).toHaveLength(1)
  })

  test('a refused archive becomes an ApiError carrying the problem, its refused entries and the Retry-After wait', async () => {
    fakeXhr([
      {
        status: 503,
        body: { type: 'https://bujjicoder.dev/problems/scanner-unavailable', title: 'Virus scanner unavailable', status: 503, detail: 'down' },
        headers: { 'Retry-After': '30' },
      },
    ])

    const error = (await uploadArchive('ws1', file, { respectGitignore: true }).catch((e: unknown) => e)) as ApiError

    expect(error).toBeInstanceOf(ApiError)
    expect(error.kind).toBe('scanner-unavailable')
    expect(error.problem.retryAfterSeconds).toBe(30)
  })

  test('an unreachable Api is a TypeError, as with fetch, and cancelling is an AbortError', async () => {
    fakeXhr([{ status: 0 }])
    await expect(uploadArchive('ws1', file, { respectGitignore: true })).rejects.toBeInstanceOf(TypeError)

    fakeXhr([{ status: 200, body: summary }])
    const controller = new AbortController()
    const pending = uploadArchive('ws1', file, { respectGitignore: true, signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
