/** Shapes of the composer and diff endpoints, mirroring the Api's C# records until the OpenAPI document declares them. */
import type { TurnUsage } from '../chat/chatTypes.ts'

// TODO(openapi): HunkConflict (BujjiCoder.Api/Workspaces/Diffs/HunkConflict.cs). hunk 0 = the file as a whole.
export interface HunkConflict {
  hunk: number
  expectedAtLine: number
  reason: string
  expected: string[]
  actual: string[]
}

// TODO(openapi): HunkOutcome (Workspaces/Diffs/HunkOutcome.cs)
export interface HunkOutcome {
  hunk: number
  appliedAtLine: number
  offset: number
  fuzz: number
}

// TODO(openapi): FilePreview (Workspaces/Diffs/DiffContracts.cs); status is added, deleted, modified or renamed.
export interface FilePreview {
  path: string
  oldPath: string | null
  status: string
  applies: boolean
  hunks: HunkOutcome[]
  conflicts: HunkConflict[]
  resultingText: string | null
}

// TODO(openapi): ComposerResponse (BujjiCoder.Api/Composer/ComposerEndpoints.cs)
export interface ComposerProposal {
  summary: string
  diff: string
  applies: boolean
  files: FilePreview[]
  usage: TurnUsage
}

// TODO(openapi): DiffApplied (DiffContracts.cs); revision is null when the diff changed nothing.
export interface DiffApplied {
  revision: string | null
  files: FilePreview[]
}

// TODO(openapi): TreeEntry (Workspaces/Files/FileContracts.cs)
export interface TreeEntry {
  path: string
  kind: 'file' | 'directory' | string
  size: number
}
