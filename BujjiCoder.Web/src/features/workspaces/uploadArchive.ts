/**
 * The archive upload. fetch cannot report how much of a request body has been sent, so this one request goes through
 * XMLHttpRequest, whose upload events drive the progress bar. It does what authFetch does for everything else: the
 * in-memory access token, renewed once through the refresh cookie on a 401 and the upload sent again.
 */
import { ApiError, problemFrom } from '../../api/problems.ts'
import { expireSession, getAccessToken, refreshSession } from '../../api/session.ts'
import type { ImportAccepted, ImportSummary } from './workspaceTypes.ts'

export type UploadOutcome = { kind: 'imported'; summary: ImportSummary } | { kind: 'queued'; jobId: string }

export interface UploadOptions {
  respectGitignore: boolean
  /** Bytes of the request body sent so far and in all. */
  onProgress?: (sent: number, total: number) => void
  signal?: AbortSignal
}

interface RawAnswer {
  status: number
  body: unknown
  retryAfter: string | null
}

function send(url: string, file: File, options: UploadOptions): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.responseType = 'text'
    const token = getAccessToken()
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total)
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        body = undefined
      }
      resolve({ status: xhr.status, body, retryAfter: xhr.getResponseHeader('Retry-After') })
    }
    // As fetch does: a failed connection is a TypeError (errorMessage says the Api is unreachable), a stop an AbortError.
    xhr.onerror = () => reject(new TypeError('The upload could not reach the Api.'))
    xhr.ontimeout = () => reject(new TypeError('The upload timed out.'))
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'))
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'))
      return
    }
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

/** Uploads an archive into a workspace: the summary when it was imported at once, or the job that is importing it. */
export async function uploadArchive(ws: string, file: File, options: UploadOptions): Promise<UploadOutcome> {
  const url = `/api/v1/workspaces/${encodeURIComponent(ws)}/import?respectGitignore=${options.respectGitignore}`
  let answer = await send(url, file, options)
  if (answer.status === 401) {
    if (!(await refreshSession())) {
      expireSession()
      throw toError(answer)
    }
    answer = await send(url, file, options)
  }
  if (answer.status === 200) return { kind: 'imported', summary: answer.body as ImportSummary }
  if (answer.status === 202) return { kind: 'queued', jobId: (answer.body as ImportAccepted).jobId }
  throw toError(answer)
}

function toError(answer: RawAnswer): ApiError {
  const headers = new Headers()
  if (answer.retryAfter) headers.set('Retry-After', answer.retryAfter)
  return new ApiError(problemFrom(new Response(null, { status: answer.status, headers }), answer.body))
}
