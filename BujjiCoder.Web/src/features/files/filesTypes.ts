/** Shapes of the file endpoints, mirroring the Api's C# records until the OpenAPI document declares them. */

// TODO(openapi): TreeEntry (BujjiCoder.Api/Workspaces/Files/FileContracts.cs)
export interface TreeEntry {
  /** Workspace-relative, '/'-separated: the full path, not only the name. */
  path: string
  kind: 'file' | 'dir'
  /** A file's bytes; a directory's total of the files below it. */
  size: number
  etag?: string | null
  language?: string | null
  binary?: boolean | null
  updatedBy?: string | null
  updatedAt?: string | null
}

// TODO(openapi): FileWritten (FileContracts.cs)
export interface FileWritten {
  path: string
  etag: string
  size: number
  revision: string | null
}

// TODO(openapi): CompletionItem / CompletionResponse (BujjiCoder.Api/Completion/CompletionContracts.cs)
export interface CompletionItem {
  text: string
  /** A symbol kind (function, method, class, …), "word", or "llm" for model-written code inserted as it is. */
  kind: string
  score: number
}

export interface CompletionResponse {
  items: CompletionItem[]
}

// TODO(openapi): WorkspaceResponse (BujjiCoder.Api/Workspaces/WorkspaceContracts.cs), only what this screen reads.
export interface WorkspaceSummary {
  id: string
  name: string
  role: 'viewer' | 'editor' | 'owner'
}
