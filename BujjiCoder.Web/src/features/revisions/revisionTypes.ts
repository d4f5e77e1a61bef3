/** Shapes of the history endpoints, mirroring the Api's C# records until the OpenAPI document declares them. */

// TODO(openapi): RevisionFileResponse (BujjiCoder.Api/Workspaces/Revisions/RevisionContracts.cs)
export interface RevisionFile {
  path: string
  change: 'added' | 'modified' | 'deleted' | string
  beforeHash: string | null
  afterHash: string | null
}

// TODO(openapi): RevisionResponse (RevisionContracts.cs); kind is camelCase RevisionKind (write, edit, diff, import, revert…).
export interface Revision {
  id: string
  number: number
  at: string
  authorId: string
  message: string
  kind: string
  revertOf: string | null
  /** All files of the revision; `files` holds at most the first 100 of them in a list. */
  fileCount: number
  files: RevisionFile[]
}

// TODO(openapi): MemberResponse (BujjiCoder.Api/Workspaces/WorkspaceContracts.cs), for authors' names.
export interface Member {
  userId: string
  userName: string
}
