/**
 * Raw file content travels as text with an ETag (the content hash), not as JSON, so these calls go through
 * rawFetch. Every write names the version it started from (If-Match) so nobody's save is silently lost.
 */
import { api, call, encodePath, rawFetch } from '../../api/client.ts'
import { ApiError } from '../../api/problems.ts'
import type { FileWritten, TreeEntry } from './filesTypes.ts'

export interface LoadedFile {
  text: string
  etag: string
  /** Binary files are kept by the Api but never edited here. */
  binary: boolean
}

const base = (ws: string) => `/api/v1/workspaces/${encodeURIComponent(ws)}`
export const fileUrl = (ws: string, path: string) => `${base(ws)}/files/${encodePath(path)}`

export function listDirectory(ws: string, dir: string, signal?: AbortSignal): Promise<TreeEntry[]> {
  return call(api.GET('/api/v1/workspaces/{ws}/tree', { params: { path: { ws }, query: dir ? { path: dir } : {} }, signal }))
}

export async function readFile(ws: string, path: string, signal?: AbortSignal): Promise<LoadedFile> {
  // no-store: the browser must not answer from its cache with an old body and an old ETag.
  const response = await rawFetch(fileUrl(ws, path), { signal, cache: 'no-store' })
  const binary = (response.headers.get('Content-Type') ?? '').startsWith('application/octet-stream')
  return { text: binary ? '' : await response.text(), etag: response.headers.get('ETag') ?? '', binary }
}

/** Replaces the file if it is still at <paramref name="etag"/>; a 412 {@link ApiError} when someone saved first. */
export async function writeFile(ws: string, path: string, text: string, etag: string): Promise<string> {
  return put(ws, path, text, { 'If-Match': etag })
}

/** Creates the file; a 412 when a file of that name already exists. */
export async function createFile(ws: string, path: string, text = ''): Promise<string> {
  return put(ws, path, text, { 'If-None-Match': '*' })
}

export async function deleteFile(ws: string, path: string, etag?: string): Promise<void> {
  await rawFetch(fileUrl(ws, path), { method: 'DELETE', headers: etag ? { 'If-Match': etag } : {} })
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412
}

async function put(ws: string, path: string, text: string, conditions: Record<string, string>): Promise<string> {
  const response = await rawFetch(fileUrl(ws, path), {
    method: 'PUT',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...conditions },
    body: text,
  })
  const header = response.headers.get('ETag')
  if (header) return header
  const written = (await response.json()) as FileWritten
  return written.etag
}
