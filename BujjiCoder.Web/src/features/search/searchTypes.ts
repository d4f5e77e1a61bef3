/** Shapes of the search endpoint, mirroring the Api until the OpenAPI document declares them. */

export type SearchMode = 'text' | 'symbol'

// TODO(openapi): SearchHit (BujjiCoder.Api/Workspaces/Search/SearchContracts.cs)
export interface SearchHit {
  path: string
  /** 1-based. */
  line: number
  /** The line itself, trimmed. */
  snippet: string
  score: number
  /** Symbol mode: the definition's name and kind (class, method, …); null for plain mentions. */
  symbol?: string | null
  kind?: string | null
}

// TODO(openapi): the anonymous { query, mode, hits } answer of SearchEndpoints.SearchAsync
export interface SearchResponse {
  query: string
  mode: SearchMode
  hits: SearchHit[]
}
