/**
 * Shapes of the workspace endpoints, mirroring the Api's C# records until the OpenAPI document declares them.
 * Enums travel camelCase (the Api's StrictEnumConverter).
 */
import type { Schemas } from '../../api/types.ts'

export type WorkspaceRole = Schemas['WorkspaceRole']

// TODO(openapi): WorkspaceResponse (BujjiCoder.Api/Workspaces/WorkspaceContracts.cs)
export interface Workspace {
  id: string
  name: string
  description: string | null
  role: WorkspaceRole
  createdAt: string
  updatedAt: string
}

// TODO(openapi): PagedResult<T> (BujjiCoder.Api/Extensions/Paging.cs)
export interface Paged<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

// TODO(openapi): MemberResponse (WorkspaceContracts.cs); e-mail is shown when the Api sends it.
export interface Member {
  userId: string
  userName: string
  email?: string | null
  role: WorkspaceRole
  addedAt: string
}

// TODO(openapi): ImportEntry (Workspaces/Import/ImportContracts.cs)
export interface ImportEntry {
  path: string
  reason: string
}

// TODO(openapi): ImportSummary
export interface ImportSummary {
  revision: string | null
  imported: number
  bytes: number
  skippedCount: number
  /** Up to a cap; skippedCount is the real number. */
  skipped: ImportEntry[]
}

// TODO(openapi): ImportAccepted (202)
export interface ImportAccepted {
  jobId: string
  status: string
  location: string
}

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed'

// TODO(openapi): ImportJobResponse
export interface ImportJob {
  id: string
  status: ImportJobStatus
  bytesTotal: number
  bytesRead: number
  filesWritten: number
  createdAt: string
  updatedAt: string
  completedAt: string | null
  result: ImportSummary | null
  /** Problem details of a failed job (same shape as a refused synchronous import). */
  error: (Record<string, unknown> & { status?: number; type?: string; title?: string; detail?: string }) | null
}
