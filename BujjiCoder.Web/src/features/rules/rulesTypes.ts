// TODO(openapi): RulesResponse (BujjiCoder.Api/Workspaces/Rules/RulesEndpoints.cs)
export interface RulesResponse {
  text: string
  /** Null when the workspace has no rules yet. */
  etag: string | null
}
